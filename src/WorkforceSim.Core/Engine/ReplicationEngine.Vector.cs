using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static WorkforceSim.Core.Random.CounterRng;

namespace WorkforceSim.Core.Engine;

/// <summary>
/// AVX-512 kernels of the per-teacher passes. Each works on whole blocks of rows and leaves the remainder to the
/// scalar loop of the same pass, which stays the path on machines without AVX-512 (or with WSIM_SCALAR=1 set, to
/// compare the two). Both paths compute the same values with the same operations in the same order, so outputs are
/// bit-identical whichever runs (checked on every shipped scenario, and by the determinism tests).
/// </summary>
internal sealed partial class ReplicationEngine
{
    /// <summary>Whether the AVX-512 kernels run (needs F, BW, DQ for 64-bit multiplies, VBMI2 for byte/short
    /// compress). WSIM_SCALAR=1 forces the scalar loops.</summary>
    internal static readonly bool VectorExits = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx512BW.IsSupported
        && Avx512DQ.IsSupported && Avx512Vbmi2.IsSupported && Environment.GetEnvironmentVariable("WSIM_SCALAR") != "1";

    /// <summary>
    /// The exit pass over rows [0, end) (end a multiple of 64), in blocks of 64 rows: a 64-bit exit mask from the
    /// vectorised key (table index), threshold and SplitMix64 hash (<see cref="ExitMaskBlock"/>); the set bits (about
    /// 7% of rows on R1) counted as drawn when nothing follows an exit (<see cref="_directExits"/>; listed and counted
    /// after the pass when every reason is fixed), else turned into exit records; with <see cref="_fuseService"/>, the
    /// stayers' service computed in the same block (<see cref="ServiceBlock"/>); the stayers compacted in place with
    /// compress instructions (per column, 1 to 4 compress + full-width store per block instead of a load/store per row
    /// and column). A block with no exit before the first exit of the year is left in place. Returns end. Measured on
    /// R1 (one thread): the vector pass took the run 30–31 → 40 M teacher-years per CPU-second (machine under load);
    /// counting exits as drawn, fusing the service and batching the tail normals took exits + service 5.5 → 3.8 ns a
    /// teacher-year (quiet machine; benchmarks/README.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int DrawExitBlocks(int end, ulong exitStream, ulong timeStream, double endShare,
        ref int kept, ref int exits, ref int top, ref int exitsInitial, ref double salarySum, ref double extraSum)
    {
        var t = _t; var tab = _tables;
        int initialCount = t.InitialCount;
        bool pay = tab.AnyPay;
        float topCut = _topCut;
        int k = kept;
        var vTop = Vector512.Create(topCut);
        // The rating dimension needs the rating history decoded: those scenarios take the scalar mask.
        bool vectorKeys = tab.StrideRating == 0;
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref float eff0 = ref MemoryMarshal.GetArrayDataReference(t.Effectiveness);
        // Keys and hash bits of the current block, kept for its exits (no recomputation per exit).
        Span<int> blockKeys = stackalloc int[64];
        Span<ulong> blockBits = stackalloc ulong[64];
        ref int bk0 = ref MemoryMarshal.GetReference(blockKeys);
        ref ulong bb0 = ref MemoryMarshal.GetReference(blockBits);
        // Service fused into this pass (see FusedService): the stayers' new yos and effectiveness are computed with
        // the exit draws (sharing the counter's multiply) into block buffers, written back after the block's exits
        // are counted and before the compaction moves them.
        bool fuse = _fuseService;
        bool direct = _directExits;
        ulong growthStream = fuse ? StreamKey(_spec.Seed, _rep, _year, Random.DrawPurpose.Growth) : 0UL;
        bool growthFlat = tab.GrowthFlatFrom15;
        Span<float> newEff = stackalloc float[64];
        Span<byte> newYos = stackalloc byte[64];
        ref float ne0 = ref MemoryMarshal.GetReference(newEff);
        ref byte ny0 = ref MemoryMarshal.GetReference(newYos);
        // The block's growth hashes (tailZ), kept from ExitMaskBlock for the service (ServiceBlock); the tail lanes
        // among them are finished after the pass.
        ulong blockTails = 0; // set by each block's service (with the service fused)
        int tails = 0;
        float sd = (float)_p.Effectiveness.GrowthNoiseSd;
        Span<ulong> tailZ = stackalloc ulong[64];
        ref ulong tz0 = ref MemoryMarshal.GetReference(tailZ);
        // The direct exit counts (see the exit loop below).
        int topExits = 0;
        // The year's exits as a list of key << 8 | yos (bit 31: an initial row) when every reason is fixed and no pay
        // is kept per exit: the per-exit loop below (reason, yos histogram) kept its values on the stack; the list is
        // counted after the pass in a loop of its own. Keys must fit in 23 bits. The list lives in the promotion
        // keys' scratch (free until the promotion round).
        bool listExits = direct && vectorKeys && !pay && tab.AllReasonsFixed && tab.ExitThreshold.Length <= 1 << 23;
        var exitList = listExits ? MemoryMarshal.Cast<ulong, int>(Scratch(ref _keys, end / 2 + 16)) : default;
        ref int list0 = ref MemoryMarshal.GetReference(exitList);
        int listed = 0;
        ref sbyte fixedReason0 = ref MemoryMarshal.GetArrayDataReference(tab.FixedReason);
        ref long byYos0 = ref MemoryMarshal.GetArrayDataReference(_result.ExitsByYos);
        fixed (double* q = Random.NormalTable.ScaledSteps)
        fixed (float* growth = tab.GrowthByNewYos)
        fixed (ulong* thr = tab.ExitThreshold)
        {
            for (int i = 0; i < end; i += 64)
            {
                ulong exitMask = 0;
                if (vectorKeys)
                {
                    exitMask = ExitMaskBlock(i, t, tab, thr, exitStream, growthStream, fuse,
                        (int*)Unsafe.AsPointer(ref bk0), (ulong*)Unsafe.AsPointer(ref bb0), (ulong*)Unsafe.AsPointer(ref tz0));
                    if (fuse)
                        blockTails = ServiceBlock((ulong*)Unsafe.AsPointer(ref tz0), q, ref Unsafe.Add(ref yos0, i), ref Unsafe.Add(ref eff0, i),
                            ref ny0, ref ne0, growth, growthFlat, sd);
                }
                else exitMask = ScalarExitMask(i, exitStream);

                ulong topMask = 0;
                for (int b = 0; b < 4; b++)
                    topMask |= Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref eff0, (nuint)(i + 16 * b)), vTop).ExtractMostSignificantBits() << (16 * b);
                top += BitOperations.PopCount(topMask);

                // Exits first (counted, or recorded: AddExit), the compaction below overwrites rows of this block.
                if (direct && vectorKeys)
                {
                    // Counted as drawn, as CountExit counts them, from the block's keys and hash bits: the counts
                    // that need no row by mask (exits, top-quintile exits, exits of the initial workforce), the
                    // reason from the key when it is fixed (YearTables.FixedReason: no division), four reason
                    // counters packed in one register, and the arrays held in locals (CountExit per exit reloaded
                    // them after every increment).
                    if (exitMask != 0)
                    {
                        exits += BitOperations.PopCount(exitMask);
                        topExits += BitOperations.PopCount(exitMask & topMask);
                        if (listExits)
                        {
                            // Every reason fixed and no pay: the exits' (key, yos) compressed onto the year's list,
                            // 16 rows a step, counted after the pass (CountListedExits).
                            // The four quarters written out: as a loop (not unrolled in this method) the count
                            // and the pointers were reloaded from the stack every quarter.
                            ref byte yosBlock = ref Unsafe.Add(ref yos0, i);
                            listed = ListExits((uint)exitMask & 0xFFFF, i, ref bk0, ref yosBlock, initialCount, ref list0, listed);
                            listed = ListExits((uint)(exitMask >> 16) & 0xFFFF, i + 16, ref Unsafe.Add(ref bk0, 16), ref Unsafe.Add(ref yosBlock, 16), initialCount, ref list0, listed);
                            listed = ListExits((uint)(exitMask >> 32) & 0xFFFF, i + 32, ref Unsafe.Add(ref bk0, 32), ref Unsafe.Add(ref yosBlock, 32), initialCount, ref list0, listed);
                            listed = ListExits((uint)(exitMask >> 48), i + 48, ref Unsafe.Add(ref bk0, 48), ref Unsafe.Add(ref yosBlock, 48), initialCount, ref list0, listed);
                        }
                        else
                        {
                            ulong reasons = 0;
                            for (ulong em = exitMask; em != 0; em &= em - 1)
                            {
                                int l = BitOperations.TrailingZeroCount(em), j = i + l;
                                int key = Unsafe.Add(ref bk0, l);
                                int yos = Unsafe.Add(ref yos0, j);
                                int reason = Unsafe.Add(ref fixedReason0, key);
                                if (reason < 0) reason = ReasonOf(Unsafe.Add(ref bb0, l), key, Math.Min(yos, tab.YosCap));
                                reasons += 1UL << (16 * reason);
                                Unsafe.Add(ref byYos0, Math.Min(yos, Results.ReplicationResult.MaxYos))++;
                                if (j < initialCount) LeaveInitial(yos);
                                if (pay) AddDirectPay(key);
                            }
                            for (int r = 0; r < 4; r++) _exitsByReason[r] += (int)(reasons >> (16 * r)) & 0xFFFF;
                        }
                        if (initialCount > i) exitsInitial += BitOperations.PopCount(initialCount >= i + 64 ? exitMask : exitMask & ((1UL << (initialCount - i)) - 1));
                    }
                }
                else
                for (ulong em = exitMask; em != 0; em &= em - 1)
                {
                    int l = BitOperations.TrailingZeroCount(em), j = i + l;
                    int y = Math.Min((int)t.Yos[j], tab.YosCap);
                    float e = t.Effectiveness[j];
                    ulong counter = TeacherCounter(t.HireYear[j], t.Index[j]);
                    int key = vectorKeys ? blockKeys[l] : tab.KeyOf(t, j);
                    ulong bits = vectorKeys ? blockBits[l] : Bits(exitStream, counter);
                    AddExit(j, key, y, e, e >= topCut, bits, counter, timeStream, endShare, ref exits);
                    if (j < initialCount) exitsInitial++;
                }
                if (pay)
                {
                    // Stayers in row order, as the scalar loop adds them.
                    for (ulong sm = ~exitMask; sm != 0; sm &= sm - 1)
                    {
                        int l = BitOperations.TrailingZeroCount(sm);
                        int key = vectorKeys ? Unsafe.Add(ref bk0, l) : tab.KeyOf(t, i + l);
                        salarySum += tab.Salary[key];
                        extraSum += tab.ExtraPay[key];
                    }
                }
                ulong stayingTails = blockTails & ~exitMask;
                if (stayingTails != 0)
                {
                    if (tails + BitOperations.PopCount(stayingTails) > _tailRows.Length) GrowTails();
                    tails = ListTails(stayingTails, ~exitMask, k, tails, ref tz0, ref Unsafe.Add(ref eff0, i), ref ny0, growth);
                }
                if (exitMask == 0 && k == i)
                {
                    k += 64;
                    if (fuse)
                    {
                        Vector512.LoadUnsafe(ref ny0).StoreUnsafe(ref yos0, (nuint)i);
                        for (int c = 0; c < 64; c += 16) Vector512.LoadUnsafe(ref ne0, (nuint)c).StoreUnsafe(ref eff0, (nuint)(i + c));
                    }
                }
                // With the service fused, the served yos and effectiveness are compacted from the block buffers.
                else if (fuse) k = Compact64(i, k, ~exitMask, ref ny0, ref Unsafe.As<float, uint>(ref ne0));
                else k = Compact64(i, k, ~exitMask, ref Unsafe.Add(ref yos0, i), ref Unsafe.As<float, uint>(ref Unsafe.Add(ref eff0, i)));
            }
        }
        // The tail rows: e + (growth + sd × normal) with the exact tail quantile, in the same float operations as the
        // vector lanes. Done for the whole pass in one loop, where the quantiles (a log, a square root, a division)
        // of successive rows overlap instead of each stalling its block.
        var tailNormals = Scratch(ref _doubles, tails);
        Random.CounterRngVector.TailNormals(_tailBits.AsSpan(0, tails), tailNormals, vector: true);
        ref int rows = ref MemoryMarshal.GetArrayDataReference(_tailRows);
        ref float es = ref MemoryMarshal.GetArrayDataReference(_tailE), gs = ref MemoryMarshal.GetArrayDataReference(_tailG);
        ref double zs = ref MemoryMarshal.GetReference(tailNormals);
        for (int j = 0; j < tails; j++)
            Unsafe.Add(ref eff0, Unsafe.Add(ref rows, j)) = Unsafe.Add(ref es, j) + (Unsafe.Add(ref gs, j) + sd * (float)Unsafe.Add(ref zs, j));
        if (listExits) CountListedExits(exitList[..listed], tab.FixedReason);
        _topExits += topExits;
        kept = k;
        return end;
    }

    /// <summary>Lists the exits among 16 rows (see <see cref="DrawExitBlocks"/>): key &lt;&lt; 8 | yos, bit 31 set for
    /// rows of the initial workforce (rows below <paramref name="initialCount"/>), compressed onto the list at
    /// <paramref name="listed"/>; returns the new count. The mask comes from the exit mask's bits (<see cref="LaneMask"/>):
    /// quarters of a byte mask, selected by a switch, compiled to a jump table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ListExits(uint bits, int row, ref int keys, ref byte yos, int initialCount,
        ref int list, int listed)
    {
        var packed = (Vector512.LoadUnsafe(ref keys) << 8) | Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref yos));
        if (row < initialCount)
            packed |= Vector512.LessThan(Vector512.Create(row) + RowOffsets, Vector512.Create(initialCount)) & Vector512.Create(int.MinValue);
        Avx512F.Compress(Vector512<int>.Zero, LaneMask(bits), packed).StoreUnsafe(ref list, (nuint)listed);
        return listed + BitOperations.PopCount(bits);
    }

    /// <summary>
    /// The exit mask of rows [i, i + 64) with vector keys (see <see cref="DrawExitBlocks"/>): the table key of each row
    /// (16 rows a step; stored in <paramref name="keys"/>), then 8 rows a step its threshold (scalar loads from the
    /// stored keys), the SplitMix64 hash of the exit stream compared with it (stored in <paramref name="bits"/>), and
    /// with <paramref name="fuse"/> the growth stream's hash sharing the counter's multiply (stored in
    /// <paramref name="growthHashes"/> for the service). A method of its own so that its constants stay in registers
    /// (inside the exit pass they were reloaded from the stack every step).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe ulong ExitMaskBlock(int i, State.TeacherTable t, YearTables tab, ulong* thr, ulong exitStream,
        ulong growthStream, bool fuse, int* keys, ulong* bits, ulong* growthHashes)
    {
        bool useSegments = tab.StrideSegment != 0, useFlags = tab.StrideQuintile != 0 || tab.StrideCoach != 0;
        var vCap = Vector512.Create(tab.YosCap); var vMand = Vector512.Create(tab.MandatoryExitYos);
        var vSY = Vector512.Create(tab.StrideYos); var vSS = Vector512.Create(tab.StrideStage);
        var vSG = Vector512.Create(tab.StrideSegment); var vSQ = Vector512.Create(tab.StrideQuintile);
        var vSC = Vector512.Create(tab.StrideCoach); var v7 = Vector512.Create(TeacherTableMasks.Coach);
        var vStream = Vector512.Create(exitStream); var vGamma = Vector512.Create(Gamma);
        var vGrowthStream = Vector512.Create(growthStream);
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref byte stage0 = ref MemoryMarshal.GetArrayDataReference(t.Stage);
        ref byte seg0 = ref MemoryMarshal.GetArrayDataReference(t.Segment);
        ref byte flag0 = ref MemoryMarshal.GetArrayDataReference(t.Flags);
        ref ushort hy0 = ref Unsafe.As<short, ushort>(ref MemoryMarshal.GetArrayDataReference(t.HireYear));
        ref uint idx0 = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetArrayDataReference(t.Index));
        ulong exitMask = 0;
        // The keys of 16 rows a step (stored for the thresholds and the exits), and the mandatory exits.
        for (int b = 0; b < 4; b++)
        {
            nuint r = (nuint)(i + 16 * b);
            var y = Vector512.Min(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref yos0, r)), vCap);
            var st = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref stage0, r));
            var key = y * vSY + st * vSS;
            // Dimensions the table does not use have stride 0: their columns are not read.
            if (useSegments) key += Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref seg0, r)) * vSG;
            if (useFlags)
            {
                var f = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref flag0, r));
                key += ((f >> TeacherTableMasks.QuintileShift) & v7) * vSQ + (f & v7) * vSC;
            }
            key.Store(keys + 16 * b);
            exitMask |= Vector512.GreaterThanOrEqual(y, vMand).ExtractMostSignificantBits() << (16 * b);
        }
        // Then 8 rows a step (one loop, not one per half of each 16: the nested loop's constants were reloaded from
        // the stack): the thresholds by scalar loads from the stored keys (two 4-lane gathers cost more), the hash.
        for (int o = 0; o < 64; o += 8)
        {
            int* kp = keys + o;
            var th = Vectors.Join(
                Vector256.Create(Vector128.Create(thr[kp[0]], thr[kp[1]]), Vector128.Create(thr[kp[2]], thr[kp[3]])),
                Vector256.Create(Vector128.Create(thr[kp[4]], thr[kp[5]]), Vector128.Create(thr[kp[6]], thr[kp[7]])));
            nuint r = (nuint)(i + o);
            var ctr = (Avx512F.ConvertToVector512UInt64(Vector128.LoadUnsafe(ref hy0, r)) << 32)
                    | Avx512F.ConvertToVector512UInt64(Vector256.LoadUnsafe(ref idx0, r));
            var w = (ctr + Vector512<ulong>.One) * vGamma;
            var z = Random.CounterRngVector.Mix(vStream + w);
            z.Store(bits + o);
            exitMask |= Vector512.LessThan(z, th).ExtractMostSignificantBits() << o;
            // The growth hash, kept for the block's service.
            if (fuse) Random.CounterRngVector.Mix(vGrowthStream + w).Store(growthHashes + o);
        }
        return exitMask;
    }

    /// <summary>
    /// The fused service of one 64-row block (see <see cref="DrawExitBlocks"/>): e += growth + sd × normal from the
    /// block's stored growth hashes <paramref name="zs"/>, 8 rows a step, into the block buffers (new yos
    /// <paramref name="newYos"/>, new effectiveness <paramref name="newEff"/>); returns the block's tail lanes (their
    /// inputs are read again from the rows and the growth table for them: storing the growth and the old
    /// effectiveness of every row in case it was a tail cost two stores a step). A method of its own: inside the exit
    /// pass the loop's pointers and constants were kept on the stack and reloaded every step (too many live values).
    /// The normal's chain (cell, table loads, interpolation) is long, and in a loop apart from the hashes and exit
    /// tests more of them overlap (in the same loop as the hashes: R1 one thread ~10% slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe ulong ServiceBlock(ulong* zs, double* q, ref byte yosRow, ref float effRow, ref byte newYos,
        ref float newEff, float* growth, bool growthFlat, float sd)
    {
        var growthLo = Vector256.Load(growth); var growthHi = Vector256.Load(growth + 8);
        var vSd = Vector256.Create(sd);
        ulong tails = 0;
        for (int o = 0; o < 64; o += 8)
        {
            // As ServeBlocks: yos + 1 (saturating), growth by the new yos, e += growth + sd × normal.
            var nf = Avx512F.ConvertToVector256Single(Random.CounterRngVector.NormalBody(zs + o, q, out ulong tail));
            var y8 = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref yosRow, o))).AsByte();
            var g = GrowthOfNextYos(y8, out var yNext, growth, growthFlat, growthLo, growthHi);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref newYos, o), yNext.AsUInt64().ToScalar());
            var e8 = Vector256.LoadUnsafe(ref effRow, (nuint)o);
            (e8 + (g + vSd * nf)).StoreUnsafe(ref newEff, (nuint)o);
            // Tail lanes (1.6%) are finished with the exact quantile after the pass (see DrawExitBlocks).
            // Unconditional: a branch on tail != 0 (true for one step in eight) mispredicted.
            tails |= tail << o;
        }
        return tails;
    }

    /// <summary>
    /// Counts the year's listed exits (key &lt;&lt; 8 | yos, bit 31 set for the initial workforce's rows, see
    /// <see cref="DrawExitBlocks"/>) by their fixed reason and by yos, as the per-exit loop counts them: the reasons
    /// in four 16-bit fields of one register (added out every 65,535 exits), the yos in four interleaved histograms
    /// (a hire cohort's exits come in a row with one yos: one histogram would chain each increment on the last); the
    /// initial rows' exits off their census.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void CountListedExits(ReadOnlySpan<int> list, sbyte[] fixedReason)
    {
        const int KeyMask = (1 << 23) - 1;
        const int maxYos = Results.ReplicationResult.MaxYos;
        long* h = stackalloc long[4 * (maxYos + 1)];
        new Span<long>(h, 4 * (maxYos + 1)).Clear();
        fixed (int* l = list)
        fixed (sbyte* fr = fixedReason)
        {
            for (int start = 0; start < list.Length; start += 65_535)
            {
                ulong reasons = 0;
                int stop = Math.Min(list.Length, start + 65_535), j = start;
                for (; j + 4 <= stop; j += 4)
                {
                    int p0 = l[j], p1 = l[j + 1], p2 = l[j + 2], p3 = l[j + 3];
                    reasons += (1UL << (16 * fr[(p0 >> 8) & KeyMask])) + (1UL << (16 * fr[(p1 >> 8) & KeyMask]))
                             + (1UL << (16 * fr[(p2 >> 8) & KeyMask])) + (1UL << (16 * fr[(p3 >> 8) & KeyMask]));
                    h[Math.Min(p0 & 255, maxYos)]++;
                    h[maxYos + 1 + Math.Min(p1 & 255, maxYos)]++;
                    h[2 * (maxYos + 1) + Math.Min(p2 & 255, maxYos)]++;
                    h[3 * (maxYos + 1) + Math.Min(p3 & 255, maxYos)]++;
                    // Initial rows' exits come first in the list (their rows are first): a predictable branch.
                    if ((p0 | p1 | p2 | p3) < 0)
                    {
                        if (p0 < 0) LeaveInitial(p0 & 255);
                        if (p1 < 0) LeaveInitial(p1 & 255);
                        if (p2 < 0) LeaveInitial(p2 & 255);
                        if (p3 < 0) LeaveInitial(p3 & 255);
                    }
                }
                for (; j < stop; j++)
                {
                    int pj = l[j];
                    reasons += 1UL << (16 * fr[(pj >> 8) & KeyMask]);
                    h[Math.Min(pj & 255, maxYos)]++;
                    if (pj < 0) LeaveInitial(pj & 255);
                }
                for (int r = 0; r < 4; r++) _exitsByReason[r] += (int)(reasons >> (16 * r)) & 0xFFFF;
            }
        }
        var byYos = _result.ExitsByYos;
        for (int y = 0; y <= maxYos; y++) byYos[y] += h[y] + h[maxYos + 1 + y] + h[2 * (maxYos + 1) + y] + h[3 * (maxYos + 1) + y];
    }

    private int[] _tailRows = new int[256];
    private ulong[] _tailBits = new ulong[256];
    private float[] _tailE = new float[256], _tailG = new float[256];

    private void GrowTails()
    {
        int n = _tailRows.Length * 2;
        Array.Resize(ref _tailRows, n); Array.Resize(ref _tailBits, n); Array.Resize(ref _tailE, n); Array.Resize(ref _tailG, n);
    }

    /// <summary>
    /// Lists a block's stayers among its tail lanes (<paramref name="m"/>) at _tail*[tails..] (the caller makes room):
    /// the row the compaction will move each to (<paramref name="blockStart"/> + the stayers before it), its growth
    /// hash, its old effectiveness (read before the compaction overwrites the block's rows) and the growth of its new
    /// yos (the table entry the service's lanes read); finished after the pass (see <see cref="DrawExitBlocks"/>).
    /// Returns the new count. A method of its own: inside the pass its loop kept every value on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private unsafe int ListTails(ulong m, ulong stay, int blockStart, int tails, ref ulong growthHashes, ref float effBlock,
        ref byte newYos, float* growth)
    {
        ref int rows = ref MemoryMarshal.GetArrayDataReference(_tailRows);
        ref ulong bits = ref MemoryMarshal.GetArrayDataReference(_tailBits);
        ref float es = ref MemoryMarshal.GetArrayDataReference(_tailE);
        ref float gs = ref MemoryMarshal.GetArrayDataReference(_tailG);
        for (; m != 0; m &= m - 1)
        {
            int l = BitOperations.TrailingZeroCount(m);
            Unsafe.Add(ref rows, tails) = blockStart + BitOperations.PopCount(stay & ((1UL << l) - 1));
            Unsafe.Add(ref bits, tails) = Unsafe.Add(ref growthHashes, l);
            Unsafe.Add(ref es, tails) = Unsafe.Add(ref effBlock, l);
            Unsafe.Add(ref gs, tails++) = growth[Unsafe.Add(ref newYos, l)];
        }
        return tails;
    }

    /// <summary>The exit mask of rows [i, i + 64) computed as the scalar loop does (any table layout).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong ScalarExitMask(int i, ulong exitStream)
    {
        var t = _t; var tab = _tables;
        var thr = tab.ExitThreshold;
        int mandatory = tab.MandatoryExitYos;
        ulong mask = 0;
        for (int j = 0; j < 64; j++)
        {
            int row = i + j;
            int y = Math.Min((int)t.Yos[row], tab.YosCap);
            int key = tab.KeyOf(t, row);
            ulong bits = Bits(exitStream, TeacherCounter(t.HireYear[row], t.Index[row]));
            if (bits < thr[key] || y >= mandatory) mask |= 1UL << j;
        }
        return mask;
    }

    /// <summary>Moves the rows of [i, i + 64) whose bit is set in <paramref name="stay"/> to k, k + 1, ... (k ≤ i),
    /// keeping their order, in every column; returns the new k. The block's yos and effectiveness are read from
    /// <paramref name="yosSrc"/> and <paramref name="effSrc"/> (the table's rows i.., or the fused service's block
    /// buffers). Full-width stores write past the kept rows, but only into rows of this block already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Compact64(int i, int k, ulong stay, ref byte yosSrc, ref uint effSrc)
    {
        var t = _t;
        var bm = ByteMask(stay);
        Avx512Vbmi2.Compress(Vector512<byte>.Zero, bm, Vector512.LoadUnsafe(ref yosSrc))
            .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(t.Yos), (nuint)k);
        CompressBytes(t.Stage, i, k, bm);
        // Columns that are zero in every row for the whole run (see _zeroSegments) need no moving.
        if (!_zeroSegments) CompressBytes(t.Segment, i, k, bm);
        if (!_zeroFlags) CompressBytes(t.Flags, i, k, bm);
        var sb = bm.AsSByte();
        var m16Lo = Avx512BW.ConvertToVector512Int16(sb.GetLower()).AsUInt16();
        var m16Hi = Avx512BW.ConvertToVector512Int16(sb.GetUpper()).AsUInt16();
        int cLo = BitOperations.PopCount((uint)stay);
        CompressShorts(ref Unsafe.As<short, ushort>(ref MemoryMarshal.GetArrayDataReference(t.HireYear)), i, k, cLo, m16Lo, m16Hi);
        if (!_zeroRatings) CompressShorts(ref MemoryMarshal.GetArrayDataReference(t.Ratings), i, k, cLo, m16Lo, m16Hi);
        ref uint idx0 = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetArrayDataReference(t.Index));
        ref uint eff0 = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetArrayDataReference(t.Effectiveness));
        // Each quarter's mask from the bits of stay (LaneMask): quarters of the byte mask, selected by a switch,
        // compiled to a jump table.
        int dst = k;
        for (int c = 0; c < 64; c += 16)
            dst = CompressDwords((uint)(stay >> c) & 0xFFFF, ref idx0, ref eff0, (nuint)(i + c), ref Unsafe.Add(ref effSrc, c), dst);
        return dst;
    }

    /// <summary>Moves the 16 index and effectiveness values at <paramref name="src"/> (effectiveness from
    /// <paramref name="effSrc"/>) whose bit is set in <paramref name="bits"/> to <paramref name="dst"/>..; returns
    /// dst + their count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompressDwords(uint bits, ref uint idx0, ref uint eff0, nuint src, ref uint effSrc, int dst)
    {
        var m = LaneMask(bits).AsUInt32();
        Avx512F.Compress(Vector512<uint>.Zero, m, Vector512.LoadUnsafe(ref idx0, src)).StoreUnsafe(ref idx0, (nuint)dst);
        Avx512F.Compress(Vector512<uint>.Zero, m, Vector512.LoadUnsafe(ref effSrc)).StoreUnsafe(ref eff0, (nuint)dst);
        return dst + BitOperations.PopCount(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompressBytes(byte[] a, int i, int k, Vector512<byte> mask)
    {
        ref byte a0 = ref MemoryMarshal.GetArrayDataReference(a);
        Avx512Vbmi2.Compress(Vector512<byte>.Zero, mask, Vector512.LoadUnsafe(ref a0, (nuint)i)).StoreUnsafe(ref a0, (nuint)k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompressShorts(ref ushort a0, int i, int k, int countLo, Vector512<ushort> lo, Vector512<ushort> hi)
    {
        var vLo = Vector512.LoadUnsafe(ref a0, (nuint)i);
        var vHi = Vector512.LoadUnsafe(ref a0, (nuint)(i + 32));
        Avx512Vbmi2.Compress(Vector512<ushort>.Zero, lo, vLo).StoreUnsafe(ref a0, (nuint)k);
        Avx512Vbmi2.Compress(Vector512<ushort>.Zero, hi, vHi).StoreUnsafe(ref a0, (nuint)(k + countLo));
    }

    /// <summary>Bit j in lane j (see <see cref="LaneMask"/>).</summary>
    private static readonly Vector512<int> LaneBits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>All ones in lane j iff bit j of <paramref name="bits"/> (16 bits) is set: a broadcast, an AND and a
    /// compare, which the compiler feeds to a compress as a mask register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> LaneMask(uint bits) => Vector512.Equals(Vector512.Create((int)bits) & LaneBits, LaneBits);

    private static readonly Vector512<int> RowOffsets = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    private static readonly Vector512<byte> ByteOfBit = Vector512.Create(
        (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
        4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);
    private static readonly Vector512<byte> BitInByte = Vector512.Create(
        (byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128,
        1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>0xFF in byte lane j iff bit j of <paramref name="m"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ByteMask(ulong m)
    {
        var spread = Vector512.Shuffle(Vector512.Create(m).AsByte(), ByteOfBit);
        var bits = BitInByte;
        return Vector512.Equals(spread & bits, bits);
    }

    /// <summary>
    /// Service without coaching roles over rows [0, end) (end a multiple of 8), 8 rows a step: yos + 1 (saturating at
    /// 255), the SplitMix64 hash, the tabulated normal (cell gather + linear interpolation in double, as
    /// <see cref="Random.CounterRng.Normal"/>; lanes in the tail cells, 1.6% of draws, are redone by the scalar
    /// function), growth gathered by the new yos, and e += growth + sd × (float)normal in the scalar's float order.
    /// Returns end. Measured on R1 (one thread, process CPU time, load ~20): 40 → 43–46 M teacher-years per CPU-second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int ServeBlocks(int start, int end, ulong stream, float sd)
    {
        var t = _t;
        var vStream = Vector512.Create(stream);
        var vSd = Vector256.Create(sd);
        var tab = _tables;
        bool growthFlat = tab.GrowthFlatFrom15;
        var growthLo = Vector256.Create(tab.GrowthByNewYos.AsSpan(0, 8)); var growthHi = Vector256.Create(tab.GrowthByNewYos.AsSpan(8, 8));
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref ushort hy0 = ref Unsafe.As<short, ushort>(ref MemoryMarshal.GetArrayDataReference(t.HireYear));
        ref uint idx0 = ref Unsafe.As<int, uint>(ref MemoryMarshal.GetArrayDataReference(t.Index));
        ref float eff0 = ref MemoryMarshal.GetArrayDataReference(t.Effectiveness);
        fixed (double* q = Random.NormalTable.ScaledSteps)
        fixed (float* growth = tab.GrowthByNewYos)
        {
            for (int i = start; i < end; i += 8)
            {
                nuint r = (nuint)i;
                ref byte yRef = ref Unsafe.Add(ref yos0, i);
                var y8 = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref yRef)).AsByte();
                var g = GrowthOfNextYos(y8, out var yNext, growth, growthFlat, growthLo, growthHi);
                Unsafe.WriteUnaligned(ref yRef, yNext.AsUInt64().ToScalar());

                var ctr = (Avx512F.ConvertToVector512UInt64(Vector128.LoadUnsafe(ref hy0, r)) << 32)
                        | Avx512F.ConvertToVector512UInt64(Vector256.LoadUnsafe(ref idx0, r));
                var normal = Random.CounterRngVector.Normal(Random.CounterRngVector.Bits(vStream, ctr), q);
                var nf = Avx512F.ConvertToVector256Single(normal);
                var e = Vector256.LoadUnsafe(ref eff0, r);
                (e + (g + vSd * nf)).StoreUnsafe(ref eff0, r);
            }
        }
        return end;
    }

    /// <summary>
    /// <see cref="GatherEligible"/> for top-effectiveness order without a cut (keys over <paramref name="maxKey"/>, the
    /// floor of PromotionRound, left out): 16 rows a step, the keys (~ordered bits of e) &lt;&lt; 32 | row of the
    /// eligible rows of [start, stop) stored in row order (the same keys[0..m) as the scalar loop). Needs room for
    /// stop − start + 16 keys. Rows past the last multiple of 16 go through the scalar test. With
    /// <paramref name="blockStride"/> over 64 (a multiple of 64, and stop − start a multiple of it plus 64), only
    /// the first 64 rows of every blockStride rows: the sample of <see cref="SampledFloor"/>. The test and the
    /// compress run in 32-bit lanes and only the compressed lanes are widened to keys (<see cref="AppendKeys"/>):
    /// against 8 rows a step in 64-bit lanes, R1 one thread 3–5% faster (alternating processes, best and median of 8
    /// rounds), two threads median 5%.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherEligibleTopBlocks(Span<ulong> keys, int start, int stop, byte fromStage, int minYos, ulong maxKey,
        int blockStride = 64)
    {
        var t = _t;
        if (minYos > 255) return 0; // yos is a byte
        // The floor's low 32 bits are all ones (or it is ulong.MaxValue), so key ≤ maxKey is order ≤ its high half.
        var vMaxOrder = Vector512.Create((uint)(maxKey >> 32));
        ref ulong dst = ref MemoryMarshal.GetReference(keys);
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref byte stage0 = ref MemoryMarshal.GetArrayDataReference(t.Stage);
        ref uint eff0 = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetArrayDataReference(t.Effectiveness));
        var vFrom = Vector512.Create((uint)fromStage); var vMin = Vector512.Create((uint)Math.Max(0, minYos));
        var v16 = Vector512.Create(16u);
        int end = start + ((stop - start) & ~15), m = 0, i = start;
        // With blockStride > 64, only the first 64 rows of every blockStride (a sample: SampledFloor).
        for (int blockStart = start; blockStart < end; blockStart += blockStride)
        {
            var vRow = Vector512.Create((uint)blockStart) + RowOffsets.AsUInt32();
            for (i = blockStart; i < Math.Min(blockStart + 64, end); i += 16)
            {
                // 16 rows a step in 32-bit lanes: the test, then the passing rows' keys appended.
                nuint r = (nuint)i;
                var st = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref stage0, r));
                var y = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref yos0, r));
                var ordered = KeyOrder(Vector512.LoadUnsafe(ref eff0, r));
                var mask = Vector512.Equals(st, vFrom) & Vector512.GreaterThanOrEqual(y, vMin) & Vector512.LessThanOrEqual(ordered, vMaxOrder);
                AppendKeys(mask, ordered, vRow, ref dst, ref m);
                vRow += v16;
            }
        }
        for (; i < stop; i++) AppendKey(t, i, fromStage, minYos, maxKey, ref dst, ref m);
        return m;
    }

    /// <summary>The order bits of 16 effectiveness values (their float bits): ~<see cref="Selection.OrderedBits"/>,
    /// so that a smaller order is a higher effectiveness.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> KeyOrder(Vector512<uint> u) => ~(u ^ ((u.AsInt32() >> 31).AsUInt32() | Vector512.Create(0x80000000u)));

    /// <summary>Appends the keys (order &lt;&lt; 32 | row) of the lanes set in <paramref name="mask"/> at keys[m] and
    /// advances m by their count: the passing lanes' order and row compressed in 32-bit lanes, and only those
    /// widened into 64-bit keys (the pair (row, order) of 32-bit lanes: two interleaving permutes, two full-width
    /// stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendKeys(Vector512<uint> mask, Vector512<uint> ordered, Vector512<uint> rows, ref ulong keys, ref int m)
    {
        var co = Avx512F.Compress(Vector512<uint>.Zero, mask, ordered);
        var cr = Avx512F.Compress(Vector512<uint>.Zero, mask, rows);
        Avx512F.PermuteVar16x32x2(cr, Vector512.Create(0u, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), co).AsUInt64().StoreUnsafe(ref keys, (nuint)m);
        Avx512F.PermuteVar16x32x2(cr, Vector512.Create(8u, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), co).AsUInt64().StoreUnsafe(ref keys, (nuint)(m + 8));
        m += BitOperations.PopCount(mask.ExtractMostSignificantBits());
    }

    /// <summary>The scalar form of the gathers' step for row <paramref name="i"/>: its key written at keys[m], m
    /// advanced when the row is of <paramref name="fromStage"/>, yos ≥ minYos and key ≤ maxKey (branch-free).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendKey(State.TeacherTable t, int i, byte fromStage, int minYos, ulong maxKey, ref ulong keys, ref int m)
    {
        ulong key = ((ulong)~Selection.OrderedBits(t.Effectiveness[i]) << 32) | (uint)i;
        Unsafe.Add(ref keys, m) = key;
        m += (t.Stage[i] == fromStage ? 1 : 0) & (t.Yos[i] >= minYos ? 1 : 0) & (key <= maxKey ? 1 : 0);
    }

    /// <summary>
    /// <see cref="GatherEligibleTopBlocks"/> of two rules in one pass (rows [0, n)): each 16 rows' stage, yos and
    /// ordered effectiveness computed once, then each rule's test, compress and stores into its own keys
    /// (<paramref name="keysA"/>, <paramref name="keysB"/>, each with room for n + 16). Returns rule A's count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherTwoRulesBlocks(Span<ulong> keysA, Span<ulong> keysB, int n, byte fromA, int minA, ulong maxA,
        byte fromB, int minB, ulong maxB, out int countB)
    {
        var t = _t;
        if (keysA.Length < n + 16 || keysB.Length < n + 16) throw new ArgumentException("keys need n + 16 room");
        var vMaxA = Vector512.Create((uint)(maxA >> 32)); var vMaxB = Vector512.Create((uint)(maxB >> 32));
        var vFromA = Vector512.Create((uint)fromA); var vMinA = Vector512.Create((uint)Math.Clamp(minA, 0, 256));
        var vFromB = Vector512.Create((uint)fromB); var vMinB = Vector512.Create((uint)Math.Clamp(minB, 0, 256));
        ref ulong dstA = ref MemoryMarshal.GetReference(keysA);
        ref ulong dstB = ref MemoryMarshal.GetReference(keysB);
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref byte stage0 = ref MemoryMarshal.GetArrayDataReference(t.Stage);
        ref uint eff0 = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetArrayDataReference(t.Effectiveness));
        var vRow = RowOffsets.AsUInt32();
        var v16 = Vector512.Create(16u);
        int end = n & ~15, mA = 0, mB = 0, i = 0;
        for (; i < end; i += 16)
        {
            nuint r = (nuint)i;
            var st = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref stage0, r));
            var y = Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref yos0, r));
            var ordered = KeyOrder(Vector512.LoadUnsafe(ref eff0, r));
            AppendKeys(Vector512.Equals(st, vFromA) & Vector512.GreaterThanOrEqual(y, vMinA) & Vector512.LessThanOrEqual(ordered, vMaxA),
                ordered, vRow, ref dstA, ref mA);
            AppendKeys(Vector512.Equals(st, vFromB) & Vector512.GreaterThanOrEqual(y, vMinB) & Vector512.LessThanOrEqual(ordered, vMaxB),
                ordered, vRow, ref dstB, ref mB);
            vRow += v16;
        }
        for (; i < n; i++)
        {
            AppendKey(t, i, fromA, minA, maxA, ref dstA, ref mA);
            AppendKey(t, i, fromB, minB, maxB, ref dstB, ref mB);
        }
        countB = mB;
        return mA;
    }

    /// <summary>Promotes every row of <paramref name="fromStage"/> with yos ≥ minYos to <paramref name="to"/> (ratings
    /// restart); returns how many. 64 rows a step with AVX-512, else one by one (branch-free).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int PromoteAll(byte fromStage, int minYos, byte to, int n)
    {
        var t = _t;
        if (minYos > 255) return 0; // yos is a byte
        byte min = (byte)Math.Max(0, minYos);
        ref byte yos0 = ref MemoryMarshal.GetArrayDataReference(t.Yos);
        ref byte stage0 = ref MemoryMarshal.GetArrayDataReference(t.Stage);
        ref ushort rat0 = ref MemoryMarshal.GetArrayDataReference(t.Ratings);
        int count = 0, i = 0;
        if (VectorExits)
        {
            var vFrom = Vector512.Create(fromStage); var vMin = Vector512.Create(min); var vTo = Vector512.Create(to);
            for (int end = n & ~63; i < end; i += 64)
            {
                nuint r = (nuint)i;
                var st = Vector512.LoadUnsafe(ref stage0, r);
                var elig = Vector512.Equals(st, vFrom) & Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref yos0, r), vMin);
                ulong bits = elig.ExtractMostSignificantBits();
                if (bits == 0) continue;
                count += BitOperations.PopCount(bits);
                Vector512.ConditionalSelect(elig, vTo, st).StoreUnsafe(ref stage0, r);
                var sb = elig.AsSByte();
                var lo = Avx512BW.ConvertToVector512Int16(sb.GetLower()).AsUInt16();
                var hi = Avx512BW.ConvertToVector512Int16(sb.GetUpper()).AsUInt16();
                Vector512.AndNot(Vector512.LoadUnsafe(ref rat0, r), lo).StoreUnsafe(ref rat0, r);
                Vector512.AndNot(Vector512.LoadUnsafe(ref rat0, r + 32), hi).StoreUnsafe(ref rat0, r + 32);
            }
        }
        for (; i < n; i++)
        {
            if (t.Stage[i] != fromStage || t.Yos[i] < min) continue;
            t.Stage[i] = to;
            t.Ratings[i] = 0;
            count++;
        }
        return count;
    }

    /// <summary>
    /// The quintile flags of rows [0, end) (end a multiple of 16), 16 rows a step: the quintile − 1 is the number of
    /// cuts q1, q2, q3 and the top cut at or below the effectiveness (four compares), stored in bits 3–5 next to the
    /// coaching bits, as the scalar loop in StartYear does. Returns end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int QuintileFlagBlocks(int end, float q1, float q2, float q3)
    {
        var t = _t;
        ref float eff0 = ref MemoryMarshal.GetArrayDataReference(t.Effectiveness);
        ref byte flag0 = ref MemoryMarshal.GetArrayDataReference(t.Flags);
        var c1 = Vector512.Create(q1); var c2 = Vector512.Create(q2); var c3 = Vector512.Create(q3); var c4 = Vector512.Create(_topCut);
        var coach = Vector128.Create((byte)TeacherTableMasks.Coach);
        for (int i = 0; i < end; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref eff0, (nuint)i);
            // Each compare is −1 where true: minus their sum counts the cuts passed.
            var q = -(Vector512.GreaterThanOrEqual(v, c1).AsInt32() + Vector512.GreaterThanOrEqual(v, c2).AsInt32()
                    + Vector512.GreaterThanOrEqual(v, c3).AsInt32() + Vector512.GreaterThanOrEqual(v, c4).AsInt32());
            var qb = Avx512F.ConvertToVector128Byte(q << TeacherTableMasks.QuintileShift);
            var f = Vector128.LoadUnsafe(ref flag0, (nuint)i);
            ((f & coach) | qb).StoreUnsafe(ref flag0, (nuint)i);
        }
        return end;
    }

    /// <summary>
    /// Service of 8 rows in lanes, as Serve's scalar loop: the yos bytes + 1 (saturating at 255) in
    /// <paramref name="next"/>, and the growth of the new yos returned — read by a register permute of the first 16
    /// entries when the table is flat from yos 15 up (<paramref name="flat"/>; <paramref name="lo"/> and
    /// <paramref name="hi"/> hold them), else gathered.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> GrowthOfNextYos(Vector128<byte> y8, out Vector128<byte> next, float* growth, bool flat,
        Vector256<float> lo, Vector256<float> hi)
    {
        var yNew = Vector256.Min(Avx2.ConvertToVector256Int32(y8) + Vector256<int>.One, Vector256.Create(255));
        next = Sse2.AddSaturate(y8, Vector128<byte>.One);
        return flat ? Avx512F.VL.PermuteVar8x32x2(lo, Vector256.Min(yNew, Vector256.Create(15)), hi) : Avx2.GatherVector256(growth, yNew, 4);
    }

    /// <summary>dst[j] = (float)(mean + sd × normals[j]), 8 a step with AVX-512 (the same double multiply, add and
    /// rounding to float as the scalar expression; no fused multiply-add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleNormals(ReadOnlySpan<double> normals, double mean, double sd, Span<float> dst)
    {
        if (dst.Length != normals.Length) throw new ArgumentException("lengths differ", nameof(dst));
        int j = 0;
        if (VectorExits)
        {
            var vMean = Vector512.Create(mean); var vSd = Vector512.Create(sd);
            ref double n0 = ref MemoryMarshal.GetReference(normals);
            ref float d0 = ref MemoryMarshal.GetReference(dst);
            for (int end = dst.Length & ~7; j < end; j += 8)
                Avx512F.ConvertToVector256Single(vMean + vSd * Vector512.LoadUnsafe(ref n0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
        }
        for (; j < dst.Length; j++) dst[j] = (float)(mean + sd * normals[j]);
    }

    /// <summary>dst[j] = first + j (rows' indices), 16 a step with AVX-512.</summary>
    private static void Iota(Span<int> dst, int first)
    {
        int j = 0;
        if (VectorExits)
        {
            var v = Vector512.Create(first) + RowOffsets;
            var v16 = Vector512.Create(16);
            ref int d0 = ref MemoryMarshal.GetReference(dst);
            for (int end = dst.Length & ~15; j < end; j += 16, v += v16) v.StoreUnsafe(ref d0, (nuint)j);
        }
        for (; j < dst.Length; j++) dst[j] = first + j;
    }

    private static class TeacherTableMasks
    {
        public const int Coach = State.TeacherTable.CoachMask;
        public const int QuintileShift = State.TeacherTable.QuintileShift;
    }
}
