using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WorkforceSim.Core.Random;

/// <summary>
/// AVX-512 forms of <see cref="CounterRng"/>'s draws, 8 counters a step, giving the same bits as the scalar
/// functions (the same integer hash; the same double operations in the same order for the tabulated normal; lanes in
/// the tail cells, 1.6% of draws, are computed by the scalar <see cref="CounterRng.Normal"/>). Callers check
/// <see cref="IsSupported"/> and keep a scalar path.
/// </summary>
internal static class CounterRngVector
{
    /// <summary>Whether the machine runs these kernels (AVX-512 F and DQ for 64-bit multiplies and conversions).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx512DQ.IsSupported;

    /// <summary><see cref="CounterRng.Bits"/> of 8 counters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Bits(Vector512<ulong> stream, Vector512<ulong> counter) =>
        Mix(stream + (counter + Vector512<ulong>.One) * Vector512.Create(CounterRng.Gamma));

    /// <summary>The SplitMix64 finalizer of <see cref="CounterRng.Bits"/> on 8 lanes (for callers that share the
    /// counter's multiply between streams: Bits(s, c) = Mix(s + (c + 1) × Gamma)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary><see cref="CounterRng.Normal"/> of 8 hashes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<double> Normal(Vector512<ulong> z, double* steps)
    {
        var normal = NormalBody(z, steps, out ulong tail);
        return tail == 0 ? normal : PatchTails(normal, z, tail);
    }

    /// <summary><see cref="CounterRng.Normal"/> of 8 hashes except in the lanes set in <paramref name="tail"/> (the
    /// outermost cells, where the exact quantile is needed: the caller computes those lanes with the scalar
    /// function). <paramref name="steps"/>: <see cref="NormalTable.ScaledSteps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<double> NormalBody(Vector512<ulong> z, double* steps, out ulong tail)
    {
        var cell = z >> (64 - NormalTable.Bits);
        var at = cell << 1;
        // Each lane's cell's lower end and scaled step are adjacent in the table: one 16-byte load per lane, then two
        // permutes split the pairs into a and step — fewer micro-ops than four 4-lane gathers.
        // (Vector512.Create of two halves compiled to a stack slot loaded, patched and stored again, chaining each
        // call on the previous one: the halves are joined in registers instead.)
        // Each 128-bit quarter of the cells is extracted once and read twice.
        var c01 = at.GetLower().GetLower(); var c23 = at.GetLower().GetUpper();
        var c45 = at.GetUpper().GetLower(); var c67 = at.GetUpper().GetUpper();
        var p0 = Vectors.Join(
            Vector256.Create(Vector128.Load(steps + c01.ToScalar()), Vector128.Load(steps + c01.GetElement(1))),
            Vector256.Create(Vector128.Load(steps + c23.ToScalar()), Vector128.Load(steps + c23.GetElement(1))));
        var p1 = Vectors.Join(
            Vector256.Create(Vector128.Load(steps + c45.ToScalar()), Vector128.Load(steps + c45.GetElement(1))),
            Vector256.Create(Vector128.Load(steps + c67.ToScalar()), Vector128.Load(steps + c67.GetElement(1))));
        SplitPairs(p0, p1, out var a, out var step);
        return Interpolate(a, step, z, cell, out tail);
    }

    /// <summary><see cref="NormalBody(Vector512{ulong}, double*, out ulong)"/> of the 8 hashes at
    /// <paramref name="zs"/> (already in memory): each lane's cell index is read from there with a scalar load and
    /// shift instead of moved out of the vector register lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<double> NormalBody(ulong* zs, double* steps, out ulong tail)
    {
        const int shift = 64 - NormalTable.Bits;
        LoadPairs(steps, zs, shift, 2, out var a, out var step);
        var z = Vector512.Load(zs);
        return Interpolate(a, step, z, z >> shift, out tail);
    }

    /// <summary>
    /// The pairs table[step × (zs[j] ≫ shift)], table[step × (zs[j] ≫ shift) + 1] of the 8 hashes at
    /// <paramref name="zs"/>: one 16-byte load per lane (the index by a scalar load and shift of the stored hash), the
    /// pairs split into their first and second elements by <see cref="SplitPairs"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void LoadPairs(double* table, ulong* zs, int shift, int step, out Vector512<double> first, out Vector512<double> second)
    {
        var p0 = Vectors.Join(
            Vector256.Create(Vector128.Load(table + step * (long)(zs[0] >> shift)), Vector128.Load(table + step * (long)(zs[1] >> shift))),
            Vector256.Create(Vector128.Load(table + step * (long)(zs[2] >> shift)), Vector128.Load(table + step * (long)(zs[3] >> shift))));
        var p1 = Vectors.Join(
            Vector256.Create(Vector128.Load(table + step * (long)(zs[4] >> shift)), Vector128.Load(table + step * (long)(zs[5] >> shift))),
            Vector256.Create(Vector128.Load(table + step * (long)(zs[6] >> shift)), Vector128.Load(table + step * (long)(zs[7] >> shift))));
        SplitPairs(p0, p1, out first, out second);
    }

    /// <summary>Pairs of doubles, 4 lanes' pairs in <paramref name="p0"/> and 4 in <paramref name="p1"/>, split by two
    /// permutes into their first and second elements (8 lanes each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitPairs(Vector512<double> p0, Vector512<double> p1, out Vector512<double> first, out Vector512<double> second)
    {
        first = Avx512F.PermuteVar8x64x2(p0, Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14), p1);
        second = Avx512F.PermuteVar8x64x2(p0, Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15), p1);
    }

    /// <summary>The tabulated normal of hashes <paramref name="z"/> (cells <paramref name="cell"/>) from the cells'
    /// lower ends <paramref name="a"/> and scaled steps <paramref name="step"/> (<see cref="NormalTable.ScaledSteps"/>):
    /// linear interpolation by the next 40 bits, the same double as the scalar function; the lanes in the tail cells
    /// are set in <paramref name="tail"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Interpolate(Vector512<double> a, Vector512<double> step, Vector512<ulong> z, Vector512<ulong> cell, out ulong tail)
    {
        var f = Vector512.ConvertToDouble((z << NormalTable.Bits) >> 24);
        tail = Vector512.GreaterThanOrEqual(cell - Vector512.Create((ulong)NormalTable.TailCells),
            Vector512.Create((ulong)(NormalTable.Cells - 2 * NormalTable.TailCells))).ExtractMostSignificantBits();
        return a + step * f;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> PatchTails(Vector512<double> normal, Vector512<ulong> z, ulong tail)
    {
        Span<double> patch = stackalloc double[8];
        normal.CopyTo(patch);
        for (ulong m = tail; m != 0; m &= m - 1)
        {
            int l = BitOperations.TrailingZeroCount(m);
            patch[l] = CounterRng.Normal(z.GetElement(l));
        }
        return Vector512.Create<double>(patch);
    }

    /// <summary>
    /// dst[j] = <see cref="CounterRng.Normal"/>(<see cref="CounterRng.Bits"/>(stream, counter0 + j)) for every j: the
    /// draws of consecutive counters (the initial workforce's rows, a hiring round's vacancies). With AVX-512, 8 a
    /// step: the hashes stored and the cells read back by scalar loads (<see cref="NormalBody(ulong*, double*, out
    /// ulong)"/>: moving them out of the register lane by lane cost more), and the tail lanes (1.6%) of up to 256
    /// draws at a time finished together by <see cref="TailNormals"/> after them, where their quantiles overlap
    /// (patched into each step as they came, with PatchTails: Normals and the patches 6.5 → 4.1% of R1's samples).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // its 7 KB of stack buffers are written before they are read: not zeroed on every call
    public static unsafe void Normals(ulong stream, ulong counter0, Span<double> dst, bool vector)
    {
        int j = 0;
        if (vector && IsSupported)
        {
            const int chunk = 256;
            var vStream = Vector512.Create(stream);
            var ctr = Vector512.Create(counter0) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            var v8 = Vector512.Create(8UL);
            ulong* zs = stackalloc ulong[chunk];
            int* tailAt = stackalloc int[chunk];
            Span<ulong> tailBits = stackalloc ulong[chunk];
            Span<double> tailValues = stackalloc double[chunk];
            ref double d0 = ref MemoryMarshal.GetReference(dst);
            fixed (double* q = NormalTable.ScaledSteps)
                for (int end = dst.Length & ~7; j < end;)
                {
                    // The chunk's hashes first, then its normals: a hash read back right after its store waited
                    // for the store (with both in one loop a draw here cost ~3.7 times a draw of the service).
                    int stop = Math.Min(end, j + chunk), tails = 0;
                    for (int o = 0; o < stop - j; o += 8, ctr += v8) Bits(vStream, ctr).Store(zs + o);
                    for (int o = 0; j < stop; j += 8, o += 8)
                    {
                        NormalBody(zs + o, q, out ulong tail).StoreUnsafe(ref d0, (nuint)j);
                        for (; tail != 0; tail &= tail - 1)
                        {
                            int l = BitOperations.TrailingZeroCount(tail);
                            tailAt[tails] = j + l;
                            tailBits[tails++] = zs[o + l];
                        }
                    }
                    TailNormals(tailBits[..tails], tailValues, vector: true);
                    for (int k = 0; k < tails; k++) Unsafe.Add(ref d0, tailAt[k]) = tailValues[k];
                }
        }
        for (; j < dst.Length; j++) dst[j] = CounterRng.Normal(CounterRng.Bits(stream, counter0 + (ulong)j));
    }

    /// <summary>
    /// <see cref="ValueIndices(ulong, ulong, ReadOnlySpan{double}, Span{int}, bool)"/> of a distribution with its
    /// bucket table: with AVX-512 and a usable table (<see cref="ValueIndexTable.Usable"/>), 8 draws a step look
    /// up their uniform's bucket — the shares at or below its lower edge, and the one share inside it, if any — and
    /// compare the uniform with that one share: a table load and a compare instead of a compare per share (R1's
    /// initial workforce, 30 shares: ValueIndices 1.7 → 0.6% of the run). The same indices as the scan.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ValueIndices(ulong stream, ulong counter0, ValueIndexTable table, Span<int> dst, bool vector)
    {
        if (!(vector && IsSupported && table.Usable))
        {
            ValueIndices(stream, counter0, table.Cumulative, dst, vector);
            return;
        }
        int j = 0, last = table.Cumulative.Length - 1;
        const int shift = 64 - ValueIndexTable.BucketBits;
        var vStream = Vector512.Create(stream);
        var ctr = Vector512.Create(counter0) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var v8 = Vector512.Create(8UL);
        var vLast = Vector512.Create((long)last);
        var scale = Vector512.Create(1.0 / (1UL << 53));
        ulong* zs = stackalloc ulong[8];
        ref int d0 = ref MemoryMarshal.GetReference(dst);
        fixed (double* b = table.Buckets)
        {
            for (int end = dst.Length & ~7; j < end; j += 8, ctr += v8)
            {
                var z = Bits(vStream, ctr);
                z.Store(zs);
                var u = Vector512.ConvertToDouble(z >> 11) * scale;
                // Each bucket is a (share inside, count at or below the lower edge) pair, read as NormalBody reads
                // the normal table's cells.
                LoadPairs(b, zs, shift, 2, out var inside, out var below);
                var count = below.AsInt64() - Vector512.LessThanOrEqual(inside, u).AsInt64(); // −(−1) when the share is ≤ u
                Avx512F.ConvertToVector256Int32(Vector512.Min(count, vLast)).StoreUnsafe(ref d0, (nuint)j);
            }
        }
        if (j < dst.Length) ValueIndices(stream, counter0 + (ulong)j, table.Cumulative, dst[j..], vector: false);
    }

    /// <summary>
    /// dst[j] = the first index k with u &lt; cumulative[k] (the last index if none) for the uniform
    /// u = <see cref="CounterRng.Unit"/>(<see cref="CounterRng.Bits"/>(stream, counter0 + j)): the value index of an
    /// integer distribution, as a linear scan of its cumulative shares finds it. With AVX-512 and up to 64 values,
    /// 8 draws a step count the cumulative shares at or below u (branch-free; the shares are non-decreasing, so the
    /// count is that first index).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ValueIndices(ulong stream, ulong counter0, ReadOnlySpan<double> cumulative, Span<int> dst, bool vector)
    {
        int j = 0, last = cumulative.Length - 1;
        if (vector && IsSupported && cumulative.Length <= 64)
        {
            var vStream = Vector512.Create(stream);
            var ctr = Vector512.Create(counter0) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            var v8 = Vector512.Create(8UL);
            var vLast = Vector512.Create((long)last);
            var scale = Vector512.Create(1.0 / (1UL << 53));
            ref int d0 = ref MemoryMarshal.GetReference(dst);
            for (int end = dst.Length & ~7; j < end; j += 8, ctr += v8)
            {
                var u = Vector512.ConvertToDouble(Bits(vStream, ctr) >> 11) * scale;
                var count = Vector512<long>.Zero;
                foreach (double c in cumulative)
                    count -= Vector512.LessThanOrEqual(Vector512.Create(c), u).AsInt64(); // −(−1) per share ≤ u
                Avx512F.ConvertToVector256Int32(Vector512.Min(count, vLast)).StoreUnsafe(ref d0, (nuint)j);
            }
        }
        for (; j < dst.Length; j++)
        {
            double u = CounterRng.Unit(CounterRng.Bits(stream, counter0 + (ulong)j));
            int k = 0;
            while (k < last && !(u < cumulative[k])) k++;
            dst[j] = k;
        }
    }

    /// <summary>
    /// dst[j] = <see cref="CounterRng.Normal"/>(bits[j]) for hashes in the tail cells (p below 2⁻⁷ or above
    /// 1 − 2⁻⁷, where <see cref="NormalQuantile.Of"/> takes its log branch), 8 a step: the logs by the scalar
    /// <see cref="Math.Log"/>, the square root, both rational functions (each lane keeps the one its r picks) and the
    /// division in vector lanes, with the scalar function's operations in its order (no fused multiply-adds), so the
    /// bits are the same. A tail draw costs about a hundred cycles of dependent latency alone; eight in lanes share it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TailNormals(ReadOnlySpan<ulong> bits, Span<double> dst, bool vector)
    {
        int j = 0;
        if (vector && IsSupported)
        {
            Span<double> logs = stackalloc double[8];
            var half = Vector512.Create(0.5);
            for (int end = bits.Length & ~7; j < end; j += 8)
            {
                var b = Vector512.Create(bits.Slice(j, 8));
                var p = (Vector512.ConvertToDouble(b >> 11) + half) * Vector512.Create(1.0 / (1UL << 53)); // OpenUnit
                var q = p - half;
                var neg = Vector512.LessThan(q, Vector512<double>.Zero);
                var side = Vector512.ConditionalSelect(neg, p, Vector512<double>.One - p);
                for (int l = 0; l < 8; l++) logs[l] = Math.Log(side.GetElement(l));
                var rr = Vector512.Sqrt(-Vector512.Create<double>(logs));
                var small = Vector512.LessThanOrEqual(rr, Vector512.Create(5.0));
                var r1 = rr - Vector512.Create(1.6);
                var v1 = (((((((r1 * C(7.7454501427834140764e-4) + C(0.0227238449892691845833)) * r1 + C(0.24178072517745061177)) * r1
                        + C(1.27045825245236838258)) * r1 + C(3.64784832476320460504)) * r1 + C(5.7694972214606914055)) * r1
                        + C(4.6303378461565452959)) * r1 + C(1.42343711074968357734))
                      / (((((((r1 * C(1.05075007164441684324e-9) + C(5.475938084995344946e-4)) * r1 + C(0.0151986665636164571966)) * r1
                        + C(0.14810397642748007459)) * r1 + C(0.68976733498510000455)) * r1 + C(1.6763848301838038494)) * r1
                        + C(2.05319162663775882187)) * r1 + Vector512<double>.One);
                // r > 5 only for p below e⁻²⁵ (about 1e-11): the second branch is computed only when a lane needs it.
                var val = v1;
                if (!Vector512.EqualsAll(small.AsUInt64(), Vector512<ulong>.AllBitsSet))
                {
                    var r2 = rr - Vector512.Create(5.0);
                    var v2 = (((((((r2 * C(2.01033439929228813265e-7) + C(2.71155556874348757815e-5)) * r2 + C(0.0012426609473880784386)) * r2
                            + C(0.026532189526576123093)) * r2 + C(0.29656057182850489123)) * r2 + C(1.7848265399172913358)) * r2
                            + C(5.4637849111641143699)) * r2 + C(6.6579046435011037772))
                          / (((((((r2 * C(2.04426310338993978564e-15) + C(1.4215117583164458887e-7)) * r2 + C(1.8463183175100546818e-5)) * r2
                            + C(7.868691311456132591e-4)) * r2 + C(0.0148753612908506148525)) * r2 + C(0.13692988092273580531)) * r2
                            + C(0.59983220655588793769)) * r2 + Vector512<double>.One);
                    val = Vector512.ConditionalSelect(small, v1, v2);
                }
                Vector512.ConditionalSelect(neg, -val, val).CopyTo(dst.Slice(j, 8));
            }
        }
        for (; j < bits.Length; j++) dst[j] = CounterRng.Normal(bits[j]);

        static Vector512<double> C(double c) => Vector512.Create(c);
    }
}
