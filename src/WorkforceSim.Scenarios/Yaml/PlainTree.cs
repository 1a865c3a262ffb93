namespace WorkforceSim.Scenarios.Yaml;

/// <summary>Converts nodes to plain, deterministic .NET values for manifest.json.</summary>
internal static class PlainTree
{
    /// <summary>SortedDictionary (ordinal keys) for maps, List for sequences, and null/bool/long/double/string for scalars.</summary>
    public static object? Of(YNode node)
    {
        switch (node)
        {
            case YScalar s: return ScalarValue.Of(s);
            case YSeq q: return q.Items.Select(Of).ToList();
            case YMap m:
                var d = NewMap();
                foreach (var (k, v) in m.Entries) d[k.Text] = Of(v);
                return d;
            default: return null;
        }
    }

    public static SortedDictionary<string, object?> NewMap() => new(StringComparer.Ordinal);
}
