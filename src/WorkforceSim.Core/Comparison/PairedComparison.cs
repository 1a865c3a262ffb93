using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Comparison;

/// <summary>
/// Statistics of a paired sample (alternative − base, replication by replication): the mean difference with its
/// Student-t 95% interval, and what independent runs of the same size would have given.
/// </summary>
/// <param name="N">Pairs where both values are defined.</param>
/// <param name="BaseMean">Mean of the base values.</param>
/// <param name="AltMean">Mean of the alternative values.</param>
/// <param name="DiffMean">Mean of the differences (alternative − base).</param>
/// <param name="DiffSd">Sample sd of the differences (0 when N = 1).</param>
/// <param name="DiffCiLow">DiffMean − t(0.975, N − 1)·DiffSd/√N.</param>
/// <param name="DiffCiHigh">DiffMean + t(0.975, N − 1)·DiffSd/√N.</param>
/// <param name="IndependentCiHalfWidth">Half-width of the 95% interval of the difference of means had the two runs
/// used independent random numbers: t(0.975, ν)·√((Var(a) + Var(b))/N), ν by Welch–Satterthwaite.</param>
/// <param name="VarianceReduction">(Var(a) + Var(b)) / Var(a − b): how many times fewer replications common random
/// numbers need for the same precision; +∞ when the differences do not vary but the runs do, NaN when nothing varies.</param>
public readonly record struct PairedStatistics(int N, double BaseMean, double AltMean, double DiffMean, double DiffSd,
    double DiffCiLow, double DiffCiHigh, double IndependentCiHalfWidth, double VarianceReduction)
{
    /// <summary>Half-width of the paired 95% interval.</summary>
    public double PairedCiHalfWidth => (DiffCiHigh - DiffCiLow) / 2;

    /// <summary>
    /// Pairs <paramref name="baseValues"/>[i] with <paramref name="altValues"/>[i], skipping pairs where either is NaN.
    /// Sums run in index order, so the same inputs always give the same bits. Null when no pair is defined.
    /// </summary>
    public static PairedStatistics? Of(ReadOnlySpan<double> baseValues, ReadOnlySpan<double> altValues)
    {
        if (baseValues.Length != altValues.Length) throw new ArgumentException("The samples must have the same length (one value per replication).");
        int n = 0;
        double sa = 0, sb = 0;
        for (int i = 0; i < baseValues.Length; i++)
        {
            double a = baseValues[i], b = altValues[i];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            n++;
            sa += a;
            sb += b;
        }
        if (n == 0) return null;
        double ma = sa / n, mb = sb / n;
        double sd = 0, va = 0, vb = 0;
        double sdd = 0;
        for (int i = 0; i < baseValues.Length; i++)
        {
            double a = baseValues[i], b = altValues[i];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            sdd += b - a;
        }
        double md = sdd / n;
        if (n > 1)
        {
            double ssa = 0, ssb = 0, ssd = 0;
            for (int i = 0; i < baseValues.Length; i++)
            {
                double a = baseValues[i], b = altValues[i];
                if (double.IsNaN(a) || double.IsNaN(b)) continue;
                ssa += (a - ma) * (a - ma);
                ssb += (b - mb) * (b - mb);
                double d = b - a - md;
                ssd += d * d;
            }
            va = ssa / (n - 1);
            vb = ssb / (n - 1);
            sd = Math.Sqrt(ssd / (n - 1));
        }
        double half = n > 1 ? SampleStatistics.StudentT975(n - 1) * sd / Math.Sqrt(n) : 0;
        double indHalf = 0;
        if (n > 1 && va + vb > 0)
        {
            double se2 = (va + vb) / n;
            double welch = se2 * se2 / ((va / n) * (va / n) / (n - 1) + (vb / n) * (vb / n) / (n - 1));
            int df = Math.Max(1, (int)Math.Floor(welch));
            indHalf = SampleStatistics.StudentT975(df) * Math.Sqrt(se2);
        }
        double vd = sd * sd;
        double vr = vd > 0 ? (va + vb) / vd : va + vb > 0 ? double.PositiveInfinity : double.NaN;
        return new PairedStatistics(n, ma, mb, md, sd, md - half, md + half, indHalf, vr);
    }
}

/// <summary>One row of <c>differences.csv</c>: a metric in a year, alternative − base, paired by replication.</summary>
/// <param name="Alternative">Label of the alternative (its scenario id, or id#k when ids repeat).</param>
/// <param name="Year">Calendar year.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Stats">The paired statistics.</param>
public sealed record DifferenceRow(string Alternative, int Year, string Metric, PairedStatistics Stats);

/// <summary>A key indicator's paired difference (alternative − base).</summary>
/// <param name="Alternative">Label of the alternative.</param>
/// <param name="Id">Indicator id.</param>
/// <param name="Label">Human label.</param>
/// <param name="Unit">Unit word.</param>
/// <param name="Stats">The paired statistics of the per-replication indicator values.</param>
public sealed record KeyDifference(string Alternative, string Id, string Label, string Unit, PairedStatistics Stats);

/// <summary>
/// Paired differences between runs made with the same seed and replication count (common random numbers): every
/// replication of the alternative is compared with the same replication of the base.
/// </summary>
public static class PairedComparison
{
    /// <summary>
    /// Rows by year, then metric (the base catalog's order; metrics the alternative lacks are skipped). Cells defined
    /// in no pair are skipped. Years are matched by calendar year.
    /// </summary>
    public static ImmutableArray<DifferenceRow> Yearly(RunResult baseRun, RunResult alt, string alternative)
    {
        Check(baseRun, alt);
        var rows = ImmutableArray.CreateBuilder<DifferenceRow>();
        int n = baseRun.Replications.Length;
        var a = new double[n];
        var b = new double[n];
        foreach (var c in AlignedCells(baseRun.Spec, baseRun.Metrics, alt.Spec, alt.Metrics))
        {
            for (int r = 0; r < n; r++)
            {
                a[r] = baseRun.Replications[r][c.Metric, c.T];
                b[r] = alt.Replications[r][c.AltMetric, c.AltT];
            }
            if (PairedStatistics.Of(a, b) is { } s) rows.Add(new DifferenceRow(alternative, c.Year, c.Name, s));
        }
        return rows.ToImmutable();
    }

    /// <summary>A (year, metric) cell of a base run and the same cell of an alternative.</summary>
    internal readonly record struct AlignedCell(int Year, string Name, int Metric, int T, int AltMetric, int AltT);

    /// <summary>The cells two runs share, by year then metric (the base catalog's order): years matched by calendar
    /// year, metrics by name; cells the alternative lacks are skipped.</summary>
    internal static IEnumerable<AlignedCell> AlignedCells(ScenarioSpec baseSpec, MetricCatalog baseMetrics, ScenarioSpec altSpec, MetricCatalog altMetrics)
    {
        for (int t = 0; t < baseSpec.Years; t++)
        {
            int year = baseSpec.StartYear + t;
            int ta = year - altSpec.StartYear;
            if (ta < 0 || ta >= altSpec.Years) continue;
            for (int m = 0; m < baseMetrics.Count; m++)
            {
                string name = baseMetrics.Names[m];
                int ma = altMetrics.IndexOf(name);
                if (ma >= 0) yield return new AlignedCell(year, name, m, t, ma, ta);
            }
        }
    }

    /// <summary>The key indicators (Summarizer's definitions), paired by replication.</summary>
    public static ImmutableArray<KeyDifference> KeyIndicators(RunResult baseRun, RunResult alt, string alternative)
    {
        Check(baseRun, alt);
        var altSamples = Summarizer.IndicatorSamples(alt).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<KeyDifference>();
        foreach (var bs in Summarizer.IndicatorSamples(baseRun))
        {
            if (!altSamples.TryGetValue(bs.Id, out var asample)) continue;
            if (PairedStatistics.Of(bs.PerReplication.AsSpan(), asample.PerReplication.AsSpan()) is { } s)
                result.Add(new KeyDifference(alternative, bs.Id, bs.Label, bs.Unit, s));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// The paired statistics of one metric reduced per replication to its mean over the years where it is defined
    /// (the quantity <c>--replications auto</c> drives to a target precision). Null when undefined.
    /// </summary>
    public static PairedStatistics? MeanOverYears(RunResult baseRun, RunResult alt, string metric)
    {
        Check(baseRun, alt);
        int mb = baseRun.Metrics.IndexOf(metric), ma = alt.Metrics.IndexOf(metric);
        if (mb < 0 || ma < 0) return null;
        int n = baseRun.Replications.Length;
        var a = new double[n];
        var b = new double[n];
        for (int r = 0; r < n; r++)
        {
            a[r] = MeanOver(baseRun.Replications[r], mb);
            b[r] = MeanOver(alt.Replications[r], ma);
        }
        return PairedStatistics.Of(a, b);
    }

    private static double MeanOver(ReplicationResult rep, int metric)
    {
        double sum = 0;
        int k = 0;
        for (int t = 0; t < rep.Years; t++)
        {
            double v = rep[metric, t];
            if (double.IsNaN(v)) continue;
            sum += v;
            k++;
        }
        return k == 0 ? double.NaN : sum / k;
    }

    private static void Check(RunResult baseRun, RunResult alt)
    {
        ArgumentNullException.ThrowIfNull(baseRun);
        ArgumentNullException.ThrowIfNull(alt);
        if (baseRun.Replications.Length != alt.Replications.Length)
            throw new ArgumentException($"Paired comparison needs the same replications in both runs ({baseRun.Replications.Length} vs {alt.Replications.Length}).");
        if (baseRun.Spec.Seed != alt.Spec.Seed)
            throw new ArgumentException($"Paired comparison needs the same seed in both runs ({baseRun.Spec.Seed} vs {alt.Spec.Seed}).");
    }
}
