using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>An entry of an integer-keyed map (<c>{1: 0.10, 2: 0.07}</c>), with its key node for locating errors.</summary>
internal readonly record struct KeyedEntry(long Key, YScalar KeyNode, YNode Value);

/// <summary>Reading lists of maps, lists of items with ids, and integer-keyed maps.</summary>
internal static class Lists
{
    /// <summary>
    /// The items of the list under <paramref name="key"/>, each as a section whose path uses the item's id
    /// (<c>hiring.sources[novice]</c>). Every item must be a map with a distinct text <c>id</c>.
    /// </summary>
    public static List<(Section Item, string Id)> IdItems(Section parent, string key, bool required = false)
    {
        var result = new List<(Section, string)>();
        var outputs = new List<object?>();
        parent.Put(key, outputs);
        var seq = parent.List(key, required);
        if (seq is null) return result;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < seq.Items.Count; i++)
        {
            var node = seq.Items[i];
            string? rawId = TreeMerger.IdOf(node);
            string path = $"{parent.PathOf(key)}[{rawId ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            var map = Values.AsMap(node, path, parent.Diags);
            if (map is null) continue;
            var item = new Section(map, path, map.Location, parent.Diags);
            outputs.Add(item.Output);
            string? id = item.Text("id", required: true);
            if (id is null) continue;
            if (!seen.Add(id)) { parent.Diags.Add(ScenarioErrors.DuplicateId(map["id"]!.Location, parent.PathOf(key), id)); continue; }
            result.Add((item, id));
        }
        return result;
    }

    /// <summary>The items of a list of maps without ids (modifiers, rating rules), paths indexed <c>[0]</c>, <c>[1]</c>.</summary>
    public static List<Section> Items(Section parent, string key, bool required = false)
    {
        var result = new List<Section>();
        var outputs = new List<object?>();
        parent.Put(key, outputs);
        var seq = parent.List(key, required);
        if (seq is null) return result;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string path = $"{parent.PathOf(key)}[{i}]";
            if (Values.AsMap(seq.Items[i], path, parent.Diags) is not { } map) continue;
            var item = new Section(map, path, map.Location, parent.Diags);
            outputs.Add(item.Output);
            result.Add(item);
        }
        return result;
    }

    /// <summary>
    /// The entries of an integer-keyed map, sorted by key; bad keys are reported and skipped. Null when the key is
    /// absent. The map is copied to the resolved tree as written.
    /// </summary>
    public static List<KeyedEntry>? Keyed(Section parent, string key, NumberRule keyRule, bool required = false)
    {
        var n = required ? parent.Required(key) : parent.Node(key);
        if (n is null) return null;
        string path = parent.PathOf(key);
        if (Values.AsMap(n, path, parent.Diags) is not { } map) return null;
        parent.Put(key, PlainTree.Of(map));
        var entries = new List<KeyedEntry>();
        foreach (var (k, v) in map.Entries)
        {
            if (Values.IntKey(k, path, keyRule, parent.Diags) is not { } yos) continue;
            if (entries.Any(e => e.Key == yos)) { parent.Diags.Add(ScenarioErrors.NotAscending(k.Location, path, "distinct keys")); continue; }
            entries.Add(new KeyedEntry(yos, k, v));
        }
        entries.Sort((a, b) => a.Key.CompareTo(b.Key));
        return entries;
    }

    /// <summary>
    /// Reports a set of shares that does not sum to 1 (tolerance 1e-6). Skipped when a share is itself invalid
    /// (null: already reported), since the sum would then only repeat that error.
    /// </summary>
    public static void CheckSharesSumToOne(IReadOnlyCollection<double?> shares, SourceLocation at, string path, DiagnosticBag diags)
    {
        if (shares.Count == 0 || shares.Any(s => s is null)) return;
        double sum = shares.Sum(s => s!.Value);
        if (Math.Abs(sum - 1) > 1e-6) diags.Add(ScenarioErrors.SharesDoNotSumToOne(at, path, Math.Round(sum, 9)));
    }
}
