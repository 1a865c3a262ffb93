using System.Collections.Immutable;
using System.Globalization;

namespace WorkforceSim.Scenarios.Sweeps;

/// <summary>How the points of a sweep are chosen (docs/sweep-format.md).</summary>
public enum SweepDesign
{
    /// <summary>Every combination of the listed values (first parameter varies slowest).</summary>
    Grid,
    /// <summary>Latin hypercube: each parameter's range cut into <c>points</c> equal-probability strata, each hit once.</summary>
    LatinHypercube,
    /// <summary>Scrambled Sobol sequence with the Saltelli A/B/AB_i scheme for first-order and total Sobol indices.</summary>
    Sobol,
}

/// <summary>Where a parameter's values come from.</summary>
public abstract record ParameterDomain
{
    /// <summary>The value at probability <paramref name="u"/> in (0, 1) (inverse CDF; discrete domains pick a stratum).</summary>
    public abstract object At(double u);
    /// <summary>The values tried when checking the sweep file: the extremes (or every listed value).</summary>
    public abstract IEnumerable<object> CheckValues();
    /// <summary>Short description for manifests and docs.</summary>
    public abstract string Describe();
}

/// <summary>An explicit list of values (numbers or text).</summary>
public sealed record ValuesDomain(ImmutableArray<object> Values) : ParameterDomain
{
    /// <inheritdoc />
    public override object At(double u) => Values[Math.Clamp((int)Math.Floor(u * Values.Length), 0, Values.Length - 1)];
    /// <inheritdoc />
    public override IEnumerable<object> CheckValues() => Values;
    /// <inheritdoc />
    public override string Describe() => "values [" + string.Join(", ", Values.Select(SweepValue.Format)) + "]";
}

/// <summary><c>range: {min, max, step}</c>: the grid min, min+step, …, max; without step a continuous uniform range.</summary>
public sealed record RangeDomain(double Min, double Max, double? Step) : ParameterDomain
{
    /// <summary>The grid values (step given), ascending.</summary>
    public ImmutableArray<object> GridValues()
    {
        if (Step is not double step) return [Min, Max];
        int n = (int)Math.Floor((Max - Min) / step + 1e-9) + 1;
        return [.. Enumerable.Range(0, n).Select(i => (object)Math.Round(Min + i * step, 12))];
    }

    /// <inheritdoc />
    public override object At(double u)
    {
        if (Step is null) return Min + u * (Max - Min);
        var grid = GridValues();
        return grid[Math.Clamp((int)Math.Floor(u * grid.Length), 0, grid.Length - 1)];
    }
    /// <inheritdoc />
    public override IEnumerable<object> CheckValues() => [Min, Max];
    /// <inheritdoc />
    public override string Describe() => Step is double s
        ? $"range {SweepValue.Format(Min)}..{SweepValue.Format(Max)} step {SweepValue.Format(s)}"
        : $"range {SweepValue.Format(Min)}..{SweepValue.Format(Max)}";
}

/// <summary>
/// A continuous distribution: <c>uniform</c> (A = min, B = max), <c>log_uniform</c> (A = min, B = max) or <c>normal</c>
/// (A = mean, B = sd), sampled by the inverse CDFs shared with scenario parameter uncertainty
/// (<see cref="Core.Uncertainty.ParameterDistribution"/>).
/// </summary>
public sealed record DistributionDomain(string Kind, double A, double B) : ParameterDomain
{
    /// <summary>The shared distribution this domain samples.</summary>
    public Core.Uncertainty.ParameterDistribution Distribution => Kind switch
    {
        "uniform" => new Core.Uncertainty.UniformDistribution(A, B),
        "log_uniform" => new Core.Uncertainty.LogUniformDistribution(A, B),
        "normal" => new Core.Uncertainty.NormalDistribution(A, B),
        _ => throw new InvalidOperationException($"Unknown distribution '{Kind}'."),
    };

    /// <inheritdoc />
    public override object At(double u) => Distribution.Quantile(u);
    /// <inheritdoc />
    public override IEnumerable<object> CheckValues() => Kind == "normal" ? [A, A - 3 * B, A + 3 * B] : [A, B];
    /// <inheritdoc />
    public override string Describe() => Kind == "normal"
        ? $"normal(mean {SweepValue.Format(A)}, sd {SweepValue.Format(B)})"
        : $"{Kind}({SweepValue.Format(A)}, {SweepValue.Format(B)})";
}

/// <summary>One varied parameter.</summary>
/// <param name="Name">Column name in the outputs.</param>
/// <param name="Path">Path into the scenario (policy path syntax).</param>
/// <param name="Domain">Its values.</param>
/// <param name="Line">Line of the parameter in the sweep file (for errors about its values).</param>
/// <param name="Column">Column of the parameter in the sweep file.</param>
public sealed record SweepParameter(string Name, string Path, ParameterDomain Domain, int Line, int Column);

/// <summary>How a replication's yearly values of a metric become one number.</summary>
public enum OutcomeAggregate
{
    /// <summary>Mean over the years where the metric is defined.</summary>
    MeanOverYears,
    /// <summary>The final year's value.</summary>
    LastYear,
    /// <summary>Sum over the years where the metric is defined.</summary>
    SumOverYears,
}

/// <summary>An outcome of interest: a metric reduced per replication, then summarised over replications.</summary>
/// <param name="Name">Column name in the outputs.</param>
/// <param name="Metric">Metric name (docs/outputs.md).</param>
/// <param name="Aggregate">Reduction over years.</param>
public sealed record SweepOutcome(string Name, string Metric, OutcomeAggregate Aggregate)
{
    /// <summary>The YAML spelling of an aggregate.</summary>
    public static string AggregateName(OutcomeAggregate a) => a switch
    {
        OutcomeAggregate.MeanOverYears => "mean_over_years",
        OutcomeAggregate.LastYear => "last_year",
        OutcomeAggregate.SumOverYears => "sum_over_years",
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}

/// <summary>A validated sweep file.</summary>
public sealed record SweepDefinition
{
    /// <summary>Sweep identifier.</summary>
    public required string Id { get; init; }
    /// <summary>Title.</summary>
    public string Title { get; init; } = "";
    /// <summary>The base scenario as written in the sweep file (relative to it).</summary>
    public required string ScenarioRef { get; init; }
    /// <summary>The base scenario's path as opened (the sweep file's folder joined with <see cref="ScenarioRef"/>).</summary>
    public required string ScenarioPath { get; init; }
    /// <summary>Overrides applied to every point before its parameters (<c>set:</c>).</summary>
    public ImmutableArray<ScenarioOverride> Fixed { get; init; } = [];
    /// <summary>Design.</summary>
    public required SweepDesign Design { get; init; }
    /// <summary>Points (Latin hypercube) or base sample size N (Sobol: N·(d+2) runs); null for a grid.</summary>
    public int? Points { get; init; }
    /// <summary>Replications per point.</summary>
    public required int Replications { get; init; }
    /// <summary>Master seed, shared by every point (common random numbers) and used for the design's randomisation.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Bootstrap resamples for the Sobol-index confidence intervals.</summary>
    public int Bootstrap { get; init; } = 500;
    /// <summary>Varied parameters, in file order.</summary>
    public required ImmutableArray<SweepParameter> Parameters { get; init; }
    /// <summary>Outcomes, in file order.</summary>
    public required ImmutableArray<SweepOutcome> Outcomes { get; init; }

    /// <summary>The YAML spelling of a design.</summary>
    public static string DesignName(SweepDesign d) => d switch
    {
        SweepDesign.Grid => "grid",
        SweepDesign.LatinHypercube => "latin_hypercube",
        SweepDesign.Sobol => "sobol",
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };
}

/// <summary>Formatting of parameter values (numbers invariant and round-trip, text as is).</summary>
public static class SweepValue
{
    /// <summary>The value as text.</summary>
    public static string Format(object v) => v switch
    {
        double d => d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
