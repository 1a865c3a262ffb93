using System.Collections.Immutable;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Reporting.Comparison;

/// <summary>One scenario of a comparison: its run, summary, manifest and output sub-folder name.</summary>
/// <param name="Label">Label used in the outputs (scenario id; id#k when ids repeat).</param>
/// <param name="Folder">Sub-folder name under <c>scenarios/</c>.</param>
/// <param name="Result">The run.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Manifest">Its manifest.</param>
public sealed record ComparedScenario(string Label, string Folder, RunResult Result, RunSummary Summary, RunManifest Manifest)
{
    /// <summary>
    /// The scenario's worlds when the comparison has uncertain parameters: its nested run, or — for a scenario without
    /// uncertain parameters — its one run repeated in every world (<see cref="NestedRunResult.Repeated"/>). Null in a
    /// comparison without uncertain parameters.
    /// </summary>
    public NestedRunResult? Nested { get; init; }
    /// <summary>The summary of <see cref="Nested"/> when the scenario itself has uncertain parameters (its run folder is then a nested one).</summary>
    public NestedSummary? NestedSummary { get; init; }
}

/// <summary>What a comparison under parameter uncertainty adds (docs/uncertainty.md).</summary>
/// <param name="Worlds">Worlds shared by every scenario (world w of each draws a shared parameter at the same probability).</param>
/// <param name="Replications">Replications per world.</param>
/// <param name="Benefits">Per alternative and key indicator: expected difference, decomposition, probability of benefit.</param>
public sealed record ComparisonUncertainty(int Worlds, int Replications, ImmutableArray<BenefitRow> Benefits);

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
    /// <summary>Added cost per extra teacher retained, per extra top-quintile teacher retained and per avoided vacancy, per alternative.</summary>
    public ImmutableArray<CostEffectivenessRow> CostEffectiveness { get; init; } = [];
    /// <summary>
    /// The points of the cost-effectiveness plane, per alternative: one per world (world means) under parameter
    /// uncertainty, one per replication otherwise.
    /// </summary>
    public ImmutableArray<WorldCostEffect> CostEffectPoints { get; init; } = [];
    /// <summary>Probability of benefit and the worlds, when some scenario has uncertain parameters; null otherwise.</summary>
    public ComparisonUncertainty? Uncertainty { get; init; }
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
        var ce = ImmutableArray.CreateBuilder<CostEffectivenessRow>();
        var points = ImmutableArray.CreateBuilder<WorldCostEffect>();
        var baseOne = NestedRunResult.Repeated(b.Result);
        foreach (var alt in scenarios.Skip(1))
        {
            diffs.AddRange(PairedComparison.Yearly(b.Result, alt.Result, alt.Label));
            keys.AddRange(PairedComparison.KeyIndicators(b.Result, alt.Result, alt.Label));
            inputs.AddRange(InputsDiff.Compare(resolved(b), resolved(alt), alt.Label));
            var altOne = NestedRunResult.Repeated(alt.Result);
            ce.AddRange(UncertainComparison.CostEffectiveness(baseOne, altOne, alt.Label));
            points.AddRange(UncertainComparison.ReplicationPoints(baseOne, altOne, alt.Label));
        }
        return new ComparisonData
        {
            ToolVersion = toolVersion, Scenarios = [.. scenarios], Differences = diffs.ToImmutable(),
            KeyDifferences = keys.ToImmutable(), Inputs = inputs.ToImmutable(), CostEffectiveness = ce.ToImmutable(),
            CostEffectPoints = points.ToImmutable(),
        };
    }

    /// <summary>
    /// Builds the data of a comparison under parameter uncertainty: every scenario carries its worlds
    /// (<see cref="ComparedScenario.Nested"/>, the same number of worlds and replications and the same seed), and
    /// (world, replication) of an alternative is paired with the same of the base.
    /// </summary>
    public static ComparisonData BuildUncertain(string toolVersion, IReadOnlyList<ComparedScenario> scenarios,
        Func<ComparedScenario, IReadOnlyDictionary<string, object?>?> resolved)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Count < 2) throw new ArgumentException("A comparison needs a base and at least one alternative.");
        if (scenarios.Any(s => s.Nested is null)) throw new ArgumentException("Every scenario needs its worlds (ComparedScenario.Nested).");
        var b = scenarios[0];
        var diffs = ImmutableArray.CreateBuilder<DifferenceRow>();
        var keys = ImmutableArray.CreateBuilder<KeyDifference>();
        var benefits = ImmutableArray.CreateBuilder<BenefitRow>();
        var inputs = ImmutableArray.CreateBuilder<InputDifference>();
        var ce = ImmutableArray.CreateBuilder<CostEffectivenessRow>();
        var points = ImmutableArray.CreateBuilder<WorldCostEffect>();
        foreach (var alt in scenarios.Skip(1))
        {
            diffs.AddRange(UncertainComparison.Yearly(b.Nested!, alt.Nested!, alt.Label));
            var rows = UncertainComparison.KeyIndicators(b.Nested!, alt.Nested!, alt.Label);
            benefits.AddRange(rows);
            keys.AddRange(rows.Select(r => new KeyDifference(r.Alternative, r.Id, r.Label, r.Unit, r.Stats)));
            inputs.AddRange(InputsDiff.Compare(resolved(b), resolved(alt), alt.Label));
            ce.AddRange(UncertainComparison.CostEffectiveness(b.Nested!, alt.Nested!, alt.Label));
            points.AddRange(UncertainComparison.WorldPoints(b.Nested!, alt.Nested!, alt.Label));
        }
        return new ComparisonData
        {
            ToolVersion = toolVersion, Scenarios = [.. scenarios], Differences = diffs.ToImmutable(),
            KeyDifferences = keys.ToImmutable(), Inputs = inputs.ToImmutable(), CostEffectiveness = ce.ToImmutable(),
            CostEffectPoints = points.ToImmutable(),
            Uncertainty = new ComparisonUncertainty(b.Nested!.WorldCount, b.Nested.Replications, benefits.ToImmutable()),
        };
    }
}
