using System.Diagnostics;
using WorkforceSim.Cli;
using WorkforceSim.Robustness.Tests.Support;
using Xunit.Abstractions;

namespace WorkforceSim.Robustness.Tests;

/// <summary>
/// Issue 8: Ctrl-C (SIGINT) and SIGTERM during <c>wsim run</c> stop within a second or two, exit 130 and leave
/// neither the output folder nor its temporary <c>.NAME.tmp-*</c> folder behind. Real signals to a real child process.
/// </summary>
public class CancellationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_during_run_exits_130_quickly_and_leaves_no_output(string signal)
    {
        string parent = Repo.TempDir();
        string outDir = Path.Combine(parent, "X");
        try
        {
            using var p = ChildProcess.Start(["run", Repo.Path("scenarios", "benchmark-r1.yaml"), "--out", outDir, "--replications", "200", "--no-report"]);
            var stdout = p.StandardOutput.ReadToEndAsync();
            // Wait for the first progress line (printed after about 5 s when stderr is not a terminal): the run is then
            // simulating, with its signal handlers in place. 200 replications of R1 take far longer than that.
            var err = new System.Text.StringBuilder();
            string? line;
            while ((line = await p.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
            {
                err.AppendLine(line);
                if (line.StartsWith("replications:", StringComparison.Ordinal)) break;
            }
            Assert.False(p.HasExited, "the run ended before it could be interrupted: " + err);
            var stderr = p.StandardError.ReadToEndAsync();
            var sw = Stopwatch.StartNew();
            ChildProcess.Signal(p.Id, signal);
            bool exited = p.WaitForExit(5000);
            sw.Stop();
            if (!exited) { p.Kill(entireProcessTree: true); p.WaitForExit(); }
            string text = await stdout + err + await stderr;
            output.WriteLine($"SIG{signal}: exit {(exited ? p.ExitCode : -1)} {sw.Elapsed.TotalSeconds:F2} s after the signal; output: {text.Trim()}");
            Assert.True(exited, "still running 5 s after the signal");
            Assert.Equal(ExitCodes.Cancelled, p.ExitCode);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed.TotalSeconds:F2} s to stop");
            Assert.Contains("cancelled", text);
            Assert.DoesNotContain("   at ", text);
            Assert.False(Directory.Exists(outDir), "the output folder was left behind");
            Assert.Empty(Directory.GetFileSystemEntries(parent)); // no .X.tmp-* either
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
