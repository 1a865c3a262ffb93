namespace WorkforceSim.Scenarios.Yaml;

/// <summary>
/// Overlays one scenario tree on another, as docs/scenario-format.md ("extends and merging") says: maps merge key
/// by key recursively; lists whose items all have an <c>id</c> merge by id (known ids merge, new ids are appended);
/// anything else (scalars, other lists, an empty list) replaces the base value.
/// </summary>
internal static class TreeMerger
{
    public static YNode Merge(YNode baseNode, YNode overlay) => (baseNode, overlay) switch
    {
        (YMap b, YMap o) when IsOtherForm(b, o) => o,
        (YMap b, YMap o) => MergeMaps(b, o),
        (YSeq b, YSeq o) when b.Items.Count > 0 && o.Items.Count > 0 && AllHaveIds(b) && AllHaveIds(o) => MergeById(b, o),
        _ => overlay,
    };

    private static YMap MergeMaps(YMap b, YMap o)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(b.Entries);
        foreach (var (key, value) in o.Entries)
        {
            int i = entries.FindIndex(e => e.Key.Text == key.Text);
            if (i < 0) entries.Add(new(key, value));
            else entries[i] = new(key, Merge(entries[i].Value, value));
        }
        return new YMap(o.Location, entries);
    }

    private static YSeq MergeById(YSeq b, YSeq o)
    {
        var items = new List<YNode>(b.Items);
        foreach (var item in o.Items)
        {
            string id = IdOf(item)!;
            int i = items.FindIndex(x => IdOf(x) == id);
            if (i < 0) items.Add(item);
            else items[i] = Merge(items[i], item);
        }
        return new YSeq(o.Location, items);
    }

    /// <summary>Keys that name the form of a one-key map: a distribution or a yos table.</summary>
    private static readonly string[] Forms = ["uniform", "triangular", "normal", "beta", "lognormal", "choice", "table"];

    /// <summary>
    /// Both maps name one form each and the forms differ (a base's <c>{triangular: …}</c> under an overlay's
    /// <c>{uniform: …}</c>): the overlay replaces the base, since merging would give a map with two forms.
    /// </summary>
    private static bool IsOtherForm(YMap b, YMap o) =>
        b.Entries.Count == 1 && o.Entries.Count == 1 && Forms.Contains(b.Entries[0].Key.Text) && Forms.Contains(o.Entries[0].Key.Text)
        && b.Entries[0].Key.Text != o.Entries[0].Key.Text;

    private static bool AllHaveIds(YSeq s) => s.Items.All(i => IdOf(i) is not null);

    /// <summary>The <c>id</c> of a list item, if it is a map with a scalar id.</summary>
    public static string? IdOf(YNode item) => item is YMap m && m["id"] is YScalar s ? s.Text : null;
}
