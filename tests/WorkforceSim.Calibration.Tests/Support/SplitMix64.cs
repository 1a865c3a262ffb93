namespace WorkforceSim.Calibration.Tests.Support;

/// <summary>
/// Counter-based uniform draws for synthetic rosters: each draw is a SplitMix64 hash of (seed, teacher, year, purpose),
/// so a teacher's fate does not depend on generation order (and no System.Random is involved).
/// </summary>
internal static class SplitMix64
{
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The key of one teacher's draws under a seed (hash it once, then draw per year).</summary>
    public static ulong TeacherKey(ulong seed, long teacher) => Mix(seed ^ Mix((ulong)teacher));

    /// <summary>A uniform in [0, 1) from the 53 high bits of the hash of (teacher key, year, purpose).</summary>
    public static double Uniform(ulong teacherKey, long year, ulong purpose = 0) =>
        (Mix(teacherKey ^ Mix((ulong)year ^ (purpose << 40))) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform for (seed, teacher, year, purpose).</summary>
    public static double Uniform(ulong seed, long teacher, long year, ulong purpose) => Uniform(TeacherKey(seed, teacher), year, purpose);
}
