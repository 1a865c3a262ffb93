using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void R1_runs_and_keeps_headcount_at_positions()
    {
        var spec = TestSpecs.R1(positions: 65_000, years: 30, replications: 4);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = Simulator.Run(spec, new RunOptions { Threads = 1 });
        sw.Stop();
        var rep = r.Replications[0];
        int hc = r.Metrics.IndexOf("headcount");
        Assert.Equal(65_000, rep[hc, 29]);
        Console.WriteLine($"R1 4 reps: {sw.Elapsed.TotalSeconds:F2}s, {65_000.0 * 30 * 4 / sw.Elapsed.TotalSeconds / 1e6:F1} M TY/s");
        foreach (var m in new[] { "headcount.novice", "headcount.career", "headcount.advanced", "headcount.lead", "exits", "mean_effectiveness", "retention.hired_5y" })
            Console.WriteLine($"{m}: y1={rep[r.Metrics.IndexOf(m), 0]} y30={rep[r.Metrics.IndexOf(m), 29]}");
    }
}
