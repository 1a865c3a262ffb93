using WorkforceSim.Core.Random;

namespace WorkforceSim.Sweeps.Designs;

/// <summary>Counter-based random numbers for designs (scrambling, strata, bootstrap): a pure function of (seed, stream, counter).</summary>
internal readonly struct DesignRandom(ulong seed, ulong stream)
{
    private readonly ulong _key = CounterRng.Mix(CounterRng.Mix(seed ^ 0x5EED_5EED_5EED_5EEDUL) + stream * CounterRng.Gamma);

    public ulong Bits(ulong counter) => CounterRng.Bits(_key, counter);
    public double OpenUnit(ulong counter) => CounterRng.OpenUnit(Bits(counter));

    /// <summary>An integer in [0, n) (Lemire's multiply-shift; the bias is below 2⁻³² for any n used here).</summary>
    public int Below(ulong counter, int n) => (int)(((Bits(counter) >> 32) * (ulong)n) >> 32);
}
