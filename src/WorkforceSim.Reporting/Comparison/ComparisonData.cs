using System.Collections.Immutable;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting.Comparison;

/// <summary>One scenario of a comparison: its run, summary, manifest and output sub-folder name.</summary>
/// <param name="Label">Label used in the outputs (scenario id; id#k when ids repeat).</param>
/// <param name="Folder">Sub-folder name under <c>scenarios/</c>.</param>
/// <param name="Result">The run.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Manifest">Its manifest.</param>
public sealed record ComparedScenario(string Label, string Folder, RunResult Result, RunSummary Summary, RunManifest Manifest);

/// <summary>Everything a comparison folder holds, computed once and written by <see cref="ComparisonOutputWriter"/>.</summary>
public sealed record ComparisonData
{
    /// <summary>Tool version.</summary>
    public required string ToolVersion { get; init; }
    /// <summary>The base scenario (first) and the alternatives, in command-line order.</summary>
    public required ImmutableArray<ComparedScenario> Scenarios { get; init; }
    /// <summary>Paired yearly differences of every alternative.</summary>
    public required ImmutableArray<DifferenceRow> Differences { get; init; }
    /// <summary>Paired key-indicator differences of every alternative.</summary>
    public required ImmutableArray<KeyDifference> KeyDifferences { get; init; }
    /// <summary>Parameters that differ from the base.</summary>
    public required ImmutableArray<InputDifference> Inputs { get; init; }
    /// <summary>The metric whose mean-over-years difference set the replication count (auto mode), else null.</summary>
    public string? PrecisionMetric { get; init; }
    /// <summary>The target 95% half-width (auto mode), else null.</summary>
    public double? PrecisionTarget { get; init; }
    /// <summary>Half-width reached for <see cref="PrecisionMetric"/> (worst alternative), else null.</summary>
    public double? PrecisionReached { get; init; }

    /// <summary>The base scenario.</summary>
    public ComparedScenario Base => Scenarios[0];

    /// <summary>Builds the data from runs made with the same seed and replications.</summary>
    public static ComparisonData Build(string toolVersion, IReadOnlyList<ComparedScenario> scenarios,
        Func<ComparedScenario, IReadOnlyDictionary<string, object?>?> resolved)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Count < 2) throw new ArgumentException("A comparison needs a base and at least one alternative.");
        var b = scenarios[0];
        var diffs = ImmutableArray.CreateBuilder<DifferenceRow>();
        var keys = ImmutableArray.CreateBuilder<KeyDifference>();
        var inputs = ImmutableArray.CreateBuilder<InputDifference>();
        foreach (var alt in scenarios.Skip(1))
        {
            diffs.AddRange(PairedComparison.Yearly(b.Result, alt.Result, alt.Label));
            keys.AddRange(PairedComparison.KeyIndicators(b.Result, alt.Result, alt.Label));
            inputs.AddRange(InputsDiff.Compare(resolved(b), resolved(alt), alt.Label));
        }
        return new ComparisonData
        {
            ToolVersion = toolVersion, Scenarios = [.. scenarios], Differences = diffs.ToImmutable(),
            KeyDifferences = keys.ToImmutable(), Inputs = inputs.ToImmutable(),
        };
    }
}
