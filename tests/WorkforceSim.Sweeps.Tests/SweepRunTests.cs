using System.Diagnostics;
using WorkforceSim.Scenarios.Sweeps;

namespace WorkforceSim.Sweeps.Tests;

public class SweepRunTests
{
    private static SweepDefinition Load(string path)
    {
        var r = SweepLoader.Load(path);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r.Sweep!;
    }

    private static SweepRunSummary Run(SweepDefinition def, string dir, (int, int)? shard = null, bool resume = false) =>
        SweepRunner.Run(def, dir, Cli.WsimApp.Version, new SweepRunOptions { Shard = shard, Resume = resume, Charts = false, Threads = 2 });

    [Fact]
    public void Three_shards_merged_equal_one_run_byte_for_byte()
    {
        string tmp = Support.TempDir();
        var def = Load(Support.WriteSmallSweep(tmp));
        Run(def, Path.Combine(tmp, "full"));
        for (int i = 1; i <= 3; i++) Run(def, Path.Combine(tmp, $"s{i}"), (i, 3));
        SweepMerger.Merge([Path.Combine(tmp, "s3"), Path.Combine(tmp, "s1"), Path.Combine(tmp, "s2")], Path.Combine(tmp, "merged"), charts: false);
        var full = Support.Files(Path.Combine(tmp, "full"));
        Assert.Contains("points.parquet", full.Keys);
        Assert.Contains("replications.csv", full.Keys);
        Assert.Equal(6, full.Keys.Count(k => k.StartsWith("points" + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
        Support.AssertSameFiles(full, Support.Files(Path.Combine(tmp, "merged")));
    }

    [Fact]
    public void Merge_refuses_missing_shards_and_shards_of_another_sweep()
    {
        string tmp = Support.TempDir();
        var def = Load(Support.WriteSmallSweep(tmp));
        Run(def, Path.Combine(tmp, "s1"), (1, 2));
        Run(def, Path.Combine(tmp, "s2"), (2, 2));
        var missing = Assert.Throws<SweepInputException>(() => SweepMerger.Merge([Path.Combine(tmp, "s1")], Path.Combine(tmp, "m1"), false));
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("2", missing.Message, StringComparison.Ordinal);

        string other = Support.TempDir();
        var def2 = Load(Support.WriteSmallSweep(other, seed: 8));
        Run(def2, Path.Combine(other, "s2"), (2, 2));
        var mismatch = Assert.Throws<SweepInputException>(() => SweepMerger.Merge([Path.Combine(tmp, "s1"), Path.Combine(other, "s2")], Path.Combine(tmp, "m2"), false));
        Assert.Contains("different sweep", mismatch.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp, "m1")));
        Assert.False(Directory.Exists(Path.Combine(tmp, "m2")));

        // Through the CLI: exit code 2 and the message.
        var err = new StringWriter();
        Assert.Equal(2, Cli.WsimApp.Run(["merge", Path.Combine(tmp, "s1"), "--out", Path.Combine(tmp, "m3")], new StringWriter(), err));
        Assert.Contains("missing", err.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Eight points of 5,000 positions × 6 years × 100 replications, killed (SIGKILL) once a random number (1 to 4) of
    /// point files exist, so each kill lands while later points are being computed whatever the machine's speed or load.
    /// </summary>
    [Fact]
    public void A_sweep_killed_at_random_moments_and_resumed_gives_the_bytes_of_an_uninterrupted_run()
    {
        string tmp = Support.TempDir();
        string file = Support.WriteSmallSweep(tmp, design: "latin_hypercube", positions: 5000, replications: 100);
        string dll = Path.Combine(AppContext.BaseDirectory, "wsim.dll");
        Assert.True(File.Exists(dll), dll);
        Run(Load(file), Path.Combine(tmp, "full"));
        var expected = Support.Files(Path.Combine(tmp, "full"));
        var random = new Random(20261122);
        int killedMidway = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            string dir = Path.Combine(tmp, $"k{trial}");
            string points = Path.Combine(dir, SweepRunner.PointsFolder);
            int after = random.Next(1, 5);
            using (var p = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "sweep", file, "--out", dir, "--no-charts", "--threads", "2"])
                   { RedirectStandardError = true, RedirectStandardOutput = true })!)
            {
                var wait = Stopwatch.StartNew();
                while (!p.HasExited && (!Directory.Exists(points) || Directory.EnumerateFiles(points, "p*.json").Count() < after))
                {
                    Assert.True(wait.Elapsed < TimeSpan.FromSeconds(120), $"{after} points not finished within 120 s");
                    Thread.Sleep(5);
                }
                if (!p.HasExited) { p.Kill(entireProcessTree: true); killedMidway++; }
                p.WaitForExit();
            }
            var err = new StringWriter();
            int code = Cli.WsimApp.Run(["sweep", file, "--out", dir, "--resume", "--no-charts", "--threads", "2"], new StringWriter(), err);
            Assert.True(code == 0, err.ToString());
            Support.AssertSameFiles(expected, Support.Files(dir));
        }
        Assert.True(killedMidway > 0, "no trial killed the sweep before it finished");
    }

    [Fact]
    public void A_finished_folder_is_not_overwritten_without_resume_and_a_different_sweep_is_refused()
    {
        string tmp = Support.TempDir();
        var def = Load(Support.WriteSmallSweep(tmp));
        Run(def, Path.Combine(tmp, "out"));
        Assert.Throws<SweepInputException>(() => Run(def, Path.Combine(tmp, "out")));
        var other = Load(Support.WriteSmallSweep(Support.TempDir(), seed: 9));
        var ex = Assert.Throws<SweepInputException>(() => Run(other, Path.Combine(tmp, "out"), resume: true));
        Assert.Contains("different sweep", ex.Message, StringComparison.Ordinal);
        var again = Run(def, Path.Combine(tmp, "out"), resume: true);
        Assert.Equal(0, again.Computed);
    }

    [Fact]
    public void Sweep_file_errors_are_located()
    {
        string tmp = Support.TempDir();
        string path = Path.Combine(tmp, "bad.yaml");
        File.WriteAllText(path, $"""
            sweep: bad
            scenario: {Support.Scenario("baseline.yaml")}
            design: grid
            replications: 2
            seed: 1
            parameters:
              - path: hiring.fill_rat
                values: [0.9]
              - path: hiring.fill_rate
                distribution: {"{"} uniform: {"{"} min: 0.9, max: 1 {"}"} {"}"}
            outcomes:
              - metric: retention.hired5y
            """);
        var r = SweepLoader.Load(path);
        Assert.False(r.Success);
        Assert.Contains(r.Diagnostics, d => d.Code == "WS6003" && d.Line == 10);
        var text = string.Join("\n", r.Diagnostics);
        Assert.Contains("bad.yaml(", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_paths_and_metrics_are_reported_in_the_sweep_file()
    {
        string tmp = Support.TempDir();
        string path = Path.Combine(tmp, "bad2.yaml");
        File.WriteAllText(path, $"""
            sweep: bad2
            scenario: {Support.Scenario("baseline.yaml")}
            design: grid
            replications: 2
            seed: 1
            parameters:
              - path: hiring.fill_rat
                values: [0.9]
            outcomes:
              - metric: retention.hired5y
            """);
        var r = SweepLoader.Load(path);
        Assert.Contains(r.Diagnostics, d => d.Code == "WS4001" && d.File == path && d.Line == 7);
        Assert.Contains(r.Diagnostics, d => d.Code == "WS6005" && d.Line == 10 && d.Message.Contains("retention.hired_5y", StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_sweeps_validate()
    {
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Support.RepoRoot, "scenarios", "sweeps"), "*.yaml"))
        {
            var r = SweepLoader.Load(f);
            Assert.True(r.Success, f + "\n" + string.Join("\n", r.Diagnostics));
        }
    }

    [Fact]
    public void Slurm_array_variables_select_a_one_based_shard()
    {
        Assert.Equal((1, 4), WorkforceSim.Sweeps.Cluster.ShardEnvironment.Shard(k => k switch { "SLURM_ARRAY_TASK_ID" => "0", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }, out _));
        Assert.Equal((4, 4), WorkforceSim.Sweeps.Cluster.ShardEnvironment.Shard(k => k switch { "SLURM_ARRAY_TASK_ID" => "4", "SLURM_ARRAY_TASK_MIN" => "1", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }, out _));
        Assert.Null(WorkforceSim.Sweeps.Cluster.ShardEnvironment.Shard(_ => null, out string? none));
        Assert.Null(none);
        Assert.Null(WorkforceSim.Sweeps.Cluster.ShardEnvironment.Shard(k => k switch { "SLURM_ARRAY_TASK_ID" => "9", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }, out string? bad));
        Assert.NotNull(bad);
        Assert.Equal((2, 3), Cli.SweepCommand.ParseShard("2/3"));
        Assert.Null(Cli.SweepCommand.ParseShard("0/3"));
    }
}
