using System.Diagnostics;
using System.Text;
using WorkforceSim.Cli;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Comparison;
using WorkforceSim.Scenarios;
using WorkforceSim.Sweeps;
using WorkforceSim.Robustness.Tests.Support;
using Xunit.Abstractions;

namespace WorkforceSim.Robustness.Tests;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM during <c>wsim run</c>, <c>wsim compare</c> and <c>wsim sweep</c> stop within a second
/// or two and exit 130; run and compare leave neither the output folder nor its temporary <c>.NAME.tmp-*</c> folder
/// behind, a sweep keeps only its finished points. Real signals to a real child process.
/// </summary>
public class CancellationTests(ITestOutputHelper output)
{
    /// <summary>
    /// 4,000 replications of benchmark R1 on two threads (one scenario for run, twice for compare): over 7.8 billion
    /// teacher-years, far longer than the 5 s wait for the first progress line on any machine, so the signal arrives
    /// while the command is simulating.
    /// </summary>
    [Theory]
    [InlineData("run", "INT")]
    [InlineData("run", "TERM")]
    [InlineData("compare", "INT")]
    [InlineData("compare", "TERM")]
    public async Task A_signal_during_run_or_compare_exits_130_quickly_and_leaves_no_output(string command, string signal)
    {
        string parent = Repo.TempDir();
        string outDir = Path.Combine(parent, "X");
        try
        {
            string r1 = Repo.Path("scenarios", "benchmark-r1.yaml");
            string[] scenarios = command == "compare" ? [r1, r1] : [r1];
            using var p = ChildProcess.Start([command, .. scenarios, "--out", outDir, "--replications", "4000", "--threads", "2", "--no-report"]);
            var stopped = await InterruptAfterProgress(p, signal);
            Assert.Contains("cancelled", stopped.Output);
            Assert.False(Directory.Exists(outDir), "the output folder was left behind");
            Assert.Empty(Directory.GetFileSystemEntries(parent)); // no .X.tmp-* either
        }
        finally { Repo.TryDelete(parent); }
    }

    /// <summary>
    /// A sweep of <see cref="SweepPoints"/> points run on one thread (5,000 positions × 10 years × 200 replications, a
    /// tenth of a second or more a point, so points finish one by one whatever the machine's core count), interrupted
    /// once its first point file exists: it stops within the limit with exit 130, keeps
    /// only finished points (each a complete point file; no final outputs, no temporary files), and <c>--resume</c>
    /// then writes the same bytes as an uninterrupted sweep.
    /// </summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_during_sweep_keeps_only_finished_points_and_resume_gives_the_same_bytes(string signal)
    {
        string parent = Repo.TempDir();
        string outDir = Path.Combine(parent, "X");
        try
        {
            string sweep = WriteSweep(parent);
            using var p = ChildProcess.Start(["sweep", sweep, "--out", outDir, "--no-charts", "--threads", "1"]);
            string points = Path.Combine(outDir, SweepRunner.PointsFolder);
            var wait = Stopwatch.StartNew();
            while (!p.HasExited && !(Directory.Exists(points) && Directory.EnumerateFiles(points, "p*.json").Any()))
            {
                Assert.True(wait.Elapsed < TimeSpan.FromSeconds(120), "no point finished within 120 s");
                await Task.Delay(10);
            }
            var stopped = await Interrupt(p, signal, "");
            Assert.Contains("stopped; every finished point is kept", stopped.Output);

            // Only the sweep's state and finished points: no final outputs, no temporary files anywhere.
            Assert.Equal(new[] { "X", "baseline.yaml", "sweep.yaml" }, Directory.GetFileSystemEntries(parent).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
            Assert.Equal(new[] { SweepRunner.PointsFolder, SweepRunner.StateFile }, Directory.GetFileSystemEntries(outDir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
            var layout = SweepLayout.Parse(File.ReadAllText(Path.Combine(outDir, SweepRunner.StateFile)));
            string[] kept = Directory.GetFiles(points);
            Assert.All(kept, f => Assert.Matches(@"^p\d+\.json$", Path.GetFileName(f)));
            Assert.All(kept, f => Assert.Equal(2, PointResult.Parse(File.ReadAllText(f), layout.Hash, f).Outcomes.Length));
            output.WriteLine($"{kept.Length} of {SweepPoints} points were finished when SIG{signal} arrived");
            Assert.InRange(kept.Length, 1, SweepPoints - 1);

            var (code, stdout, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--no-charts", "--resume");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.Contains($"{SweepPoints - kept.Length} points computed, {kept.Length} already finished", stdout);
            var expected = Uninterrupted.Value;
            var actual = Tree(outDir);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            foreach (var (file, bytes) in expected)
                Assert.True(bytes.AsSpan().SequenceEqual(actual[file]), $"{file} differs from the uninterrupted sweep's");
        }
        finally { Repo.TryDelete(parent); }
    }

    private const int SweepPoints = 30;

    /// <summary>The test sweep (next to a copy of the baseline scenario) in <paramref name="dir"/>; returns its path.</summary>
    private static string WriteSweep(string dir)
    {
        File.Copy(Repo.Path("scenarios", "baseline.yaml"), Path.Combine(dir, "baseline.yaml"), overwrite: true);
        string path = Path.Combine(dir, "sweep.yaml");
        string fillRates = string.Join(", ", Enumerable.Range(0, SweepPoints).Select(i => (0.80 + 0.005 * i).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(path, $$"""
            sweep: interrupted
            scenario: baseline.yaml
            set: { workforce.positions.count: 5000, horizon.years: 10 }
            design: grid
            replications: 200
            seed: 7
            parameters:
              - { path: hiring.fill_rate, name: fill_rate, values: [{{fillRates}}] }
            outcomes:
              - metric: retention.hired_5y
              - metric: attrition_rate
            """);
        return path;
    }

    /// <summary>Every file of the uninterrupted sweep (relative path → bytes), computed once.</summary>
    private static readonly Lazy<Dictionary<string, byte[]>> Uninterrupted = new(() =>
    {
        string dir = Repo.TempDir();
        try
        {
            var (code, _, err) = Wsim.Run("sweep", WriteSweep(dir), "--out", Path.Combine(dir, "ref"), "--no-charts");
            Assert.True(code == ExitCodes.Ok, err);
            return Tree(Path.Combine(dir, "ref"));
        }
        finally { Repo.TryDelete(dir); }
    });

    private static Dictionary<string, byte[]> Tree(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    /// <summary>
    /// Waits for the first progress line (printed after about 5 s when stderr is not a terminal: the command is then
    /// simulating, with its signal handlers in place), then interrupts.
    /// </summary>
    private async Task<(TimeSpan Elapsed, string Output)> InterruptAfterProgress(Process p, string signal)
    {
        var err = new StringBuilder();
        string? line;
        while ((line = await p.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
        {
            err.AppendLine(line);
            if (line.StartsWith("replications:", StringComparison.Ordinal)) break;
        }
        return await Interrupt(p, signal, err.ToString());
    }

    /// <summary>
    /// Sends the signal and checks what every command must do: exit 130 within <see cref="StopLimit"/>, with no stack
    /// trace. Returns the time it took and everything the process printed.
    /// </summary>
    private async Task<(TimeSpan Elapsed, string Output)> Interrupt(Process p, string signal, string errSoFar)
    {
        Assert.False(p.HasExited, "the command ended before it could be interrupted: " + errSoFar);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var sw = Stopwatch.StartNew();
        ChildProcess.Signal(p.Id, signal);
        bool exited = p.WaitForExit(5000);
        sw.Stop();
        if (!exited) { p.Kill(entireProcessTree: true); p.WaitForExit(); }
        string text = await stdout + errSoFar + await stderr;
        output.WriteLine($"SIG{signal}: exit {(exited ? p.ExitCode : -1)} {sw.Elapsed.TotalSeconds:F2} s after the signal; output: {text.Trim()}");
        Assert.True(exited, "still running 5 s after the signal");
        Assert.Equal(ExitCodes.Cancelled, p.ExitCode);
        Assert.True(sw.Elapsed < StopLimit, $"took {sw.Elapsed.TotalSeconds:F2} s to stop");
        Assert.DoesNotContain("   at ", text);
        return (sw.Elapsed, text);
    }

    /// <summary>
    /// Hang detection, not a speed test: the commands stop at the next simulated year (about 0.2 s measured); the
    /// limit leaves room for a machine shared with other builds.
    /// </summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(2);

    /// <summary>A signal while a sweep's final outputs are written: they are removed again, the points stay, and --resume rebuilds the same bytes.</summary>
    [Fact]
    public void Cancelling_while_a_sweep_is_assembled_removes_the_final_outputs_and_resume_rebuilds_them()
    {
        string dir = Repo.TempDir();
        try
        {
            string sweep = GuardTests.WriteSweep(dir, "hiring.fill_rate", "0.9, 0.95, 1.0");
            string outDir = Path.Combine(dir, "out");
            var (code, _, err) = Wsim.Run("sweep", sweep, "--out", outDir);
            Assert.True(code == ExitCodes.Ok, err);
            var finished = Tree(outDir);
            Assert.Contains(finished.Keys, k => k.StartsWith("charts" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            Assert.Contains("manifest.json", finished.Keys);

            var layout = SweepLayout.Parse(File.ReadAllText(Path.Combine(outDir, SweepRunner.StateFile)));
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() =>
                SweepAssembler.Assemble(outDir, layout, SweepRunner.ReadPoints(outDir, layout), charts: true, cancelled.Token));
            Assert.Equal(new[] { SweepRunner.PointsFolder, SweepRunner.StateFile }, Directory.GetFileSystemEntries(outDir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
            Assert.Equal(3, Directory.GetFiles(Path.Combine(outDir, SweepRunner.PointsFolder)).Length);

            (code, var stdout, err) = Wsim.Run("sweep", sweep, "--out", outDir, "--resume");
            Assert.True(code == ExitCodes.Ok, err);
            Assert.Contains("0 points computed, 3 already finished", stdout);
            var rebuilt = Tree(outDir);
            Assert.Equal(finished.Keys.Order(StringComparer.Ordinal), rebuilt.Keys.Order(StringComparer.Ordinal));
            foreach (var (file, bytes) in finished)
                if (!file.EndsWith(".png", StringComparison.Ordinal) && !file.EndsWith(".svg", StringComparison.Ordinal))
                    Assert.True(bytes.AsSpan().SequenceEqual(rebuilt[file]), $"{file} differs after --resume");
        }
        finally { Repo.TryDelete(dir); }
    }

    /// <summary>A signal while a comparison folder is written: the temporary folder is removed, nothing is left.</summary>
    [Fact]
    public void Cancelling_while_a_comparison_is_written_leaves_no_folder()
    {
        string parent = Repo.TempDir();
        try
        {
            var spec = ScenarioLoader.Load(Repo.Path("scenarios", "baseline.yaml")).Spec! with { Replications = 2, Years = 3 };
            var compared = new[] { "base-a", "alt1-b" }.Select(folder =>
            {
                var run = Simulator.Run(spec, new RunOptions { Threads = 1 });
                return new ComparedScenario(folder[(folder.IndexOf('-') + 1)..], folder, run, Summarizer.Summarize(run), RunManifest.For(run, WsimApp.Version));
            }).ToList();
            var data = ComparisonData.Build(WsimApp.Version, compared, _ => null);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            string outDir = Path.Combine(parent, "cmp");
            Assert.Throws<OperationCanceledException>(() => ComparisonOutputWriter.Write(outDir, data, report: false, overwrite: false, cancelled.Token));
            Assert.Empty(Directory.GetFileSystemEntries(parent)); // neither cmp nor .cmp.tmp-*

            ComparisonOutputWriter.Write(outDir, data, report: false); // the same data, not cancelled: written
            Assert.True(File.Exists(Path.Combine(outDir, ComparisonOutputWriter.DifferencesFile)));
        }
        finally { Repo.TryDelete(parent); }
    }

    [Fact]
    public void CancelOnSignals_cancels_its_token_and_can_be_disposed_twice_safely()
    {
        var signals = new CancelOnSignals();
        Assert.False(signals.Token.IsCancellationRequested);
        signals.Cancel();
        Assert.True(signals.Token.IsCancellationRequested);
        Assert.Null(signals.Received); // cancelled by hand, not by a signal
        signals.Dispose();
        signals.Dispose();
    }
}
