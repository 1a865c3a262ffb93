using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Cli;

/// <summary>Refuses, before simulating, a run whose estimated memory or work exceeds the limits (docs/limits.md).</summary>
internal static class ResourceGuard
{
    /// <summary>The limits from <c>--max-memory</c> and <c>--max-teacher-years</c> (or their defaults); null after reporting a bad value.</summary>
    public static ResourceLimits? Limits(string? maxMemory, double? maxTeacherYears, TextWriter stderr)
    {
        long bytes = ResourceLimits.DefaultMaxMemoryBytes();
        if (maxMemory is not null && !ResourceEstimate.TryParseBytes(maxMemory, out bytes))
        {
            stderr.WriteLine($"wsim: error: --max-memory must be a size such as 4GB, 512MB or 1.5G, but is '{maxMemory}'.");
            return null;
        }
        if (maxTeacherYears is { } w && !(w >= 1 && double.IsFinite(w)))
        {
            stderr.WriteLine($"wsim: error: --max-teacher-years must be a positive number such as 1e9, but is {w}.");
            return null;
        }
        return new ResourceLimits { MaxMemoryBytes = bytes, MaxTeacherYears = maxTeacherYears ?? ResourceLimits.DefaultMaxTeacherYears };
    }

    /// <summary>True when the run fits; otherwise prints why (with the limit exceeded) and returns false.</summary>
    public static bool Fits(ScenarioSpec spec, RunOptions options, ResourceLimits limits, TextWriter stderr)
    {
        string? problem = ResourceEstimate.For(spec, options).Exceeds(limits);
        if (problem is null) return true;
        stderr.WriteLine($"wsim: error: {spec.Id}: {problem}");
        return false;
    }
}
