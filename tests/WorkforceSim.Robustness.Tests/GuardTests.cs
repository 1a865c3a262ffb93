using WorkforceSim.Cli;
using WorkforceSim.Core.Engine;
using WorkforceSim.Robustness.Tests.Support;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Robustness.Tests;

/// <summary>Issue 8: resource guards before simulating, and safe output paths.</summary>
public class GuardTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Baseline => Repo.Path("scenarios", "baseline.yaml");

    [Fact]
    public void A_run_over_the_memory_limit_is_refused_with_the_limit_and_no_output()
    {
        string parent = Repo.TempDir();
        try
        {
            string outDir = Path.Combine(parent, "out");
            var (code, _, err) = Wsim.Run("run", Baseline, "--out", outDir, "--no-report", "--max-memory", "1MB");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("more than the limit of 1 MB", err);
            Assert.Contains("--max-memory", err);
            Assert.False(Directory.Exists(outDir));
        }
        finally { Repo.TryDelete(parent); }
    }

    [Fact]
    public void A_comparison_over_the_limits_is_refused_before_any_scenario_runs()
    {
        string parent = Repo.TempDir();
        try
        {
            string outDir = Path.Combine(parent, "out");
            var memory = Wsim.Run("compare", Baseline, Baseline, "--out", outDir, "--no-report", "--max-memory", "1MB");
            Assert.Equal(ExitCodes.InvalidInput, memory.Code);
            Assert.Contains("more than the limit of 1 MB", memory.Err);
            // In auto mode the check uses the cap: 20 replications fit 1e8 teacher-years, a cap of 5,000 does not.
            var work = Wsim.Run("compare", Baseline, Baseline, "--out", outDir, "--no-report", "--replications", "auto",
                "--precision", "0.001", "--max-replications", "5000", "--max-teacher-years", "1e8");
            Assert.Equal(ExitCodes.InvalidInput, work.Code);
            Assert.Contains("teacher-years", work.Err);
            Assert.DoesNotContain("replications:", work.Err); // nothing was simulated
            Assert.False(Directory.Exists(outDir));
        }
        finally { Repo.TryDelete(parent); }
    }

    /// <summary>A grid sweep next to a copy of the baseline scenario: 1,000 positions, 10 years, 2 replications per point.</summary>
    internal static string WriteSweep(string dir, string parameter, string values)
    {
        File.Copy(Baseline, Path.Combine(dir, "baseline.yaml"), overwrite: true);
        string path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, $"sweep: guarded\nscenario: baseline.yaml\nset: {{workforce.positions.count: 1000, horizon.years: 10}}\n" +
                                $"design: grid\nreplications: 2\nseed: 1\nparameters:\n  - {{path: {parameter}, values: [{values}]}}\n" +
                                "outcomes:\n  - metric: attrition_rate\n");
        return path;
    }

    [Fact]
    public void A_sweep_with_one_point_over_the_memory_limit_is_refused_before_any_point_runs()
    {
        string dir = Repo.TempDir();
        try
        {
            // Point 0 (1,000 positions) fits 256 MB; point 1 (2,000,000 positions: 2e6 × 136 bytes per worker thread) does not.
            string sweep = WriteSweep(dir, "workforce.positions.count", "1000, 2000000");
            string outDir = Path.Combine(dir, "out");
            var (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--max-memory", "256MB");
            output.WriteLine(err);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("wsim: error: guarded: Point 1 (count = 2000000): the run needs about", err);
            Assert.Contains("more than the limit of 256 MB", err);
            Assert.Contains("--max-memory", err);
            Assert.DoesNotContain("points:", err); // no progress: nothing ran
            Assert.False(Directory.Exists(outDir));

            (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--max-memory", "lots");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("--max-memory must be a size", err);
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void A_sweep_over_the_work_limit_is_refused_and_the_limit_counts_all_points_of_the_run()
    {
        string dir = Repo.TempDir();
        try
        {
            // Three points of 1,000 positions × 10 years × 2 replications = 2e4 teacher-years each, 6e4 together.
            string sweep = WriteSweep(dir, "hiring.fill_rate", "0.9, 0.95, 1.0");
            string outDir = Path.Combine(dir, "out");
            var (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--max-teacher-years", "5e4");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("the sweep would simulate 6e4 teacher-years (3 points × 2 replications; the largest point 2e4), more than the limit of 5e4", err);
            Assert.Contains("--max-teacher-years", err);
            Assert.False(Directory.Exists(outDir));

            // One shard of three is one point: it fits.
            (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--max-teacher-years", "5e4", "--shard", "2/3", "--no-charts");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.Single(Directory.GetFiles(Path.Combine(outDir, "points")));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void Sweep_and_merge_refuse_a_non_empty_output_folder_without_force_and_replace_it_with_it()
    {
        string dir = Repo.TempDir();
        try
        {
            string sweep = WriteSweep(dir, "hiring.fill_rate", "0.9, 1.0");
            string outDir = Path.Combine(dir, "out");
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "keep.txt"), "x");
            var (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("is not empty and holds no sweep — choose another folder or pass --force", err);
            Assert.True(File.Exists(Path.Combine(outDir, "keep.txt")));

            (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts", "--force", "--resume");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("--force and --resume exclude each other", err);
            Assert.True(File.Exists(Path.Combine(outDir, "keep.txt")));

            (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts", "--force");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.False(File.Exists(Path.Combine(outDir, "keep.txt")));
            Assert.True(File.Exists(Path.Combine(outDir, "points.csv")));
            byte[] points = File.ReadAllBytes(Path.Combine(outDir, "points.csv"));

            // A finished sweep in the folder: again only with --force (or --resume), and --force starts afresh.
            (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("already holds this sweep — pass --resume to finish it, --force to start it again", err);
            var (again, stdout, err2) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts", "--force");
            Assert.True(again == ExitCodes.Ok, err2);
            Assert.Contains("2 points computed, 0 already finished", stdout);
            Assert.Equal(points, File.ReadAllBytes(Path.Combine(outDir, "points.csv")));

            // merge: the same rule.
            string merged = Path.Combine(dir, "merged");
            Directory.CreateDirectory(merged);
            File.WriteAllText(Path.Combine(merged, "keep.txt"), "x");
            (code, _, err) = Wsim.Run("merge", outDir, "--out", merged, "--no-charts");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("is not empty", err);
            (code, _, err) = Wsim.Run("merge", outDir, "--out", merged, "--no-charts", "--force");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.False(File.Exists(Path.Combine(merged, "keep.txt")));
            Assert.Equal(points, File.ReadAllBytes(Path.Combine(merged, "points.csv")));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void Compare_refuses_a_non_empty_output_folder_without_force()
    {
        string outDir = Repo.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(outDir, "keep.txt"), "x");
            var (code, _, err) = Wsim.Run("compare", Baseline, Baseline, "--out", outDir, "-r", "2", "--no-report");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("is not empty", err);
            Assert.True(File.Exists(Path.Combine(outDir, "keep.txt")));
        }
        finally { Repo.TryDelete(outDir); }
    }

    [Fact]
    public void A_run_over_the_work_limit_is_refused_with_the_limit()
    {
        var (code, _, err) = Wsim.Run("run", Baseline, "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()), "--max-teacher-years", "1000");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("teacher-years", err);
        Assert.Contains("more than the limit of 1e3", err);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("0")]
    [InlineData("-4GB")]
    [InlineData("4XB")]
    public void A_bad_max_memory_is_an_input_error(string value)
    {
        var (code, _, err) = Wsim.Run("run", Baseline, "--out", "never", "--max-memory", value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--max-memory must be a size", err);
    }

    [Theory]
    [InlineData("4GB", 4L << 30)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("512 mb", 512L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("2048", 2048L)]
    [InlineData("64K", 64L << 10)]
    [InlineData("1TB", 1L << 40)]
    public void Max_memory_sizes_parse_with_binary_multiples(string text, long bytes)
    {
        Assert.True(ResourceEstimate.TryParseBytes(text, out long parsed));
        Assert.Equal(bytes, parsed);
    }

    /// <summary>Regression: positions growing 50% a year for 200 years validate, but the run overflowed the engine's
    /// int positions and ran out of memory; it is now refused up front.</summary>
    [Fact]
    public void Explosive_growth_that_validates_is_refused_before_simulating()
    {
        string dir = Repo.TempDir();
        try
        {
            File.Copy(Baseline, Path.Combine(dir, "baseline.yaml"));
            string path = Path.Combine(dir, "growth.yaml");
            File.Copy(Repo.Path("tests", "WorkforceSim.Robustness.Tests", "Regressions", "run-explosive-growth.yaml"), path);
            Assert.True(ScenarioLoader.Load(path).Success);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var (code, _, err) = Wsim.Run("run", path, "--out", Path.Combine(dir, "out"), "--no-report");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("of memory", err);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), sw.Elapsed.ToString());
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void The_estimate_is_an_upper_bound_on_what_a_run_allocates()
    {
        // 100,000 positions, one thread: the worker-state term is what matters; everything the run allocates
        // (live or garbage) must stay under the estimate.
        var spec = ScenarioLoader.LoadText("""
            scenario: big
            title: Big
            horizon: {start_year: 2026, years: 10}
            replications: 2
            workforce:
              positions: {count: 100000}
              initial:
                yos: {uniform: {min: 0, max: 30}}
            attrition:
              hazard_by_yos: {1: 0.15, 2: 0.10, 3: 0.08}
            hiring:
              sources:
                - {id: novice, kind: novice, share: 0.8}
                - {id: back, kind: reentrant, share: 0.2}
            """, "big.yaml").Spec!;
        // One replication on this thread (RunReplication does not go through the thread pool), so that the
        // allocation count is this run's alone even while other tests run in parallel.
        var options = new RunOptions { Threads = 1, Replications = 1 };
        var estimate = ResourceEstimate.For(spec, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Simulator.RunReplication(spec, 0);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(10, result.Years);
        output.WriteLine($"one replication of 100,000 positions x 10 years allocated {allocated:N0} bytes; estimate without the fixed part {estimate.TotalBytes - ResourceEstimate.BaseBytes:N0}");
        Assert.True(allocated < estimate.TotalBytes - ResourceEstimate.BaseBytes,
            $"allocated {allocated:N0} bytes, estimated {estimate.TotalBytes - ResourceEstimate.BaseBytes:N0}");
        Assert.True(allocated > estimate.WorkerBytes / 8, $"allocated only {allocated:N0} bytes: is the estimate far too loose?");
        Assert.Equal(100_000, estimate.MaxPositions);
        Assert.Equal(100_000.0 * 10, estimate.TeacherYears);
    }

    [Fact]
    public void The_estimate_counts_threads_up_to_the_replications_recorded_spells_and_growth_without_overflow()
    {
        var spec = ScenarioLoader.Load(Baseline).Spec!;
        var one = ResourceEstimate.For(spec, new RunOptions { Threads = 1, Replications = 8 });
        var four = ResourceEstimate.For(spec, new RunOptions { Threads = 4, Replications = 8 });
        var capped = ResourceEstimate.For(spec, new RunOptions { Threads = 16, Replications = 2 });
        var spells = ResourceEstimate.For(spec, new RunOptions { Threads = 1, Replications = 8, RecordSpells = 0 });
        Assert.Equal(4 * one.WorkerBytes, four.WorkerBytes);
        Assert.Equal(2, capped.Threads);
        Assert.Equal(0, one.SpellBytes);
        Assert.True(spells.SpellBytes > spec.Periods[0].Parameters.Positions.Count * (double)ResourceEstimate.BytesPerSpell);
        Assert.Equal(one.TotalBytes + spells.SpellBytes, spells.TotalBytes);

        var huge = spec with { Years = 200, Periods = [.. spec.Periods.Select(p => p with { Parameters = p.Parameters with
            { Positions = new WorkforceSim.Core.Model.PositionsSpec(50_000_000, 1e300, 0.5) } })] };
        var e = ResourceEstimate.For(huge, new RunOptions { Threads = 2 });
        Assert.False(double.IsNaN(e.TotalBytes));
        Assert.Equal(long.MaxValue, e.MaxPositions);
        Assert.Contains("of memory", e.Exceeds(new ResourceLimits { MaxMemoryBytes = long.MaxValue / 2 }));
    }

    [Fact]
    public void The_shipped_benchmark_fits_the_default_limits()
    {
        var spec = ScenarioLoader.Load(Repo.Path("scenarios", "benchmark-r1.yaml")).Spec!;
        var estimate = ResourceEstimate.For(spec, new RunOptions { Threads = 2 });
        Assert.Null(estimate.Exceeds(new ResourceLimits { MaxMemoryBytes = ResourceLimits.DefaultMaxMemoryBytes() }));
        Assert.NotNull(estimate.Exceeds(new ResourceLimits { MaxMemoryBytes = 1 << 20 }));
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused_without_force_and_replaced_with_it()
    {
        string outDir = Repo.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(outDir, "keep.txt"), "x");
            var (code, _, err) = Wsim.Run("run", Baseline, "--out", outDir, "-r", "2", "--no-report");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("is not empty", err);
            Assert.True(File.Exists(Path.Combine(outDir, "keep.txt")));

            (code, _, err) = Wsim.Run("run", Baseline, "--out", outDir, "-r", "2", "--no-report", "--force");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.False(File.Exists(Path.Combine(outDir, "keep.txt")));
            Assert.True(File.Exists(Path.Combine(outDir, "manifest.json")));
        }
        finally { Repo.TryDelete(outDir); }
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_and_kept()
    {
        string dir = Repo.TempDir();
        try
        {
            string file = Path.Combine(dir, "out");
            File.WriteAllText(file, "x");
            var (code, _, err) = Wsim.Run("run", Baseline, "--out", file, "-r", "2", "--no-report", "--force");
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("is a file", err);
            Assert.Equal("x", File.ReadAllText(file));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Theory]
    [InlineData("roster.csv")]
    [InlineData("notes.txt")]
    [InlineData("base")]
    [InlineData("base.yaml.bak")]
    public void Extends_into_a_non_yaml_file_is_a_located_error_and_the_file_is_not_read(string target)
    {
        string dir = Repo.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, target), "scenario: sneaky\n");
            string path = Path.Combine(dir, "child.yaml");
            File.WriteAllText(path, $"scenario: c\ntitle: C\nextends: {target}\n");
            var r = ScenarioLoader.Load(path);
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal(("WS1011", 3, 10), (d.Code, d.Line, d.Column));
            Assert.Contains($"'{target}' is not a .yaml or .yml file", d.Message);
            Assert.DoesNotContain(r.Files, f => f.EndsWith(target, StringComparison.Ordinal));
            var (code, _, err) = Wsim.Run("validate", path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("child.yaml(3,10): error WS1011", err);
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void Extends_into_a_yaml_named_file_that_is_not_yaml_reports_the_base_file()
    {
        string dir = Repo.TempDir();
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "base.yaml"), [0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFE, 0x00, 0x81]); // a zip header
            string path = Path.Combine(dir, "child.yaml");
            File.WriteAllText(path, "scenario: c\ntitle: C\nextends: base.yaml\n");
            var r = ScenarioLoader.Load(path);
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("WS1022", d.Code);
            Assert.EndsWith("base.yaml", d.File);
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void A_three_file_cycle_reports_the_whole_chain()
    {
        string dir = Repo.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), "scenario: a\ntitle: A\nextends: b.yaml\n");
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "extends: c.yaml\n");
            File.WriteAllText(Path.Combine(dir, "c.yaml"), "extends: a.yaml\n");
            var r = ScenarioLoader.Load(Path.Combine(dir, "a.yaml"));
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("WS1012", d.Code);
            Assert.Contains("a.yaml -> b.yaml -> c.yaml -> a.yaml", d.Message);
            var (code, _, err) = Wsim.Run("validate", Path.Combine(dir, "a.yaml"));
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("c.yaml(1,10): error WS1012", err);
        }
        finally { Repo.TryDelete(dir); }
    }
}
