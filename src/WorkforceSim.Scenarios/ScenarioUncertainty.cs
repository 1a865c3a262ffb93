using System.Collections.Immutable;
using System.Globalization;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios;

/// <summary>The scenarios of the worlds of a nested run, or the problems of the first worlds that are not valid.</summary>
public sealed record WorldSpecs
{
    /// <summary>World w's scenario, w = 0..W−1 (empty when <see cref="Problems"/> has errors).</summary>
    public ImmutableArray<ScenarioSpec> Specs { get; init; } = [];
    /// <summary>World w's drawn values, in the order of <see cref="ScenarioUncertainty.Parameters"/>.</summary>
    public ImmutableArray<ImmutableArray<double>> Values { get; init; } = [];
    /// <summary>Located problems (<c>WS7013</c>) of worlds whose combination of values is not a valid scenario.</summary>
    public ImmutableArray<Diagnostic> Problems { get; init; } = [];
    /// <summary>True when every world is a valid scenario.</summary>
    public bool Success => Problems.IsEmpty && !Specs.IsEmpty;
}

/// <summary>
/// The uncertain parameters of a loaded scenario and how to build the scenario of any world (docs/uncertainty.md).
/// A world's scenario is the file mapped again with every uncertain value replaced by its draw, so it is validated
/// exactly like a file with those numbers written in.
/// </summary>
public sealed class ScenarioUncertainty
{
    /// <summary>Default number of worlds when neither the scenario (<c>uncertainty.worlds</c>) nor the command line gives one.</summary>
    public const int DefaultWorlds = 100;

    /// <summary>Worlds whose problems are reported before giving up (one bad combination is usually enough to see the fix).</summary>
    private const int MaxWorldsReported = 3;

    private readonly Func<IReadOnlyDictionary<string, double>, (ScenarioSpec? Spec, ImmutableArray<Diagnostic> Problems)> _build;

    internal ScenarioUncertainty(ImmutableArray<UncertainParameter> parameters, int? worlds, ulong? seed,
        Func<IReadOnlyDictionary<string, double>, (ScenarioSpec? Spec, ImmutableArray<Diagnostic> Problems)> build)
    {
        (Parameters, Worlds, Seed, _build) = (parameters, worlds, seed, build);
    }

    /// <summary>Every value given as a distribution, in the order met in the file (policies last).</summary>
    public ImmutableArray<UncertainParameter> Parameters { get; }
    /// <summary><c>uncertainty.worlds</c> as written, or null.</summary>
    public int? Worlds { get; }
    /// <summary><c>uncertainty.seed</c> as written, or null (then the run's seed draws the worlds).</summary>
    public ulong? Seed { get; }

    /// <summary>
    /// True when at least one distribution has more than one possible value. A scenario whose distributions are all
    /// degenerate (all mass at one value) is the fixed scenario and runs as one.
    /// </summary>
    public bool HasUncertainParameters => Parameters.Any(p => !p.Distribution.IsDegenerate);

    /// <summary>The world plan of a run: <paramref name="worlds"/> (else <see cref="Worlds"/>, else <see cref="DefaultWorlds"/>) and
    /// <paramref name="seed"/> (else <see cref="Seed"/>, else <paramref name="runSeed"/>).</summary>
    public WorldPlan Plan(ulong runSeed, int? worlds = null, ulong? seed = null) =>
        new(worlds ?? Worlds ?? DefaultWorlds, seed ?? Seed ?? runSeed);

    /// <summary>The scenario with the uncertain values set to <paramref name="values"/> (parameter order), or its problems.</summary>
    public (ScenarioSpec? Spec, ImmutableArray<Diagnostic> Problems) Build(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Parameters.Length) throw new ArgumentException($"Expected {Parameters.Length} values, got {values.Count}.", nameof(values));
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++) byName[Parameters[i].Name] = values[i];
        return _build(byName);
    }

    /// <summary>
    /// Builds every world of <paramref name="plan"/>; stops after the first few invalid worlds and reports them. Worlds
    /// that drew exactly the same values (e.g. when every distribution is a <c>choice</c>) share one spec object, so a
    /// nested run simulates them once.
    /// </summary>
    public WorldSpecs BuildWorlds(WorldPlan plan, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var specs = ImmutableArray.CreateBuilder<ScenarioSpec>(plan.Worlds);
        var values = ImmutableArray.CreateBuilder<ImmutableArray<double>>(plan.Worlds);
        var problems = ImmutableArray.CreateBuilder<Diagnostic>();
        var seen = new Dictionary<string, ScenarioSpec>(StringComparer.Ordinal);
        int bad = 0;
        for (int w = 0; w < plan.Worlds && bad < MaxWorldsReported; w++)
        {
            cancellation.ThrowIfCancellationRequested();
            var v = plan.Values(w, Parameters);
            string key = string.Join(",", v.Select(x => BitConverter.DoubleToInt64Bits(x).ToString(CultureInfo.InvariantCulture)));
            if (seen.TryGetValue(key, out var same))
            {
                specs.Add(same);
                values.Add([.. v]);
                continue;
            }
            var (spec, found) = Build(v);
            if (spec is null)
            {
                bad++;
                string where = $"in world {w} ({Describe(v)})";
                foreach (var d in found.Where(d => d.Severity == Severity.Error))
                    problems.Add(ScenarioErrors.InvalidWorld(new SourceLocation(d.File, d.Line, d.Column), d.Path, where, Head(d.Message)));
                continue;
            }
            seen[key] = spec;
            specs.Add(spec);
            values.Add([.. v]);
        }
        return problems.Count > 0 ? new WorldSpecs { Problems = problems.ToImmutable() }
            : new WorldSpecs { Specs = specs.ToImmutable(), Values = values.ToImmutable() };
    }

    /// <summary>
    /// The two corner worlds — every uncertain value at the low end of its distribution, then at the high end — must be
    /// valid scenarios: this catches, when the file is loaded, distributions whose values can contradict each other
    /// (e.g. an uncertain <c>min_gap</c> above an uncertain <c>max_gap</c>). Unbounded ends use the 10⁻⁶ quantile.
    /// </summary>
    internal IEnumerable<Diagnostic> CheckCorners()
    {
        if (!HasUncertainParameters) yield break;
        foreach (bool low in new[] { true, false })
        {
            var v = Parameters.Select(p => Corner(p.Distribution, low)).ToArray();
            var (spec, found) = Build(v);
            if (spec is not null) continue;
            string where = $"where every uncertain value is at the {(low ? "low" : "high")} end of its distribution ({Describe(v)})";
            foreach (var d in found.Where(d => d.Severity == Severity.Error))
                yield return ScenarioErrors.InvalidWorld(new SourceLocation(d.File, d.Line, d.Column), d.Path, where, Head(d.Message));
        }
    }

    /// <summary>What a message says is wrong, without its fix (the world's own fix replaces it).</summary>
    private static string Head(string message) => message.Split(" — ")[0];

    private static double Corner(ParameterDistribution d, bool low)
    {
        double end = low ? d.Lower : d.Upper;
        return double.IsFinite(end) ? end : d.Quantile(low ? 1e-6 : 1 - 1e-6);
    }

    private string Describe(IReadOnlyList<double> values)
    {
        var parts = Parameters.Select((p, i) => $"{p.Name} = {values[i].ToString("G6", CultureInfo.InvariantCulture)}").ToList();
        return parts.Count <= 4 ? string.Join(", ", parts) : string.Join(", ", parts.Take(4)) + $", and {parts.Count - 4} more";
    }
}
