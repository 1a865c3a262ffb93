using System.Collections.Immutable;
using MathNet.Numerics.Distributions;

namespace WorkforceSim.Core.Results;

/// <summary>
/// Aggregates a <see cref="RunResult"/> over replications into the rows of <c>yearly.csv</c>, <c>survival.csv</c>
/// and the key indicators (docs/outputs.md). Pure and deterministic: every floating-point sum runs in replication
/// index order, so the same result always gives the same bits.
/// </summary>
public static class Summarizer
{
    /// <summary>Aggregates a run.</summary>
    public static RunSummary Summarize(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RunSummary(Yearly(r), KaplanMeier.Estimate(r.Replications), KeyIndicators(r));
    }

    /// <summary>Rows by year, then metric (catalog order); (metric, year) cells defined in no replication are skipped.</summary>
    public static ImmutableArray<YearlyRow> Yearly(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int years = r.Spec.Years;
        var names = r.Metrics.Names;
        var rows = ImmutableArray.CreateBuilder<YearlyRow>(years * names.Length);
        var values = new double[r.Replications.Length];
        for (int t = 0; t < years; t++)
        {
            for (int m = 0; m < names.Length; m++)
            {
                int n = 0;
                foreach (var rep in r.Replications)
                {
                    double v = rep[m, t];
                    if (!double.IsNaN(v)) values[n++] = v;
                }
                if (n == 0) continue;
                var s = SampleStatistics.Of(values.AsSpan(0, n));
                rows.Add(new YearlyRow(r.Spec.StartYear + t, names[m], n, s.Mean, s.Sd, s.CiLow, s.CiHigh,
                    s.P05, s.P50, s.P95));
            }
        }
        return rows.ToImmutable();
    }

    /// <summary>How a key indicator reduces one replication's yearly values to one number.</summary>
    private enum Reduction { MeanOverYears, LastYear }

    private sealed record IndicatorDefinition(string Id, string Metric, string Label, string Unit, Reduction Reduction);

    private static readonly IndicatorDefinition[] IndicatorDefinitions =
    [
        new("retention.hired_5y", "retention.hired_5y", "5-year retention of new hires", "share", Reduction.MeanOverYears),
        new("attrition_rate", "attrition_rate", "Annual attrition", "share/year", Reduction.MeanOverYears),
        new("novice_share", "novice_share", "Novice share (under 3 completed years)", "share", Reduction.MeanOverYears),
        new("coaching_coverage", "coaching_coverage", "Coaching coverage", "share", Reduction.MeanOverYears),
        new("retention.top_quintile", "retention.top_quintile", "Retention of top-quintile teachers", "share", Reduction.MeanOverYears),
        new("cost.total", "cost.total", "Annual cost", "currency/year", Reduction.MeanOverYears),
        new("vacancies_unfilled", "vacancies_unfilled", "Unfilled vacancies", "positions", Reduction.MeanOverYears),
        new("headcount", "headcount", "Headcount in the final year", "teachers", Reduction.LastYear),
    ];

    /// <summary>
    /// The headline indicators: each is computed per replication (mean over the years where it is defined, or the
    /// last year's value), then averaged over replications with a 95% Student-t interval. Replications where it is
    /// undefined are skipped; an indicator undefined in every replication is left out.
    /// </summary>
    public static ImmutableArray<KeyIndicator> KeyIndicators(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var result = ImmutableArray.CreateBuilder<KeyIndicator>();
        var perReplication = new double[r.Replications.Length];
        foreach (var def in IndicatorDefinitions)
        {
            int m = r.Metrics.IndexOf(def.Metric);
            if (m < 0) continue;
            int n = 0;
            foreach (var rep in r.Replications)
            {
                double v = def.Reduction == Reduction.LastYear ? rep[m, rep.Years - 1] : MeanOverDefinedYears(rep, m);
                if (!double.IsNaN(v)) perReplication[n++] = v;
            }
            if (n == 0) continue;
            var s = SampleStatistics.Of(perReplication.AsSpan(0, n));
            result.Add(new KeyIndicator(def.Id, def.Label, def.Unit, s.Mean, s.CiLow, s.CiHigh));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Each key indicator's value in every replication, in replication order (NaN where it is undefined), so that
    /// two runs can be paired replication by replication (<c>wsim compare</c>).
    /// </summary>
    public static ImmutableArray<IndicatorSample> IndicatorSamples(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var result = ImmutableArray.CreateBuilder<IndicatorSample>();
        foreach (var def in IndicatorDefinitions)
        {
            int m = r.Metrics.IndexOf(def.Metric);
            if (m < 0) continue;
            var values = new double[r.Replications.Length];
            for (int i = 0; i < values.Length; i++)
            {
                var rep = r.Replications[i];
                values[i] = def.Reduction == Reduction.LastYear ? rep[m, rep.Years - 1] : MeanOverDefinedYears(rep, m);
            }
            result.Add(new IndicatorSample(def.Id, def.Label, def.Unit, def.Metric, ImmutableArray.Create(values)));
        }
        return result.ToImmutable();
    }

    private static double MeanOverDefinedYears(ReplicationResult rep, int metric)
    {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < rep.Years; t++)
        {
            double v = rep[metric, t];
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}

/// <summary>Mean, sample sd, 95% Student-t interval of the mean and R type-7 quantiles of a sample.</summary>
/// <param name="N">Sample size (≥ 1).</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Sd">Sample standard deviation (n − 1 denominator); 0 when N = 1.</param>
/// <param name="CiLow">Mean − t(0.975, N − 1)·Sd/√N; the mean itself when N = 1.</param>
/// <param name="CiHigh">Mean + t(0.975, N − 1)·Sd/√N; the mean itself when N = 1.</param>
/// <param name="P05">5th percentile (R type 7).</param>
/// <param name="P50">Median (R type 7).</param>
/// <param name="P95">95th percentile (R type 7).</param>
public readonly record struct SampleStatistics(int N, double Mean, double Sd, double CiLow, double CiHigh,
    double P05, double P50, double P95)
{
    /// <summary>Statistics of a non-empty sample; values are summed in the given order.</summary>
    public static SampleStatistics Of(ReadOnlySpan<double> sample)
    {
        int n = sample.Length;
        if (n == 0) throw new ArgumentException("The sample is empty.", nameof(sample));
        double sum = 0;
        foreach (double v in sample) sum += v;
        double mean = sum / n;
        double sd = 0, half = 0;
        if (n > 1)
        {
            double ss = 0;
            foreach (double v in sample) ss += (v - mean) * (v - mean);
            sd = Math.Sqrt(ss / (n - 1));
            half = StudentT975(n - 1) * sd / Math.Sqrt(n);
        }
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        return new SampleStatistics(n, mean, sd, mean - half, mean + half,
            QuantileR7(sorted, 0.05), QuantileR7(sorted, 0.50), QuantileR7(sorted, 0.95));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double> T975 = new();

    /// <summary>t(0.975, df), cached: MathNet's inverse CDF is an iterative search and a run asks for the same df thousands of times.</summary>
    public static double StudentT975(int degreesOfFreedom) =>
        T975.GetOrAdd(degreesOfFreedom, df => StudentT.InvCDF(0, 1, df, 0.975));

    /// <summary>
    /// Quantile of an ascending sample by Hyndman and Fan's definition 7 (R's default, MathNet's
    /// <c>QuantileDefinition.R7</c>): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    /// </summary>
    /// <param name="sorted">Ascending, non-empty sample.</param>
    /// <param name="p">Probability. Range: 0 ≤ p ≤ 1.</param>
    public static double QuantileR7(ReadOnlySpan<double> sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        double frac = h - lo;
        return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }
}
