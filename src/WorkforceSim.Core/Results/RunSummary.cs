using System.Collections.Immutable;

namespace WorkforceSim.Core.Results;

/// <summary>One row of <c>yearly.csv</c>: a metric in a year, aggregated over replications.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Metric">Metric name.</param>
/// <param name="N">Replications in which the metric is defined that year.</param>
/// <param name="Mean">Mean over replications.</param>
/// <param name="Sd">Sample standard deviation over replications (0 when N = 1).</param>
/// <param name="CiLow">Lower bound of the 95% confidence interval of the mean (Student t).</param>
/// <param name="CiHigh">Upper bound of the 95% confidence interval of the mean.</param>
/// <param name="P05">5th percentile over replications.</param>
/// <param name="P50">Median over replications.</param>
/// <param name="P95">95th percentile over replications.</param>
public sealed record YearlyRow(int Year, string Metric, int N, double Mean, double Sd, double CiLow, double CiHigh,
    double P05, double P50, double P95);

/// <summary>
/// One row of <c>survival.csv</c>: Kaplan–Meier retention of teachers hired during the run, pooled over
/// replications, by years since hire. Row k = 0 is the hire itself (survival 1).
/// </summary>
public sealed record SurvivalRow(int YearsSinceHire, long AtRisk, long Exits, long Censored, double Survival,
    double CiLow, double CiHigh);

/// <summary>A headline indicator with its 95% CI (for summary.json and the printed table).</summary>
public sealed record KeyIndicator(string Id, string Label, string Unit, double Mean, double CiLow, double CiHigh);

/// <summary>Everything aggregated from a run, ready for the writers.</summary>
public sealed record RunSummary(ImmutableArray<YearlyRow> Yearly, ImmutableArray<SurvivalRow> Survival,
    ImmutableArray<KeyIndicator> KeyIndicators);

/// <summary>A key indicator's value in each replication (NaN where undefined).</summary>
/// <param name="Id">Indicator id (as in summary.json).</param>
/// <param name="Label">Human label.</param>
/// <param name="Unit">Unit word.</param>
/// <param name="Metric">The metric it reduces.</param>
/// <param name="PerReplication">Values in replication order.</param>
public sealed record IndicatorSample(string Id, string Label, string Unit, string Metric, ImmutableArray<double> PerReplication);
