using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        int c = 0, start = 0;
        ref float dst = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch);
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            // 16 values a step, the bucket's values compress-stored in order (the same scratch as the loop below).
            // Measured on R1: year start 0.084 → 0.042 cpu-s per 660 years of 65,000 teachers (thread CPU time, load ~20).
            // Full-width stores end at most at the current block's end (c ≤ i), inside scratch.
            ref uint src = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(values));
            var vb = Vector512.Create((uint)b); var sign = Vector512.Create(0x80000000u);
            for (int end = values.Length & ~15; start < end; start += 16)
            {
                var u = Vector512.LoadUnsafe(ref src, (nuint)start);
                var ordered = u ^ ((u.AsInt32() >> 31).AsUInt32() | sign);
                var mask = Vector512.Equals(ordered >> (32 - RadixBits), vb);
                Avx512F.Compress(Vector512<uint>.Zero, mask, u).StoreUnsafe(ref Unsafe.As<float, uint>(ref dst), (nuint)c);
                c += BitOperations.PopCount(mask.ExtractMostSignificantBits());
            }
        }
        foreach (float v in values[start..])
        {
            // Branch-free append: write always, advance only on a match.
            System.Runtime.CompilerServices.Unsafe.Add(ref dst, c) = v;
            c += FloatBucket(v) == b ? 1 : 0;
        }
        return KthSmallest(scratch[..c], k - below);
    }

    /// <summary>
    /// Like <see cref="SmallestFirst"/> for the first <paramref name="k"/> entries only (the rest of
    /// <paramref name="keys"/> is left unspecified): when k is a small share of many keys, a pivot taken from a
    /// strided sample (its rank k/m of the way in, plus three binomial standard deviations) filters the keys at or
    /// below it into <paramref name="scratch"/> (AVX-512 compress, 8 a step), and quickselect runs on those few.
    /// The set of the k smallest is unique (keys are unique), so the outcome equals SmallestFirst's; if the sample
    /// underestimates (fewer than k pass), it falls back to SmallestFirst on all keys.
    /// <paramref name="scratch"/> needs keys.Length + 8 room. Measured on R1 together with the popcount stage counts
    /// (<see cref="CountBytes"/>): promotion phase 0.256 → 0.089 cpu-s per 660 years of 65,000 teachers (thread CPU
    /// time, load ~20).
    /// </summary>
    public static void SmallestFirstFiltered(Span<ulong> keys, int k, Span<ulong> scratch)
    {
        int m = keys.Length;
        if (k <= 0 || k >= m) return;
        if (m < 4096 || k > m / 4 || scratch.Length < m + 8 || !Vector512.IsHardwareAccelerated || !Avx512F.IsSupported)
        {
            SmallestFirst(keys, k);
            return;
        }
        int s = m / 16;
        for (int j = 0; j < s; j++) scratch[j] = keys[j * 16];
        double p = (double)k / m;
        int r = (int)(p * s + 3 * Math.Sqrt(s * p * (1 - p)) + 8);
        if (r >= s) { SmallestFirst(keys, k); return; }
        var sample = scratch[..s];
        SmallestFirst(sample, r + 1);
        ulong pivot = 0;
        foreach (ulong v in sample[..(r + 1)]) pivot = Math.Max(pivot, v);
        var vp = Vector512.Create(pivot);
        ref ulong src = ref MemoryMarshal.GetReference(keys);
        ref ulong dst = ref MemoryMarshal.GetReference(scratch);
        int c = 0, i = 0;
        for (int end = m & ~7; i < end; i += 8)
        {
            var v = Vector512.LoadUnsafe(ref src, (nuint)i);
            var mask = Vector512.LessThanOrEqual(v, vp);
            Avx512F.Compress(Vector512<ulong>.Zero, mask, v).StoreUnsafe(ref dst, (nuint)c);
            c += BitOperations.PopCount(mask.ExtractMostSignificantBits());
        }
        for (; i < m; i++)
        {
            Unsafe.Add(ref dst, c) = keys[i];
            c += keys[i] <= pivot ? 1 : 0;
        }
        if (c < k) { SmallestFirst(keys, k); return; }
        scratch[..c].CopyTo(keys);
        SmallestFirst(keys[..c], k);
    }

    /// <summary>Adds the number of bytes equal to v to counts[v] for every v &lt; counts.Length (values at or above
    /// counts.Length are not allowed, as in the scalar form). With AVX-512 and up to 16 counters: one compare and
    /// popcount per counter per 64 values instead of one dependent increment per value.</summary>
    public static void CountBytes(ReadOnlySpan<byte> values, Span<int> counts)
    {
        int i = 0;
        if (counts.Length <= 16 && Vector512.IsHardwareAccelerated && Avx512BW.IsSupported)
        {
            ref byte src = ref MemoryMarshal.GetReference(values);
            for (int end = values.Length & ~63; i < end; i += 64)
            {
                var v = Vector512.LoadUnsafe(ref src, (nuint)i);
                for (int c = 0; c < counts.Length; c++)
                    counts[c] += BitOperations.PopCount(Vector512.Equals(v, Vector512.Create((byte)c)).ExtractMostSignificantBits());
            }
        }
        for (; i < values.Length; i++) counts[values[i]]++;
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
