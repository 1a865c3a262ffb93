using System.Collections;
using System.Collections.Immutable;
using WorkforceSim.Reporting.Html;

namespace WorkforceSim.Reporting.Comparison;

/// <summary>One parameter that differs between the base and an alternative (after <c>extends</c> and defaults).</summary>
/// <param name="Alternative">Label of the alternative.</param>
/// <param name="Path">Parameter path in the policy-path syntax (<c>career_ladder.stages[team_lead].stipend</c>).</param>
/// <param name="BaseValue">The base's value, or "(absent)".</param>
/// <param name="AltValue">The alternative's value, or "(absent)".</param>
public sealed record InputDifference(string Alternative, string Path, string BaseValue, string AltValue);

/// <summary>Compares resolved scenario trees leaf by leaf.</summary>
public static class InputsDiff
{
    /// <summary>Text of a missing value.</summary>
    public const string Absent = "(absent)";

    /// <summary>
    /// Leaves of a resolved tree keyed by path: maps by key, lists of maps with an <c>id</c> by <c>[id]</c>, other lists
    /// by <c>[index]</c>; leaf values as invariant text.
    /// </summary>
    public static SortedDictionary<string, string> Flatten(IReadOnlyDictionary<string, object?>? tree)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (tree is not null) Walk(tree, "", result);
        return result;
    }

    /// <summary>The leaves that differ, in path order (the base's order first, then paths only the alternative has).</summary>
    public static ImmutableArray<InputDifference> Compare(IReadOnlyDictionary<string, object?>? baseTree,
        IReadOnlyDictionary<string, object?>? altTree, string alternative)
    {
        var a = Flatten(baseTree);
        var b = Flatten(altTree);
        var rows = ImmutableArray.CreateBuilder<InputDifference>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            string va = a.TryGetValue(path, out var x) ? x : Absent;
            string vb = b.TryGetValue(path, out var y) ? y : Absent;
            if (!string.Equals(va, vb, StringComparison.Ordinal)) rows.Add(new InputDifference(alternative, path, va, vb));
        }
        return rows.ToImmutable();
    }

    private static void Walk(object? node, string path, SortedDictionary<string, string> into)
    {
        switch (node)
        {
            case IReadOnlyDictionary<string, object?> dict:
                if (dict.Count == 0) { into[path] = "{}"; return; }
                foreach (var (k, v) in dict) Walk(v, path.Length == 0 ? k : $"{path}.{k}", into);
                return;
            case string or null:
                into[path] = ReportFormat.Scalar(node);
                return;
            case IEnumerable list:
            {
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0) { into[path] = "[]"; return; }
                for (int i = 0; i < items.Count; i++)
                {
                    string step = items[i] is IReadOnlyDictionary<string, object?> d && d.TryGetValue("id", out var id) && id is string s
                        ? $"[{s}]" : $"[{i}]";
                    Walk(items[i], path + step, into);
                }
                return;
            }
            default:
                into[path] = ReportFormat.Scalar(node);
                return;
        }
    }
}
