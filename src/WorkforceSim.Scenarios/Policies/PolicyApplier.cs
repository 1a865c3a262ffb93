using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Policies;

/// <summary>One <c>path: value</c> of a policy's <c>set</c>, effective from a year.</summary>
internal sealed record PolicyEdit(int FromYear, PolicyPath Path, YScalar KeyNode, YNode Value);

/// <summary>
/// Applies policy edits to a scenario tree, building new parents and keeping the edited value's own node (so errors
/// in the new value point at the policy). Keys created by a policy remember the policy path, so that a key the
/// mapper does not know is reported as an unknown policy path.
/// </summary>
internal static class PolicyApplier
{
    /// <summary>The tree with the edit applied, or null after reporting why the path does not resolve.</summary>
    public static YMap? Apply(YMap tree, PolicyEdit edit, DiagnosticBag diags) =>
        Apply(tree, edit, 0, diags) as YMap;

    private static YNode? Apply(YNode? current, PolicyEdit edit, int index, DiagnosticBag diags)
    {
        if (index == edit.Path.Steps.Count) return edit.Value;
        var step = edit.Path.Steps[index];
        return step.IsId ? ApplyToItem(current, step, edit, index, diags) : ApplyToKey(current, step, edit, index, diags);
    }

    private static YNode? ApplyToKey(YNode? current, PathStep step, PolicyEdit edit, int index, DiagnosticBag diags)
    {
        var map = current switch
        {
            null => new YMap(edit.KeyNode.Location, []),
            YMap m => m,
            _ => null,
        };
        if (map is null) return Fail(edit, index, $"'{Prefix(edit, index)}' is {current!.KindName}, which has no keys", null, diags);
        var existing = map.Find(step.Name);
        var child = Apply(existing?.Value, edit, index + 1, diags);
        if (child is null) return null;
        var key = existing?.Key ?? new YScalar(edit.KeyNode.Location, step.Name, plain: true) { PolicyPath = edit.Path.Text };
        return map.With(key, child);
    }

    private static YNode? ApplyToItem(YNode? current, PathStep step, PolicyEdit edit, int index, DiagnosticBag diags)
    {
        if (current is not YSeq seq)
            return Fail(edit, index, $"'{Prefix(edit, index)}' is not a list of items with ids", null, diags);
        var ids = seq.Items.Select(TreeMerger.IdOf).ToList();
        int i = ids.IndexOf(step.Name);
        if (i < 0)
        {
            string? near = Suggestions.Nearest(step.Name, ids.OfType<string>());
            return Fail(edit, index, $"'{Prefix(edit, index)}' has no item with id '{step.Name}' (policies cannot add items)", near, diags);
        }
        var child = Apply(seq.Items[i], edit, index + 1, diags);
        if (child is null) return null;
        var items = seq.Items.ToList();
        items[i] = child;
        return new YSeq(seq.Location, items);
    }

    private static YNode? Fail(PolicyEdit edit, int index, string problem, string? near, DiagnosticBag diags)
    {
        diags.Add(ScenarioErrors.UnknownPolicyPath(edit.KeyNode.Location, edit.Path.Text, problem,
            near is null ? null : edit.Path.WithStep(index, near)));
        return null;
    }

    private static string Prefix(PolicyEdit edit, int index) =>
        index == 0 ? "(top level)" : Join(edit.Path.Steps.Take(index));

    private static string Join(IEnumerable<PathStep> steps)
    {
        var list = steps.ToList();
        return string.Concat(list.Select((s, i) => i > 0 && !s.IsId ? "." + s : s.ToString()));
    }

    /// <summary>The ids of the lists whose items policies may not add or remove, as one comparable string.</summary>
    public static string StructureOf(YMap tree)
    {
        static string Ids(YNode? n) => n is YSeq s ? string.Join(",", s.Items.Select(i => TreeMerger.IdOf(i) ?? "?")) : "";
        var ladder = tree["career_ladder"] as YMap;
        var hiring = tree["hiring"] as YMap;
        return string.Join("|", Ids(ladder?["stages"]), Ids(hiring?["sources"]), Ids(tree["leadership_roles"]), Ids(tree["bonuses"]));
    }
}
