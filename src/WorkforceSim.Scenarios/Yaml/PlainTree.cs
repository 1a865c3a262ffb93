namespace WorkforceSim.Scenarios.Yaml;

/// <summary>Converts nodes to plain, deterministic .NET values for manifest.json.</summary>
internal static class PlainTree
{
    /// <summary>SortedDictionary (<see cref="KeyOrder"/>) for maps, List for sequences, and null/bool/long/double/string for scalars.</summary>
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

    public static SortedDictionary<string, object?> NewMap() => new(KeyOrder.Instance);

    /// <summary>
    /// Ordinal order, except that keys made only of digits sort by their numeric value and before other keys, so
    /// tables keyed by years of service read 1, 2, …, 10 rather than 1, 10, 11, …, 2 in manifests and reports.
    /// </summary>
    internal sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            bool nx = IsDigits(x), ny = IsDigits(y);
            if (nx && ny)
            {
                string tx = x.TrimStart('0'), ty = y.TrimStart('0');
                int c = tx.Length.CompareTo(ty.Length);
                return c != 0 ? c : string.CompareOrdinal(tx, ty) is var d && d != 0 ? d : string.CompareOrdinal(x, y);
            }
            if (nx != ny) return nx ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }

        private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
    }
}
