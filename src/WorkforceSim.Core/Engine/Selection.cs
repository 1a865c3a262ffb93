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
    /// Returns the largest of them (the key of rank k − 1) when 0 &lt; k &lt; keys.Length; else 0, keys unchanged.
    /// </summary>
    public static ulong SmallestFirst(Span<ulong> keys, int k) =>
        k <= 0 || k >= keys.Length ? 0 : Quickselect(keys, k - 1);

    /// <summary>
    /// Quickselect (Hoare partition, median of three) of rank <paramref name="k"/> (0-based, ascending): returns the
    /// value and leaves <paramref name="v"/> rearranged so that v[0..k] are the k + 1 smallest values. The one scalar
    /// selection behind <see cref="SmallestFirst"/>, <see cref="KthSmallest"/> and the last steps of
    /// <see cref="TrySelectVector"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Quickselect<T>(Span<T> v, int k) where T : unmanaged, IComparisonOperators<T, T, bool>
    {
        int lo = 0, hi = v.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            // median of three into v[mid]
            if (v[mid] < v[lo]) Swap(v, mid, lo);
            if (v[hi] < v[lo]) Swap(v, hi, lo);
            if (v[hi] < v[mid]) Swap(v, hi, mid);
            T pivot = v[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j) { Swap(v, i, j); i++; j--; }
            }
            // now v[lo..j] <= pivot <= v[i..hi]
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return v[k];
        }
        return v[k];
    }

    /// <summary>
    /// The value of rank <paramref name="k"/> (0-based, ascending) of <paramref name="values"/>, which is left
    /// unchanged: the same value as <see cref="KthSmallest"/> on a copy. A strided sample (one value in 64, or in 16
    /// below 16,384 values) brackets rank k between two of its order statistics, four binomial standard deviations
    /// (plus two) either side; one pass (AVX-512, 16 values a step) counts the values below the bracket and
    /// compress-stores those inside it into <paramref name="scratch"/>; the same again on those (about a tenth of the
    /// values, then a tenth of those), and a vector quickselect runs on the last few hundred. If rank k falls outside
    /// the bracket (rare: the bracket is wide), or for small inputs, it is copy + quickselect. A bracket whose ends are
    /// equal answers at once (every value in it is that value). <paramref name="scratch"/> needs values.Length + 16
    /// room (twice that lets the selection inside the bracket run in vector lanes). Replaces a radix selection whose
    /// histogram cost a scattered increment per teacher in Record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float KthSmallestCopy(ReadOnlySpan<float> values, int k, Span<float> scratch) =>
        KthSmallestCopy(values, k, scratch, sum: false, out _);

    /// <summary>
    /// <see cref="KthSmallestCopy(ReadOnlySpan{float}, int, Span{float})"/> and <see cref="LaneSum.Of(ReadOnlySpan{float})"/>
    /// of the same values (the same bits as each alone): the lane sums' additions, a chain of dependent additions
    /// alone, are made in the selection's first pass over the values, where they overlap its other work.
    /// </summary>
    public static float KthSmallestCopyAndSum(ReadOnlySpan<float> values, int k, Span<float> scratch, out double sum) =>
        KthSmallestCopy(values, k, scratch, sum: true, out sum);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float KthSmallestCopy(ReadOnlySpan<float> values, int k, Span<float> scratch, bool sum, out double laneSum)
    {
        int n = values.Length;
        laneSum = 0;
        if ((uint)k >= (uint)n) throw new ArgumentOutOfRangeException(nameof(k));
        if (scratch.Length < n + 16) throw new ArgumentException("scratch is too small", nameof(scratch));
        if (n < 2_048 || !Vector512.IsHardwareAccelerated || !Avx512F.IsSupported)
        {
            if (sum) laneSum = LaneSum.Of(values);
            return CopySelect(values, k, scratch);
        }
        int stride = n >= 16_384 ? 64 : 16;
        int s = n / stride;
        var sample = scratch[..s];
        for (int j = 0; j < s; j++) sample[j] = values[j * stride];
        double p = (double)k / n, margin = 4 * Math.Sqrt(s * p * (1 - p)) + 2;
        int rLo = Math.Max(0, (int)Math.Floor(p * s - margin)), rHi = Math.Min(s - 1, (int)Math.Ceiling(p * s + margin));
        var sampleWork = scratch[(s + 16)..];
        float lo = SelectInPlace(sample, rLo, sampleWork);
        float hi = SelectInPlace(sample, rHi, sampleWork);
        if (!(lo <= hi)) // NaN in the sample
        {
            if (sum) laneSum = LaneSum.Of(values);
            return CopySelect(values, k, scratch);
        }
        var vLo = Vector512.Create(lo); var vHi = Vector512.Create(hi);
        ref float src = ref MemoryMarshal.GetReference(values);
        ref float dst = ref MemoryMarshal.GetReference(scratch);
        int below = 0, c = 0, i = 0;
        var sumA = Vector512<double>.Zero; var sumB = Vector512<double>.Zero;
        for (int end = n & ~15; i < end; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref src, (nuint)i);
            if (sum) LaneSum.Add(ref sumA, ref sumB, v);
            below += BitOperations.PopCount(Vector512.LessThan(v, vLo).ExtractMostSignificantBits());
            var band = Vector512.GreaterThanOrEqual(v, vLo) & Vector512.LessThanOrEqual(v, vHi);
            Avx512F.Compress(Vector512<float>.Zero, band, v).StoreUnsafe(ref dst, (nuint)c);
            c += BitOperations.PopCount(band.ExtractMostSignificantBits());
        }
        if (sum) laneSum = LaneSum.Finish(sumA, sumB, values, i);
        for (; i < n; i++)
        {
            float v = values[i];
            below += v < lo ? 1 : 0;
            Unsafe.Add(ref dst, c) = v;
            c += v >= lo && v <= hi ? 1 : 0;
        }
        if (k < below || k >= below + c) return CopySelect(values, k, scratch);
        if (lo == hi) return lo; // every value in the bracket is lo
        // The bracket again on the values inside it (about a tenth of them), in the rest of the scratch.
        if (c >= 2_048 && c <= n / 2 && scratch.Length - (c + 16) >= c + 16)
            return KthSmallestCopy(scratch[..c], k - below, scratch[(c + 16)..]);
        return SelectInPlace(scratch[..c], k - below, scratch[(c + 16)..]);
    }

    private static float CopySelect(ReadOnlySpan<float> values, int k, Span<float> scratch)
    {
        var copy = scratch[..values.Length];
        values.CopyTo(copy);
        return SelectInPlace(copy, k, scratch[(values.Length + 16)..]);
    }

    /// <summary>
    /// The value of rank <paramref name="k"/> of <paramref name="a"/> (left unchanged; <paramref name="work"/> is
    /// overwritten), for float values or ulong keys: quickselect whose partition is one AVX-512 pass (a vector a
    /// step: the values below and above a median-of-three pivot compress-stored into two free buffers, the equal ones
    /// counted), repeated on the side that holds rank k, down to 16 values. The scalar partition mispredicts about one branch in two on
    /// random values (~10 ns a value); this one has no data-dependent branch. Returns false (and nothing) without
    /// AVX-512, with 64 values or fewer, a NaN pivot or too little room (work needs 3 × (a.Length + 16)); the caller
    /// then selects with the scalar quickselect.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySelectVector<T>(ReadOnlySpan<T> a, int k, Span<T> work, out T value)
        where T : unmanaged, IComparable<T>, IComparisonOperators<T, T, bool>
    {
        value = default;
        int size = a.Length + 16;
        if (!Vector512.IsHardwareAccelerated || !Avx512F.IsSupported || work.Length < 3 * size || a.Length <= 64) return false;
        ReadOnlySpan<T> cur = a;
        int curBuffer = -1; // -1: a; else the index of the work buffer holding cur
        while (cur.Length > 16)
        {
            int n = cur.Length;
            T p = MedianOfThree(cur[0], cur[n / 2], cur[n - 1]);
            if (typeof(T) == typeof(float) && float.IsNaN((float)(object)p)) return false;
            // The two work buffers not holding cur.
            int bl = curBuffer < 0 ? 0 : (curBuffer + 1) % 3, bg = curBuffer < 0 ? 1 : (curBuffer + 2) % 3;
            var lt = work.Slice(bl * size, size); var gt = work.Slice(bg * size, size);
            var vp = Vector512.Create(p);
            ref T src = ref MemoryMarshal.GetReference(cur);
            ref T l0 = ref MemoryMarshal.GetReference(lt);
            ref T g0 = ref MemoryMarshal.GetReference(gt);
            int step = Vector512<T>.Count, nl = 0, ng = 0, i = 0;
            for (int end = n - n % step; i < end; i += step)
            {
                var v = Vector512.LoadUnsafe(ref src, (nuint)i);
                var ml = Vector512.LessThan(v, vp);
                var mg = Vector512.GreaterThan(v, vp);
                nl += CompressStore(ml, v, ref l0, nl);
                ng += CompressStore(mg, v, ref g0, ng);
            }
            for (; i < n; i++)
            {
                T v = cur[i];
                int c = v.CompareTo(p);
                Unsafe.Add(ref l0, nl) = v; nl += c < 0 ? 1 : 0;
                Unsafe.Add(ref g0, ng) = v; ng += c > 0 ? 1 : 0;
            }
            if (k < nl) { cur = lt[..nl]; curBuffer = bl; }
            else if (k >= n - ng) { k -= n - ng; cur = gt[..ng]; curBuffer = bg; }
            else { value = p; return true; } // rank k is among the values equal to the pivot
        }
        Span<T> last = stackalloc T[cur.Length];
        cur.CopyTo(last);
        value = Quickselect(last, k); // a sort of the last few dozen values cost several times more
        return true;
    }

    /// <summary>Stores the lanes of v selected by mask contiguously at dst + at; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompressStore<T>(Vector512<T> mask, Vector512<T> v, ref T dst, int at) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Avx512F.Compress(Vector512<float>.Zero, mask.AsSingle(), v.AsSingle()).StoreUnsafe(ref Unsafe.As<T, float>(ref dst), (nuint)at);
        else if (typeof(T) == typeof(ulong))
            Avx512F.Compress(Vector512<ulong>.Zero, mask.AsUInt64(), v.AsUInt64()).StoreUnsafe(ref Unsafe.As<T, ulong>(ref dst), (nuint)at);
        else throw new NotSupportedException(typeof(T).Name);
        return BitOperations.PopCount(mask.ExtractMostSignificantBits());
    }

    private static T MedianOfThree<T>(T x, T y, T z) where T : IComparable<T>
    {
        if (x.CompareTo(y) > 0) (x, y) = (y, x);
        if (y.CompareTo(z) > 0) y = z;
        return x.CompareTo(y) > 0 ? x : y;
    }

    /// <summary>The value of rank k of <paramref name="a"/> (a scratch span: the scalar fallback reorders it).</summary>
    private static float SelectInPlace(Span<float> a, int k, Span<float> work) =>
        TrySelectVector<float>(a, k, work, out float v) ? v : KthSmallest(a, k);

    /// <summary>
    /// Like <see cref="SmallestFirst"/>: the <paramref name="k"/> smallest keys come first (in no particular order;
    /// the rest of <paramref name="keys"/> is left unspecified). Keys are unique, so they are exactly the keys at or
    /// below the one of rank k − 1: its value by <see cref="TrySelectVector"/>, then one compress pass gathers them.
    /// <paramref name="work"/> needs 3 × (keys.Length + 16) room, else (or without AVX-512) it is SmallestFirst.
    /// Returns what SmallestFirst returns: the key of rank k − 1 (0 and the keys unchanged unless 0 &lt; k &lt; keys.Length).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong SmallestFirstVector(Span<ulong> keys, int k, Span<ulong> work)
    {
        int m = keys.Length;
        if (k <= 0 || k >= m) return 0;
        if (!TrySelectVector<ulong>(keys, k - 1, work, out ulong kth)) return SmallestFirst(keys, k);
        var vk = Vector512.Create(kth);
        ref ulong src = ref MemoryMarshal.GetReference(keys);
        ref ulong dst = ref MemoryMarshal.GetReference(work);
        int c = 0, i = 0;
        for (int end = m & ~7; i < end; i += 8)
        {
            var v = Vector512.LoadUnsafe(ref src, (nuint)i);
            c += CompressStore(Vector512.LessThanOrEqual(v, vk), v, ref dst, c);
        }
        for (; i < m; i++)
        {
            Unsafe.Add(ref dst, c) = keys[i];
            c += keys[i] <= kth ? 1 : 0;
        }
        work[..k].CopyTo(keys);
        return kth;
    }

    /// <summary>Adds the number of bytes equal to v to counts[v] for every v &lt; counts.Length (values at or above
    /// counts.Length are not allowed, as in the scalar form). With AVX-512 and up to 16 counters: one compare and
    /// popcount per counter per 64 values instead of one dependent increment per value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    public static float KthSmallest(Span<float> values, int k) => Quickselect(values, k);

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
