using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios;

/// <summary>The outcome of loading a scenario: a valid spec, or the diagnostics that explain why there is none.</summary>
public sealed record ScenarioLoadResult
{
    /// <summary>The validated spec; null when there are errors.</summary>
    public ScenarioSpec? Spec { get; init; }

    /// <summary>Every problem found, in the order found (all of them, not just the first).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when there are no errors (and so <see cref="Spec"/> is set).</summary>
    public bool Success => Spec is not null && !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>
    /// The scenario tree after <c>extends</c>, with defaults filled in, for manifest.json: nested
    /// <see cref="SortedDictionary{TKey,TValue}"/> (ordinal key order, numeric keys numerically first), <see cref="List{T}"/>, string, long, double and bool.
    /// Policies are listed as written. Null when the file could not be read or parsed.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Resolved { get; init; }

    /// <summary>Lower-case hex SHA-256 of the top file's bytes; null when it could not be read.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The top file followed by its chain of <c>extends</c> base files, as far as they could be read.</summary>
    public ImmutableArray<string> Files { get; init; } = [];

    /// <summary>
    /// The scenario's uncertain parameters (values given as distributions, docs/uncertainty.md) and how to build the
    /// scenario of a world; null when no value is a distribution. <see cref="Spec"/> is then the nominal scenario, every
    /// uncertain value at its median.
    /// </summary>
    public ScenarioUncertainty? Uncertainty { get; init; }

    /// <summary>The spec, when loading succeeded.</summary>
    public bool TryGetSpec([NotNullWhen(true)] out ScenarioSpec? spec)
    {
        spec = Success ? Spec : null;
        return spec is not null;
    }
}
