using System.Globalization;
using WorkforceSim.Core.Engine;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps.Designs;

namespace WorkforceSim.Sweeps;

/// <summary>
/// The resource guard of a sweep (docs/limits.md): before any point runs, every point's scenario is built and
/// estimated (<see cref="ResourceEstimate"/>) as the point will run it. Points run one after another, so each must fit
/// the memory limit on its own; the work limit applies to the teacher-years of all the points together.
/// </summary>
public static class SweepResources
{
    /// <summary>
    /// The problem when a point needs more memory than <paramref name="limits"/> allow, or the points together more
    /// teacher-years; null when the sweep fits.
    /// </summary>
    /// <exception cref="SweepInputException">A point's scenario is not valid (found here, before any point runs).</exception>
    public static string? Check(SweepDefinition def, IReadOnlyList<SweepPoint> points, int? threads, ResourceLimits limits,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(limits);
        var estimates = new ResourceEstimate[points.Count];
        var invalid = new SweepInputException?[points.Count];
        var options = new RunOptions { Replications = def.Replications, Threads = threads };
        // Building a point's scenario takes milliseconds; a large design is checked on every core.
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            try { estimates[i] = ResourceEstimate.For(SweepRunner.PointScenario(def, points[i]), options); }
            catch (SweepInputException e) { invalid[i] = e; }
        });
        if (invalid.FirstOrDefault(e => e is not null) is { } bad) throw bad;

        var memoryOnly = limits with { MaxTeacherYears = double.PositiveInfinity };
        for (int i = 0; i < points.Count; i++)
            if (estimates[i].Exceeds(memoryOnly) is { } problem)
                return $"{SweepRunner.Describe(def, points[i])}: {problem}";

        double total = estimates.Sum(e => e.TeacherYears);
        if (total <= limits.MaxTeacherYears) return null;
        var inv = CultureInfo.InvariantCulture;
        double largest = estimates.Max(e => e.TeacherYears);
        return $"the sweep would simulate {total.ToString("0.###e0", inv)} teacher-years ({points.Count.ToString("N0", inv)} points × " +
               $"{def.Replications.ToString("N0", inv)} replications; the largest point {largest.ToString("0.###e0", inv)}), more than the limit of " +
               $"{limits.MaxTeacherYears.ToString("0.###e0", inv)} — use fewer points, replications or positions, split it with --shard, " +
               "or raise the limit with --max-teacher-years.";
    }
}
