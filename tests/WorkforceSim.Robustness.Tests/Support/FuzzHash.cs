namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>
/// Deterministic fuzzing choices from a counter hash (SplitMix64's finaliser over the input's coordinates), not a
/// seeded System.Random, so input number n is the same on every machine and .NET version and can be replayed alone.
/// </summary>
internal readonly struct FuzzHash(ulong key)
{
    public static FuzzHash For(params ulong[] coordinates)
    {
        ulong k = 0x243F6A8885A308D3UL;
        foreach (ulong c in coordinates) k = Mix(k ^ Mix(c + 0x9E3779B97F4A7C15UL));
        return new FuzzHash(k);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The n-th 64-bit value of this input's sequence.</summary>
    public ulong Bits(int n) => Mix(key + (ulong)(n + 1) * 0x9E3779B97F4A7C15UL);

    /// <summary>An integer in [0, bound) (bound ≥ 1).</summary>
    public int Below(int n, int bound) => (int)((Bits(n) >> 11) % (ulong)Math.Max(1, bound));
}
