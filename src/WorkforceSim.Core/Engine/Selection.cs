namespace WorkforceSim.Core.Engine;

/// <summary>
/// O(n) order statistics (Hoare's quickselect with median-of-three pivots), used instead of sorting for promotion
/// offers, coaching assignment and percentile cut points. Deterministic: no random pivots.
/// </summary>
internal static class Selection
{
    /// <summary>
    /// Rearranges <paramref name="keys"/> so that the <paramref name="k"/> smallest come first (in no particular
    /// order). Keys are unique in every caller (they end with a row or counter), so the result is well defined.
    /// </summary>
    public static void SmallestFirst(Span<ulong> keys, int k)
    {
        if (k <= 0 || k >= keys.Length) return;
        int lo = 0, hi = keys.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            // median of three into keys[mid]
            if (keys[mid] < keys[lo]) Swap(keys, mid, lo);
            if (keys[hi] < keys[lo]) Swap(keys, hi, lo);
            if (keys[hi] < keys[mid]) Swap(keys, hi, mid);
            ulong pivot = keys[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j) { Swap(keys, i, j); i++; j--; }
            }
            // now keys[lo..j] <= pivot <= keys[i..hi]
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    /// <summary>The value of rank <paramref name="k"/> (0-based, ascending) of <paramref name="values"/>, which is reordered.</summary>
    public static float KthSmallest(Span<float> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo]) Swap(values, mid, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[mid]) Swap(values, hi, mid);
            float pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) { Swap(values, i, j); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        return values[k];
    }

    /// <summary>Maps a float to a ulong whose unsigned order is the float's order (for composite sort keys).</summary>
    public static uint OrderedBits(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        return (u & 0x80000000u) != 0 ? ~u : u | 0x80000000u;
    }

    private static void Swap<T>(Span<T> a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
