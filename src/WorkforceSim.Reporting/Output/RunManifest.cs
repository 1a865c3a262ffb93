using System.Collections.Immutable;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting;

/// <summary>
/// What <c>manifest.json</c> records about a run: enough to reproduce every figure (tool version, scenario hash and
/// resolved parameters, seed, replications) plus how long it took.
/// </summary>
public sealed record RunManifest
{
    /// <summary>Version of the tool that produced the run.</summary>
    public required string ToolVersion { get; init; }
    /// <summary>Scenario identifier.</summary>
    public required string ScenarioId { get; init; }
    /// <summary>Scenario title.</summary>
    public required string ScenarioTitle { get; init; }
    /// <summary>Scenario description (may be empty).</summary>
    public string ScenarioDescription { get; init; } = "";
    /// <summary>Path of the scenario file as given on the command line (empty when built in code).</summary>
    public string ScenarioFile { get; init; } = "";
    /// <summary>Lower-case hex SHA-256 of the scenario file's bytes (empty when built in code).</summary>
    public string ScenarioSha256 { get; init; } = "";
    /// <summary>The files the scenario extends, nearest base first.</summary>
    public ImmutableArray<string> ExtendsChain { get; init; } = [];
    /// <summary>
    /// The fully resolved scenario (after <c>extends</c>, defaults and policies) as a tree of
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/> (string keys, insertion order kept), lists and scalars
    /// (string, bool, integers, double, null).
    /// </summary>
    public IReadOnlyDictionary<string, object?> ResolvedScenario { get; init; } = new Dictionary<string, object?>();
    /// <summary>Master seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Replications run.</summary>
    public required int Replications { get; init; }
    /// <summary>Worker threads used.</summary>
    public required int Threads { get; init; }
    /// <summary>First simulated calendar year.</summary>
    public required int StartYear { get; init; }
    /// <summary>Number of simulated years.</summary>
    public required int Years { get; init; }
    /// <summary>Wall time of the simulation in seconds.</summary>
    public required double WallTimeSeconds { get; init; }
    /// <summary>Teacher-years simulated (start-of-year headcount summed over replications and years).</summary>
    public required long TeacherYears { get; init; }
    /// <summary>Teacher-years per second of wall time (0 when the wall time is 0).</summary>
    public required double TeacherYearsPerSecond { get; init; }
    /// <summary>Metric names in output order.</summary>
    public required ImmutableArray<string> Metrics { get; init; }
    /// <summary>The worlds of a run with uncertain parameters (<see cref="Replications"/> is then per world); null otherwise.</summary>
    public UncertaintyManifest? Uncertainty { get; init; }

    /// <summary>The manifest of a nested run: its pooled figures, with <see cref="Replications"/> per world and the worlds block.</summary>
    public static RunManifest For(Core.Uncertainty.NestedRunResult result, string toolVersion, string scenarioFile = "", string scenarioSha256 = "",
        IEnumerable<string>? extendsChain = null, IReadOnlyDictionary<string, object?>? resolvedScenario = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return For(result.Pooled(), toolVersion, scenarioFile, scenarioSha256, extendsChain, resolvedScenario) with
        {
            Seed = result.Nominal.Seed, Replications = result.Replications, Uncertainty = UncertaintyManifest.For(result),
        };
    }

    /// <summary>The manifest of a run; file, hash, extends chain and resolved tree come from the scenario loader.</summary>
    public static RunManifest For(RunResult result, string toolVersion, string scenarioFile = "", string scenarioSha256 = "",
        IEnumerable<string>? extendsChain = null, IReadOnlyDictionary<string, object?>? resolvedScenario = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        double seconds = result.WallTime.TotalSeconds;
        return new RunManifest
        {
            ToolVersion = toolVersion,
            ScenarioId = result.Spec.Id,
            ScenarioTitle = result.Spec.Title,
            ScenarioDescription = result.Spec.Description,
            ScenarioFile = scenarioFile,
            ScenarioSha256 = scenarioSha256,
            ExtendsChain = extendsChain is null ? [] : [.. extendsChain],
            ResolvedScenario = resolvedScenario ?? new Dictionary<string, object?>(),
            Seed = result.Spec.Seed,
            Replications = result.Replications.Length,
            Threads = result.Threads,
            StartYear = result.Spec.StartYear,
            Years = result.Spec.Years,
            WallTimeSeconds = seconds,
            TeacherYears = result.TeacherYears,
            TeacherYearsPerSecond = seconds > 0 ? result.TeacherYears / seconds : 0,
            Metrics = result.Metrics.Names,
        };
    }
}
