using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Mapping;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Policies;

/// <summary>
/// Reads <c>policies</c> and builds one tree per distinct <c>from_year</c>: the base tree with every policy up to
/// that year applied, in year order and, within a year, in file order.
/// </summary>
internal static class PolicySet
{
    /// <summary>Top-level keys, and paths, that are fixed for the whole run.</summary>
    private static readonly string[] FixedRoots = ["scenario", "title", "description", "extends", "horizon", "seed", "replications", "cycle", "policies", "uncertainty"];
    private static readonly string[] FixedWorkforce = ["segments", "initial"];

    /// <summary>Trees per period, ascending by year; the first is for <paramref name="horizon"/>'s first year.</summary>
    public static List<(int Year, YMap Tree)> Periods(YMap baseTree, Horizon? horizon, DiagnosticBag diags)
    {
        var edits = ReadEdits(baseTree, horizon, diags);
        var periods = new List<(int Year, YMap Tree)>();
        int first = horizon?.First ?? 0;
        periods.Add((first, baseTree));
        string structure = PolicyApplier.StructureOf(baseTree);
        var current = baseTree;
        foreach (var group in edits.OrderBy(e => e.FromYear).GroupBy(e => e.FromYear))
        {
            foreach (var edit in group)
            {
                var next = PolicyApplier.Apply(current, edit, diags);
                if (next is null) continue;
                if (PolicyApplier.StructureOf(next) != structure)
                {
                    diags.Add(ScenarioErrors.PolicyChangesStructure(edit.Value.Location, edit.Path.Text,
                        "it adds, removes or renames stages, sources, leadership roles or bonuses"));
                    continue;
                }
                current = next;
            }
            if (group.Key == first) periods[0] = (first, current);
            else periods.Add((group.Key, current));
        }
        return periods;
    }

    private static List<PolicyEdit> ReadEdits(YMap tree, Horizon? horizon, DiagnosticBag diags)
    {
        var edits = new List<PolicyEdit>();
        var holder = new Section(tree, "", tree.Location, diags);
        foreach (var p in Lists.Items(holder, "policies"))
        {
            var yearNode = p.Node("from_year");
            int? year = p.Integer("from_year", Years.CalendarYear, required: true);
            if (year is { } y && horizon is { } h && (y < h.First || y > h.Last))
            {
                diags.Add(ScenarioErrors.PolicyYearOutsideHorizon(yearNode!.Location, p.PathOf("from_year"), y, h.First, h.Last));
                year = null;
            }
            p.Text("note");
            var set = p.Map("set", required: true);
            p.Done();
            if (year is null || !set.Present) continue;
            foreach (var (key, value) in set.MapNode!.Entries)
                if (ReadEdit(year.Value, key, value, diags) is { } edit) edits.Add(edit);
        }
        return edits;
    }

    private static PolicyEdit? ReadEdit(int year, YScalar key, YNode value, DiagnosticBag diags)
    {
        var path = PolicyPath.Parse(key.Text);
        if (path is null)
        {
            diags.Add(ScenarioErrors.UnknownPolicyPath(key.Location, key.Text, "the path is malformed", null));
            return null;
        }
        var s = path.Steps;
        string? root = s[0].IsId ? null
            : FixedRoots.Contains(s[0].Name) ? s[0].Name
            : s[0].Name == "workforce" && s.Count > 1 && !s[1].IsId && FixedWorkforce.Contains(s[1].Name) ? $"workforce.{s[1].Name}"
            : s[0].Name == "workforce" && s.Count == 1 ? "workforce" : null;
        if (root is not null)
        {
            diags.Add(ScenarioErrors.PolicyFixedKey(key.Location, path.Text, root));
            return null;
        }
        return new PolicyEdit(year, path, key, value);
    }
}
