using System.Collections.Immutable;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>A 95% interval.</summary>
/// <param name="Low">2.5th percentile.</param>
/// <param name="High">97.5th percentile.</param>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>No interval.</summary>
    public static readonly Interval None = new(double.NaN, double.NaN);
}

/// <summary>
/// An outcome's uncertainty in a nested run: its variance split into the parameter part and the noise part, and
/// three 95% intervals (docs/uncertainty.md): <see cref="Total"/> — the 2.5th–97.5th percentiles of all W·R values
/// (what one realization of the district could look like, parameters unknown); <see cref="Parameters"/> — the
/// percentiles of the W world means (the expected outcome as the parameters range over their distributions);
/// <see cref="Noise"/> — the percentiles of the within-world deviations y − world mean, added to the grand mean (the
/// spread of one realization were the parameters known).
/// </summary>
/// <param name="Components">Variance components and the precision of the mean.</param>
/// <param name="Total">Interval of a realization, both sources.</param>
/// <param name="Parameters">Interval due to parameter uncertainty.</param>
/// <param name="Noise">Interval due to Monte Carlo noise (the district's own randomness).</param>
public sealed record OutcomeUncertainty(VarianceComponents Components, Interval Total, Interval Parameters, Interval Noise)
{
    /// <summary>Decomposes a world-major W×R table (NaN where undefined; see <see cref="CrossedDesign.Of"/>). Null when nothing is defined.</summary>
    public static OutcomeUncertainty? Of(ReadOnlySpan<double> values, int worlds, int replications)
    {
        if (CrossedDesign.Of(values, worlds, replications) is not { } c) return null;
        var all = new List<double>(values.Length);
        var worldMeans = new List<double>(worlds);
        var deviations = new List<double>(values.Length);
        for (int w = 0; w < worlds; w++)
        {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < replications; r++)
            {
                double v = values[w * replications + r];
                if (double.IsNaN(v)) continue;
                all.Add(v);
                sum += v;
                n++;
            }
            if (n == 0) continue;
            double m = sum / n;
            worldMeans.Add(m);
            for (int r = 0; r < replications; r++)
            {
                double v = values[w * replications + r];
                if (!double.IsNaN(v)) deviations.Add(c.Mean + (v - m));
            }
        }
        return new OutcomeUncertainty(c, Percentiles(all), Percentiles(worldMeans), replications > 1 ? Percentiles(deviations) : Interval.None);
    }

    /// <summary>The 2.5th and 97.5th percentiles (R type 7) of a sample.</summary>
    public static Interval Percentiles(IReadOnlyCollection<double> sample)
    {
        if (sample.Count == 0) return Interval.None;
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        return new Interval(SampleStatistics.QuantileR7(sorted, 0.025), SampleStatistics.QuantileR7(sorted, 0.975));
    }
}

/// <summary>One row of <c>uncertainty.csv</c>: a metric in a year.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="Uncertainty">Its decomposition and intervals.</param>
public sealed record UncertaintyRow(int Year, string Metric, OutcomeUncertainty Uncertainty);

/// <summary>A key indicator of a nested run: the usual indicator (mean and 95% CI of the mean) and its uncertainty.</summary>
/// <param name="Indicator">Mean over all worlds and replications with the 95% confidence interval of that mean.</param>
/// <param name="Uncertainty">Decomposition and intervals of the per-replication indicator values.</param>
/// <param name="WorldMeans">The indicator's mean in each world (NaN where undefined in every replication of it).</param>
public sealed record KeyIndicatorUncertainty(KeyIndicator Indicator, OutcomeUncertainty Uncertainty, ImmutableArray<double> WorldMeans);

/// <summary>Everything aggregated from a nested run.</summary>
/// <param name="Summary">The run summary in the single-run shape (yearly rows over all worlds and replications,
/// pooled survival, key indicators with the CI of the grand mean), so the run writers and report work unchanged.</param>
/// <param name="Uncertainty">Per year and metric, the decomposition and intervals.</param>
/// <param name="KeyIndicators">Per key indicator, the decomposition, intervals and world means.</param>
public sealed record NestedSummary(RunSummary Summary, ImmutableArray<UncertaintyRow> Uncertainty,
    ImmutableArray<KeyIndicatorUncertainty> KeyIndicators);

/// <summary>Aggregates a <see cref="NestedRunResult"/> (pure and deterministic: sums run in world, then replication order).</summary>
public static class NestedSummarizer
{
    /// <summary>
    /// The summary: <c>yearly.csv</c> rows whose mean is the grand mean, sd √(parameter + noise variance), interval the
    /// 95% CI of the grand mean under the crossed design, and percentiles over all W·R values; the uncertainty rows;
    /// the key indicators; Kaplan–Meier retention pooled over every world and replication.
    /// </summary>
    public static NestedSummary Summarize(NestedRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        int years = run.Nominal.Years, w = run.WorldCount, r = run.Replications;
        var names = run.Metrics.Names;
        var yearly = ImmutableArray.CreateBuilder<YearlyRow>();
        var rows = ImmutableArray.CreateBuilder<UncertaintyRow>();
        for (int t = 0; t < years; t++)
            for (int m = 0; m < names.Length; m++)
            {
                var table = run.Table(m, t);
                if (OutcomeUncertainty.Of(table, w, r) is not { } u) continue;
                int year = run.Nominal.StartYear + t;
                yearly.Add(Yearly(year, names[m], table, u));
                rows.Add(new UncertaintyRow(year, names[m], u));
            }

        var keys = KeyIndicators(run);
        var summary = new RunSummary(yearly.ToImmutable(), KaplanMeier.Estimate(run.Pooled().Replications), [.. keys.Select(k => k.Indicator)]);
        return new NestedSummary(summary, rows.ToImmutable(), keys);
    }

    /// <summary>The key indicators: per world the per-replication values of <see cref="Summarizer.IndicatorSamples"/>, decomposed.</summary>
    public static ImmutableArray<KeyIndicatorUncertainty> KeyIndicators(NestedRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        int w = run.WorldCount, r = run.Replications;
        var perWorld = run.Worlds.Select(Summarizer.IndicatorSamples).ToList();
        var result = ImmutableArray.CreateBuilder<KeyIndicatorUncertainty>();
        foreach (var sample in perWorld[0])
        {
            var table = Table(perWorld, sample.Id, w, r);
            if (OutcomeUncertainty.Of(table, w, r) is not { } u) continue;
            var c = u.Components;
            double half = c.MeanCiHalfWidth;
            var indicator = new KeyIndicator(sample.Id, sample.Label, sample.Unit, c.Mean, c.Mean - half, c.Mean + half);
            result.Add(new KeyIndicatorUncertainty(indicator, u, [.. WorldMeans(table, w, r)]));
        }
        return result.ToImmutable();
    }

    /// <summary>An indicator's per-replication values of every world, world-major.</summary>
    internal static double[] Table(IReadOnlyList<ImmutableArray<IndicatorSample>> perWorld, string id, int worlds, int replications)
    {
        var table = new double[worlds * replications];
        for (int w = 0; w < worlds; w++)
        {
            var s = perWorld[w].First(x => x.Id == id).PerReplication;
            for (int j = 0; j < replications; j++) table[w * replications + j] = s[j];
        }
        return table;
    }

    /// <summary>Mean of each world's defined values (NaN for a world with none).</summary>
    public static double[] WorldMeans(ReadOnlySpan<double> table, int worlds, int replications)
    {
        var means = new double[worlds];
        for (int w = 0; w < worlds; w++)
        {
            double sum = 0;
            int n = 0;
            for (int j = 0; j < replications; j++)
            {
                double v = table[w * replications + j];
                if (double.IsNaN(v)) continue;
                sum += v;
                n++;
            }
            means[w] = n == 0 ? double.NaN : sum / n;
        }
        return means;
    }

    private static YearlyRow Yearly(int year, string metric, double[] table, OutcomeUncertainty u)
    {
        var defined = table.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(defined);
        var c = u.Components;
        double sd = double.IsNaN(c.TotalVariance) ? 0 : Math.Sqrt(c.TotalVariance);
        double half = c.MeanCiHalfWidth;
        return new YearlyRow(year, metric, defined.Length, c.Mean, sd, c.Mean - half, c.Mean + half,
            SampleStatistics.QuantileR7(defined, 0.05), SampleStatistics.QuantileR7(defined, 0.50), SampleStatistics.QuantileR7(defined, 0.95));
    }
}
