using System.Globalization;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Policies;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios;

/// <summary>
/// One value set into a scenario before it is mapped, by the same path syntax as a policy's <c>set</c>
/// (<c>career_ladder.stages[team_lead].stipend</c>). Used by sweeps: each point is the base scenario with its
/// parameter values overridden. Unlike a policy, an override applies from the first year and may change any key
/// (including <c>horizon</c> and <c>workforce</c>); it cannot add or remove items of id lists.
/// </summary>
/// <param name="Path">Path into the scenario tree.</param>
/// <param name="Value">A double, long, int, bool or string.</param>
public sealed record ScenarioOverride(string Path, object Value)
{
    /// <summary>File reported for problems with this override (e.g. the sweep file); null: the scenario file.</summary>
    public string? File { get; init; }
    /// <summary>1-based line reported for problems.</summary>
    public int Line { get; init; } = 1;
    /// <summary>1-based column reported for problems.</summary>
    public int Column { get; init; } = 1;

    /// <summary>The value as YAML scalar text: numbers in shortest round-trip invariant form.</summary>
    public string ValueText => Value switch
    {
        double d => d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        _ => throw new ArgumentException($"Override '{Path}' has a value of type {Value?.GetType().Name ?? "null"}; use a number, bool or string."),
    };
}

/// <summary>Applies <see cref="ScenarioOverride"/>s to a resolved tree with the policy path machinery.</summary>
internal static class OverrideApplier
{
    public static YMap? Apply(YMap tree, IReadOnlyList<ScenarioOverride> overrides, string scenarioFile, DiagnosticBag diags)
    {
        string structure = PolicyApplier.StructureOf(tree);
        var current = tree;
        foreach (var o in overrides)
        {
            var at = new SourceLocation(o.File ?? scenarioFile, Math.Max(1, o.Line), Math.Max(1, o.Column));
            var path = PolicyPath.Parse(o.Path ?? "");
            var key = new YScalar(at, o.Path ?? "", plain: true);
            if (path is null)
            {
                diags.Add(ScenarioErrors.UnknownPolicyPath(at, o.Path ?? "", "the path is malformed", null));
                return null;
            }
            var value = new YScalar(at, o.ValueText, plain: o.Value is not string);
            var next = PolicyApplier.Apply(current, new PolicyEdit(0, path, key, value), diags);
            if (next is null) return null;
            if (PolicyApplier.StructureOf(next) != structure)
            {
                diags.Add(ScenarioErrors.PolicyChangesStructure(at, o.Path!, "it adds, removes or renames stages, sources, leadership roles or bonuses"));
                return null;
            }
            current = next;
        }
        return current;
    }
}
