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

    /// <summary>Bits of a float's ordered bits that pick its bucket in <see cref="KthSmallestRadix"/>. (A radix top-k
    /// for promotion keys was tried too and dropped: on 26,000 keys, top 1,500, it took 134 µs against quickselect's
    /// 61 µs — BenchmarkDotNet, machine under load — its partition pass branches unpredictably on the bucket.)</summary>
    public const int RadixBits = 11;
    public const int RadixBuckets = 1 << RadixBits;

    /// <summary>The bucket of a float in <see cref="KthSmallestRadix"/>'s histogram (the top 11 of its ordered bits).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int FloatBucket(float f) => (int)(OrderedBits(f) >> (32 - RadixBits));

    /// <summary>Adds <paramref name="values"/> to a histogram of <see cref="FloatBucket"/>s.</summary>
    public static void AddToHistogram(ReadOnlySpan<float> values, Span<int> histogram)
    {
        ref int h = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(histogram[..RadixBuckets]);
        foreach (float v in values) System.Runtime.CompilerServices.Unsafe.Add(ref h, FloatBucket(v))++;
    }

    /// <summary>
    /// The value of rank <paramref name="k"/> (0-based, ascending) of <paramref name="values"/>, which is left
    /// unchanged: the same value as <see cref="KthSmallest"/>. <paramref name="histogram"/> must hold the
    /// <see cref="FloatBucket"/> counts of exactly these values (callers fill it in a pass they make anyway); then one
    /// pass gathers the bucket that holds rank k into <paramref name="scratch"/>, and quickselect runs on that bucket
    /// only. Measured (SelectionBenchmarks, 65,000 values, machine under load): copy + quickselect 1,095 µs → histogram +
    /// gather + bucket quickselect 284 µs; in the engine the histogram comes with Record's pass.
    /// </summary>
    public static float KthSmallestRadix(ReadOnlySpan<float> values, int k, ReadOnlySpan<int> histogram, Span<float> scratch)
    {
        int below = 0, b = 0;
        for (; b < RadixBuckets - 1; b++)
        {
            if (below + histogram[b] > k) break;
            below += histogram[b];
        }
        if (scratch.Length < values.Length) throw new ArgumentException("scratch is too small", nameof(scratch));
        int c = 0;
        ref float dst = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch);
        foreach (float v in values)
        {
            // Branch-free append: write always, advance only on a match.
            System.Runtime.CompilerServices.Unsafe.Add(ref dst, c) = v;
            c += FloatBucket(v) == b ? 1 : 0;
        }
        return KthSmallest(scratch[..c], k - below);
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
    /// <remarks>Branch-free (flip all bits of a negative, the sign bit of a positive): effectiveness signs are
    /// random, and the branchy form mispredicted on about a third of the teachers — measured on R1 (thread CPU time,
    /// 65,000 teachers), the promotion gather 6.4 → 1.4 ns a row.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static uint OrderedBits(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        return u ^ ((uint)((int)u >> 31) | 0x80000000u);
    }

    private static void Swap<T>(Span<T> a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
