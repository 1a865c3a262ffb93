using System.Text;
using WorkforceSim.Core.Random;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>
/// The uniform behind an uncertain parameter's value in a world: a pure function of (uncertainty seed, world index,
/// parameter name), counter-based like every other draw (<see cref="CounterRng"/>; no generator state). Consequences:
/// world <c>w</c> is the same whatever else the scenario holds or how many worlds run; two scenarios that have a
/// parameter of the same name draw it at the same probability in world <c>w</c> (comonotone, so a shared effect size
/// is the same quantile of its distribution in both); parameters of different names are independent.
/// </summary>
public static class WorldDraw
{
    /// <summary>The uniform in (0, 1) of parameter <paramref name="parameter"/> in world <paramref name="world"/>.</summary>
    /// <param name="seed">The uncertainty seed (docs/uncertainty.md: <c>uncertainty.seed</c>, default the run's seed).</param>
    /// <param name="world">World index, 0-based.</param>
    /// <param name="parameter">The parameter's name (its path in the scenario, e.g. <c>attrition.global_factor</c>).</param>
    public static double Unit(ulong seed, int world, string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ulong k = CounterRng.Mix(seed ^ 0x243F6A8885A308D3UL);             // π's fractional bits: not a stream key of the engine
        k = CounterRng.Mix(k ^ ((ulong)(uint)world * 0x13198A2E03707344UL));
        k = CounterRng.Mix(k ^ NameHash(parameter));
        return CounterRng.OpenUnit(CounterRng.Bits(k, 0));
    }

    /// <summary>FNV-1a (64-bit) of the name's UTF-8 bytes, then SplitMix64's finaliser: a stable, platform-independent key.</summary>
    public static ulong NameHash(string name)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return CounterRng.Mix(h);
    }
}
