using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WorkforceSim.Core;

/// <summary>Small AVX-512 helpers shared by the engine's kernels and the vector draws.</summary>
internal static class Vectors
{
    /// <summary>Vector512.Create(lo, hi) in registers: the JIT compiled Create(Vector256, Vector256) inside the hot loops
    /// as a stack slot loaded, patched and stored again, which chained every iteration on the previous one's store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Join<T>(Vector256<T> lo, Vector256<T> hi) =>
        Avx512F.InsertVector256(lo.ToVector512Unsafe().AsUInt64(), hi.AsUInt64(), 1).As<ulong, T>();
}
