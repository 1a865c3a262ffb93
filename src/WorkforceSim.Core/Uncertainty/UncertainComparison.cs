using System.Collections.Immutable;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>
/// A key indicator's difference (alternative − base) under parameter uncertainty: the expected difference with its
/// 95% confidence interval, its decomposition and intervals, and the probability that the alternative is better.
/// </summary>
/// <param name="Alternative">Label of the alternative.</param>
/// <param name="Id">Indicator id.</param>
/// <param name="Label">Human label.</param>
/// <param name="Unit">Unit word.</param>
/// <param name="Better">Direction of "better", or null when the indicator has none.</param>
/// <param name="Stats">Paired statistics over all worlds and replications (crossed-design interval).</param>
/// <param name="Difference">Decomposition and intervals of the per-(world, replication) difference.</param>
/// <param name="ProbabilityOfBenefit">Share of worlds whose mean difference favours the alternative (a world with
/// exactly no difference counts one half); NaN when the indicator has no direction.</param>
/// <param name="Worlds">Worlds in which the difference is defined.</param>
/// <param name="WorldDifferences">The mean difference in each world (NaN where undefined).</param>
public sealed record BenefitRow(string Alternative, string Id, string Label, string Unit, Better? Better, PairedStatistics Stats,
    OutcomeUncertainty Difference, double ProbabilityOfBenefit, int Worlds, ImmutableArray<double> WorldDifferences);

/// <summary>A per-unit cost ratio's status (docs/uncertainty.md, "Cost-effectiveness").</summary>
public enum CostEffectStatus
{
    /// <summary>More effect at more cost: the ratio is the added cost per extra unit.</summary>
    Defined,
    /// <summary>More effect at no added cost (it saves money): no price is paid per unit.</summary>
    Dominant,
    /// <summary>Less effect at no lower cost: it costs more and does worse.</summary>
    Dominated,
    /// <summary>Less effect at lower cost: the ratio is the saving per unit lost.</summary>
    CheaperButWorse,
    /// <summary>The effect is not distinguishable from zero (Fieller's interval is unbounded): no ratio is reported.</summary>
    NotDefined,
}

/// <summary>One effect whose price <c>wsim compare</c> reports.</summary>
/// <param name="Id">Stable id: <c>teachers_retained</c>, <c>top_quintile_retained</c>, <c>vacancies_avoided</c>.</param>
/// <param name="Label">Human label ("extra teacher retained").</param>
/// <param name="Unit">Unit of one ("teacher").</param>
public sealed record CostEffect(string Id, string Label, string Unit)
{
    /// <summary>Exits avoided over the horizon: Σ_years (exits of the base − exits of the alternative).</summary>
    public static readonly CostEffect TeachersRetained = new("teachers_retained", "extra teacher retained", "teacher");
    /// <summary>Exits of top-quintile teachers avoided over the horizon (see <see cref="UncertainComparison.TopQuintileExits"/>).</summary>
    public static readonly CostEffect TopQuintileRetained = new("top_quintile_retained", "extra top-quintile teacher retained", "teacher");
    /// <summary>Unfilled vacancies avoided: Σ_years (vacancies_unfilled of the base − of the alternative), position-years.</summary>
    public static readonly CostEffect VacanciesAvoided = new("vacancies_avoided", "avoided vacancy", "position-year");
    /// <summary>The three, in report order.</summary>
    public static readonly ImmutableArray<CostEffect> All = [TeachersRetained, TopQuintileRetained, VacanciesAvoided];
}

/// <summary>
/// Added cost per unit of an effect for one alternative: ratio of means ΔC̄ / ΔĒ over all worlds and replications,
/// Fieller's 95% interval (with the crossed-design variances and covariance of the two means), and the spread of the
/// ratio over worlds (parameter uncertainty).
/// </summary>
/// <param name="Alternative">Label of the alternative.</param>
/// <param name="Effect">The effect.</param>
/// <param name="DeltaCost">Mean added cost over the horizon (currency; Σ_years Δcost.total).</param>
/// <param name="DeltaCostCi">95% CI of <paramref name="DeltaCost"/>.</param>
/// <param name="DeltaEffect">Mean extra units over the horizon.</param>
/// <param name="DeltaEffectCi">95% CI of <paramref name="DeltaEffect"/>.</param>
/// <param name="Status">How to read the ratio.</param>
/// <param name="Ratio">ΔC̄ / ΔĒ when <paramref name="Status"/> is Defined or CheaperButWorse, else NaN.</param>
/// <param name="RatioCi">Fieller's 95% interval of the ratio (NaN when not defined).</param>
/// <param name="WorldRatio">2.5th–97.5th percentiles of the world ratios ΔC̄_w / ΔĒ_w when every world has ΔĒ_w &gt; 0, else NaN.</param>
/// <param name="MoreEffectMoreCost">Share of worlds with ΔĒ_w &gt; 0 and ΔC̄_w &gt; 0.</param>
/// <param name="MoreEffectLessCost">Share of worlds with ΔĒ_w &gt; 0 and ΔC̄_w ≤ 0 (dominant in that world).</param>
/// <param name="LessEffectMoreCost">Share of worlds with ΔĒ_w ≤ 0 and ΔC̄_w &gt; 0 (dominated in that world).</param>
/// <param name="LessEffectLessCost">Share of worlds with ΔĒ_w ≤ 0 and ΔC̄_w ≤ 0.</param>
public sealed record CostEffectivenessRow(string Alternative, CostEffect Effect, double DeltaCost, Interval DeltaCostCi,
    double DeltaEffect, Interval DeltaEffectCi, CostEffectStatus Status, double Ratio, Interval RatioCi, Interval WorldRatio,
    double MoreEffectMoreCost, double MoreEffectLessCost, double LessEffectMoreCost, double LessEffectLessCost);

/// <summary>One world's mean added cost and effects for an alternative (the points of the cost-effectiveness chart).</summary>
/// <param name="Alternative">Label of the alternative.</param>
/// <param name="World">World index.</param>
/// <param name="DeltaCost">Mean over the world's replications of Σ_years Δcost.total.</param>
/// <param name="DeltaEffects">Mean extra units of each <see cref="CostEffect.All"/> effect, in that order.</param>
public sealed record WorldCostEffect(string Alternative, int World, double DeltaCost, ImmutableArray<double> DeltaEffects);

/// <summary>Comparisons of nested runs: every (world, replication) of the alternative paired with the same of the base.</summary>
public static class UncertainComparison
{
    /// <summary>
    /// Paired statistics of two world-major W×R tables: the mean difference with the crossed-design 95% interval
    /// (<see cref="CrossedDesign"/>), sd √(parameter + noise variance of the difference), the half-width two
    /// independent nested runs would have had, t·√(Var(ā) + Var(b̄)), and the variance reduction
    /// (Var(ā) + Var(b̄)) / Var(d̄). Pairs undefined on either side are dropped. Null when no pair is defined.
    /// </summary>
    public static PairedStatistics? Paired(ReadOnlySpan<double> baseValues, ReadOnlySpan<double> altValues, int worlds, int replications)
    {
        var d = Differences(baseValues, altValues);
        var a = baseValues.ToArray();
        var b = altValues.ToArray();
        for (int i = 0; i < d.Length; i++)
            if (double.IsNaN(d[i])) a[i] = b[i] = double.NaN;
        if (CrossedDesign.Of(d, worlds, replications) is not { } cd) return null;
        var ca = CrossedDesign.Of(a, worlds, replications)!.Value;
        var cb = CrossedDesign.Of(b, worlds, replications)!.Value;
        int n = d.Count(v => !double.IsNaN(v));
        double sd = double.IsNaN(cd.TotalVariance) ? 0 : Math.Sqrt(cd.TotalVariance);
        double half = cd.MeanCiHalfWidth;
        double vi = ca.MeanVariance + cb.MeanVariance;
        double indHalf = vi > 0 ? SampleStatistics.StudentT975(Math.Max(1, (int)Math.Floor(Math.Min(1e6, Satterthwaite(ca, cb))))) * Math.Sqrt(vi) : 0;
        double vr = cd.MeanVariance > 0 ? vi / cd.MeanVariance : vi > 0 ? double.PositiveInfinity : double.NaN;
        return new PairedStatistics(n, ca.Mean, cb.Mean, cd.Mean, sd, cd.Mean - half, cd.Mean + half, indHalf, vr);
    }

    private static double Satterthwaite(VarianceComponents a, VarianceComponents b)
    {
        double num = (a.MeanVariance + b.MeanVariance) * (a.MeanVariance + b.MeanVariance);
        double den = a.MeanVariance * a.MeanVariance / a.MeanDegreesOfFreedom + b.MeanVariance * b.MeanVariance / b.MeanDegreesOfFreedom;
        return den > 0 ? num / den : 1;
    }

    /// <summary>Alternative − base, element by element (NaN where either is NaN).</summary>
    public static double[] Differences(ReadOnlySpan<double> baseValues, ReadOnlySpan<double> altValues)
    {
        if (baseValues.Length != altValues.Length) throw new ArgumentException("The tables must have the same shape.");
        var d = new double[baseValues.Length];
        for (int i = 0; i < d.Length; i++) d[i] = altValues[i] - baseValues[i];
        return d;
    }

    /// <summary>Rows by year, then metric (the base's catalog order), as in <see cref="PairedComparison.Yearly"/>.</summary>
    public static ImmutableArray<DifferenceRow> Yearly(NestedRunResult baseRun, NestedRunResult alt, string alternative)
    {
        Check(baseRun, alt);
        var rows = ImmutableArray.CreateBuilder<DifferenceRow>();
        int w = baseRun.WorldCount, r = baseRun.Replications;
        foreach (var c in PairedComparison.AlignedCells(baseRun.Nominal, baseRun.Metrics, alt.Nominal, alt.Metrics))
            if (Paired(baseRun.Table(c.Metric, c.T), alt.Table(c.AltMetric, c.AltT), w, r) is { } s)
                rows.Add(new DifferenceRow(alternative, c.Year, c.Name, s));
        return rows.ToImmutable();
    }

    /// <summary>The key indicators: paired statistics, decomposition of the difference and probability of benefit.</summary>
    public static ImmutableArray<BenefitRow> KeyIndicators(NestedRunResult baseRun, NestedRunResult alt, string alternative)
    {
        Check(baseRun, alt);
        int w = baseRun.WorldCount, r = baseRun.Replications;
        var baseWorlds = baseRun.Worlds.Select(Summarizer.IndicatorSamples).ToList();
        var altWorlds = alt.Worlds.Select(Summarizer.IndicatorSamples).ToList();
        var result = ImmutableArray.CreateBuilder<BenefitRow>();
        foreach (var sample in baseWorlds[0])
        {
            if (!altWorlds[0].Any(s => s.Id == sample.Id)) continue;
            var a = NestedSummarizer.Table(baseWorlds, sample.Id, w, r);
            var b = NestedSummarizer.Table(altWorlds, sample.Id, w, r);
            if (Paired(a, b, w, r) is not { } stats) continue;
            var d = Differences(a, b);
            var u = OutcomeUncertainty.Of(d, w, r)!;
            var worldDiffs = NestedSummarizer.WorldMeans(d, w, r);
            var better = BetterDirection.For(sample.Id);
            result.Add(new BenefitRow(alternative, sample.Id, sample.Label, sample.Unit, better, stats, u,
                better is { } dir ? ProbabilityOfBenefit(worldDiffs, dir) : double.NaN, worldDiffs.Count(v => !double.IsNaN(v)), [.. worldDiffs]));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Share of worlds whose mean difference (alternative − base) is better in direction <paramref name="better"/>;
    /// a world with a difference of exactly 0 counts one half, so identical scenarios give exactly 0.5. NaN when no
    /// world is defined.
    /// </summary>
    public static double ProbabilityOfBenefit(IReadOnlyList<double> worldDifferences, Better better)
    {
        ArgumentNullException.ThrowIfNull(worldDifferences);
        double score = 0;
        int n = 0;
        foreach (double d in worldDifferences)
        {
            if (double.IsNaN(d)) continue;
            n++;
            double signed = better == Better.Higher ? d : -d;
            score += signed > 0 ? 1 : signed == 0 ? 0.5 : 0;
        }
        return n == 0 ? double.NaN : score / n;
    }

    /// <summary>
    /// Exits of top-quintile teachers in a replication, summed over the years: in year t, (1 − retention.top_quintile)
    /// × the top fifth of the start-of-year headcount, n − ⌊4n/5⌋ with n = headcount − hires + exits (the engine's own
    /// quintile count when no two teachers tie at the cut).
    /// </summary>
    public static double TopQuintileExits(ReplicationResult rep)
    {
        ArgumentNullException.ThrowIfNull(rep);
        double sum = 0;
        for (int t = 0; t < rep.Years; t++)
        {
            double retained = rep[MetricCatalog.RetentionTopQuintile, t];
            if (double.IsNaN(retained)) continue;
            double start = rep[MetricCatalog.Headcount, t] - rep[MetricCatalog.Hires, t] + rep[MetricCatalog.Exits, t];
            double top = start - Math.Floor(4 * start / 5);
            sum += Math.Round((1 - retained) * top);
        }
        return sum;
    }

    /// <summary>Σ over the years where it is defined of a metric in a replication.</summary>
    public static double SumOverYears(ReplicationResult rep, int metric)
    {
        ArgumentNullException.ThrowIfNull(rep);
        double sum = 0;
        for (int t = 0; t < rep.Years; t++)
        {
            double v = rep[metric, t];
            if (!double.IsNaN(v)) sum += v;
        }
        return sum;
    }

    /// <summary>The added cost and the three effects in every (world, replication), world-major.</summary>
    private static (double[] Cost, double[][] Effects) CostAndEffects(NestedRunResult baseRun, NestedRunResult alt)
    {
        int w = baseRun.WorldCount, r = baseRun.Replications;
        var cost = new double[w * r];
        var effects = CostEffect.All.Select(_ => new double[w * r]).ToArray();
        for (int i = 0; i < w; i++)
            for (int j = 0; j < r; j++)
            {
                var b = baseRun.Worlds[i].Replications[j];
                var a = alt.Worlds[i].Replications[j];
                int k = i * r + j;
                cost[k] = SumOverYears(a, MetricCatalog.CostTotal) - SumOverYears(b, MetricCatalog.CostTotal);
                effects[0][k] = SumOverYears(b, MetricCatalog.Exits) - SumOverYears(a, MetricCatalog.Exits);
                effects[1][k] = TopQuintileExits(b) - TopQuintileExits(a);
                effects[2][k] = SumOverYears(b, MetricCatalog.VacanciesUnfilled) - SumOverYears(a, MetricCatalog.VacanciesUnfilled);
            }
        return (cost, effects);
    }

    /// <summary>
    /// The added cost and effects of every replication of a single-world comparison (no uncertain parameter): the
    /// points of its cost-effectiveness plane, one per replication (<see cref="WorldCostEffect.World"/> holds the replication).
    /// </summary>
    public static ImmutableArray<WorldCostEffect> ReplicationPoints(NestedRunResult baseRun, NestedRunResult alt, string alternative)
    {
        Check(baseRun, alt);
        var (cost, effects) = CostAndEffects(baseRun, alt);
        return [.. Enumerable.Range(0, cost.Length).Select(i => new WorldCostEffect(alternative, i, cost[i], [.. effects.Select(x => x[i])]))];
    }

    /// <summary>The world means of the added cost and effects: the points of the cost-effectiveness plane.</summary>
    public static ImmutableArray<WorldCostEffect> WorldPoints(NestedRunResult baseRun, NestedRunResult alt, string alternative)
    {
        Check(baseRun, alt);
        int w = baseRun.WorldCount, r = baseRun.Replications;
        var (cost, effects) = CostAndEffects(baseRun, alt);
        var c = NestedSummarizer.WorldMeans(cost, w, r);
        var e = effects.Select(x => NestedSummarizer.WorldMeans(x, w, r)).ToArray();
        return [.. Enumerable.Range(0, w).Select(i => new WorldCostEffect(alternative, i, c[i], [.. e.Select(x => x[i])]))];
    }

    /// <summary>Added cost per extra teacher retained, per extra top-quintile teacher retained and per avoided vacancy.</summary>
    public static ImmutableArray<CostEffectivenessRow> CostEffectiveness(NestedRunResult baseRun, NestedRunResult alt, string alternative)
    {
        Check(baseRun, alt);
        int w = baseRun.WorldCount, r = baseRun.Replications;
        var (cost, effects) = CostAndEffects(baseRun, alt);
        var result = ImmutableArray.CreateBuilder<CostEffectivenessRow>();
        for (int k = 0; k < CostEffect.All.Length; k++)
            result.Add(Ratio(alternative, CostEffect.All[k], cost, effects[k], w, r));
        return result.ToImmutable();
    }

    /// <summary>
    /// The ratio of means and its Fieller interval: the set of ρ with (ā − ρb̄)² ≤ t²·Var(ā − ρb̄), which is a bounded
    /// interval exactly when b̄²/Var(b̄) &gt; t² (the effect is distinguishable from zero); otherwise it is unbounded and
    /// the ratio is reported as not defined rather than as a huge number.
    /// </summary>
    public static CostEffectivenessRow Ratio(string alternative, CostEffect effect, double[] cost, double[] units, int worlds, int replications)
    {
        var cc = CrossedDesign.Of(cost, worlds, replications)!.Value;
        var ce = CrossedDesign.Of(units, worlds, replications)!.Value;
        double a = cc.Mean, b = ce.Mean, v11 = cc.MeanVariance, v22 = ce.MeanVariance;
        double v12 = CrossedDesign.MeanCovariance(cost, units, worlds, replications);
        double tc = cc.MeanCiHalfWidth, te = ce.MeanCiHalfWidth;
        double t = SampleStatistics.StudentT975(Math.Max(1, (int)Math.Floor(Math.Min(1e6, double.IsNaN(ce.MeanDegreesOfFreedom) ? 1e6 : ce.MeanDegreesOfFreedom))));
        double t2 = t * t;

        CostEffectStatus status;
        double ratio = double.NaN;
        var ci = Interval.None;
        double qa = b * b - t2 * v22;
        bool bounded = b != 0 && qa > 0;
        if (!bounded) status = CostEffectStatus.NotDefined;
        else
        {
            status = (b > 0, a > 0) switch
            {
                (true, true) => CostEffectStatus.Defined,
                (true, false) => CostEffectStatus.Dominant,
                (false, true) => CostEffectStatus.Dominated,
                (false, false) => CostEffectStatus.CheaperButWorse,
            };
            if (a == 0 && b > 0) status = CostEffectStatus.Dominant;
            if (status is CostEffectStatus.Defined or CostEffectStatus.CheaperButWorse)
            {
                ratio = a / b;
                double qb = a * b - t2 * v12;
                double qc = a * a - t2 * v11;
                double disc = Math.Max(0, qb * qb - qa * qc);
                double root = Math.Sqrt(disc);
                ci = new Interval((qb - root) / qa, (qb + root) / qa);
            }
        }

        var wc = NestedSummarizer.WorldMeans(cost, worlds, replications);
        var we = NestedSummarizer.WorldMeans(units, worlds, replications);
        int n = 0, ne = 0, se = 0, nw = 0, sw = 0;
        var ratios = new List<double>();
        for (int i = 0; i < worlds; i++)
        {
            if (double.IsNaN(wc[i]) || double.IsNaN(we[i])) continue;
            n++;
            if (we[i] > 0) { if (wc[i] > 0) ne++; else se++; ratios.Add(wc[i] / we[i]); }
            else if (wc[i] > 0) nw++;
            else sw++;
        }
        // With one world (no uncertain parameter) there is no spread over worlds to report.
        var worldRatio = n > 1 && ratios.Count == n ? OutcomeUncertainty.Percentiles(ratios) : Interval.None;
        double Share(int k) => n < 2 ? double.NaN : (double)k / n;
        return new CostEffectivenessRow(alternative, effect, a, new Interval(a - tc, a + tc), b, new Interval(b - te, b + te),
            status, ratio, ci, worldRatio, Share(ne), Share(se), Share(nw), Share(sw));
    }

    private static void Check(NestedRunResult baseRun, NestedRunResult alt)
    {
        ArgumentNullException.ThrowIfNull(baseRun);
        ArgumentNullException.ThrowIfNull(alt);
        if (baseRun.WorldCount != alt.WorldCount || baseRun.Replications != alt.Replications)
            throw new ArgumentException($"Paired comparison needs the same worlds and replications ({baseRun.WorldCount}×{baseRun.Replications} vs {alt.WorldCount}×{alt.Replications}).");
        if (baseRun.Nominal.Seed != alt.Nominal.Seed)
            throw new ArgumentException($"Paired comparison needs the same seed in both runs ({baseRun.Nominal.Seed} vs {alt.Nominal.Seed}).");
    }
}
