using System.Diagnostics;
using System.Text.RegularExpressions;
using WorkforceSim.Calibration;
using WorkforceSim.Cli;
using WorkforceSim.Core.Engine;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps.Designs;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>What every input must satisfy: it loads, or it yields located errors; never an exception, quickly, in bounded memory.</summary>
/// <remarks>
/// Time is wall time, which on a machine shared with other builds includes waiting for a core: an input over
/// <see cref="MaxTime"/> is timed once more and fails only when it is slow both times (a hang or a blow-up is).
/// </remarks>
internal static partial class InputChecks
{
    /// <summary>Most time one input may take (the acceptance check allows 10 s per input for the whole process).</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(3);
    /// <summary>Sweeps with more points than this are not run through <c>wsim sweep</c> (its guard builds every point).</summary>
    public const int MaxCliSweepPoints = 300;
    /// <summary>Most bytes one input may allocate while loading (the file size limit is 2 MB).</summary>
    public const long MaxAllocated = 400L << 20;

    /// <summary>Loads a scenario file; null when all is well, else what went wrong.</summary>
    public static string? Scenario(string path) => Scenario(path, out _);

    /// <summary>As <see cref="Scenario(string)"/>; <paramref name="loaded"/> tells whether the file loaded without errors.</summary>
    public static string? Scenario(string path, out bool loaded)
    {
        loaded = false;
        var (elapsed, allocated, ex) = Measure(() => ScenarioLoader.Load(path), out ScenarioLoadResult r);
        if (ex is not null) return $"threw {ex.GetType().Name}: {ex.Message}";
        loaded = r.Success;
        return Bounds(elapsed, allocated) ?? ScenarioResult(r);
    }

    /// <summary>
    /// Loads a sweep file and, when it loads, expands its points; null when all is well, else what went wrong.
    /// <paramref name="points"/> is the number of points of a sweep that loaded (0 otherwise).
    /// </summary>
    public static string? Sweep(string path, out bool loaded, out int points)
    {
        loaded = false;
        points = 0;
        var (elapsed, allocated, ex) = Measure(() =>
        {
            var r = SweepLoader.Load(path);
            return (Load: r, Points: r.Success ? SweepPlan.Points(r.Sweep!).Length : 0);
        }, out var result);
        if (ex is not null) return $"threw {ex.GetType().Name}: {ex.Message}";
        loaded = result.Load.Success;
        points = result.Points;
        if (Bounds(elapsed, allocated) is { } b) return b;
        if (result.Load.Success) return result.Load.Sweep is null ? "success without a definition" : null;
        if (result.Load.Sweep is not null) return "a definition despite errors";
        return LocatedErrors(result.Load.Diagnostics);
    }

    /// <summary>
    /// Runs <c>wsim sweep PATH --out DIR --max-teacher-years 1</c> in-process: a sweep that loads is checked point by
    /// point and refused by the resource guard (exit 2) before anything runs, one that does not load gives located
    /// errors (exit 2). Null when it exits 0 or 2 with no stack trace and leaves no output folder behind on exit 2.
    /// </summary>
    public static string? CliSweep(string path, string outDir)
    {
        var (elapsed, _, ex) = Measure(() => Cli("sweep", path, "--out", outDir, "--max-teacher-years", "1", "--threads", "1", "--no-charts"), out var r);
        if (ex is not null) return $"wsim sweep threw {ex.GetType().Name}: {ex.Message}";
        if (elapsed > 2 * MaxTime) return $"wsim sweep took {elapsed.TotalSeconds:F1} s";
        if (r.Code == ExitCodes.InvalidInput && Directory.Exists(outDir)) return "wsim sweep refused the sweep but created its output folder";
        return CliOutcome(r.Code, r.Output);
    }

    /// <summary>Runs <c>wsim ARGS</c> in-process: exit code and everything printed.</summary>
    private static (int Code, string Output) Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = WsimApp.Run(args, stdout, stderr);
        return (code, stdout + "\n" + stderr);
    }

    /// <summary>
    /// Simulates one short replication of a scenario that loaded (at most <paramref name="years"/> years; skipped above
    /// <paramref name="maxPositions"/> positions): a file that validates must also run. Null when all is well.
    /// </summary>
    public static string? Simulates(string path, int years, long maxPositions, out bool ran)
    {
        ran = false;
        var r = ScenarioLoader.Load(path);
        if (!r.Success) return null;
        var spec = r.Spec! with { Years = Math.Min(r.Spec!.Years, years), Replications = 1 };
        if (ResourceEstimate.For(spec, new RunOptions { Threads = 1 }).MaxPositions > maxPositions) return null;
        var (elapsed, _, ex) = Measure(() => Simulator.RunReplication(spec, 0), out _);
        if (ex is not null) return $"the scenario validates but its simulation threw {ex.GetType().Name}: {ex.Message}";
        ran = true;
        return elapsed > MaxTime ? $"one replication of {spec.Years} years took {elapsed.TotalSeconds:F1} s" : null;
    }

    public static string? ScenarioResult(ScenarioLoadResult r)
    {
        if (r.Success)
        {
            if (r.Spec is null) return "success without a spec";
            try { ResourceEstimate.For(r.Spec, new RunOptions { Threads = 2 }); }
            catch (Exception e) { return $"the resource estimate threw {e.GetType().Name}: {e.Message}"; }
            return null;
        }
        if (r.Spec is not null) return "a spec despite errors";
        return LocatedErrors(r.Diagnostics);
    }

    /// <summary>Null when there is an error and every diagnostic is located, coded and not an internal error.</summary>
    private static string? LocatedErrors(IReadOnlyCollection<Diagnostic> diagnostics)
    {
        if (!diagnostics.Any(d => d.Severity == Severity.Error)) return "failed without an error diagnostic";
        foreach (var d in diagnostics)
        {
            if (d.Line < 1 || d.Column < 1 || d.File.Length == 0) return $"unlocated diagnostic: {d}";
            if (!CodeRegex().IsMatch(d.Code)) return $"diagnostic without a WSnnnn code: {d}";
            if (d.Message.Contains("internal error", StringComparison.OrdinalIgnoreCase)) return $"loader bug: {d}";
            if (d.Message.Length == 0) return $"empty message: {d}";
        }
        return null;
    }

    /// <summary>Calibrates from roster bytes (or, when <paramref name="content"/> is null, from the path); null when all is well, else what went wrong.</summary>
    public static string? Roster(string displayPath, byte[]? content)
    {
        CalibrationRunResult r;
        var (elapsed, allocated, ex) = Measure(() => r = CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = displayPath, RosterContent = content, GeneratedAt = DateTimeOffset.UnixEpoch,
        }), out r!);
        if (ex is not null) return $"threw {ex.GetType().Name}: {ex.Message}";
        if (Bounds(elapsed, allocated) is { } b) return b;
        if (r.Success == r.Diagnostics.Length > 0) return "a result and diagnostics must exclude each other";
        foreach (var d in r.Diagnostics)
            if (!RosterDiagnosticRegex().IsMatch(d.ToString())) return $"diagnostic not in FILE(LINE,COL): error WS5nnn form: {d}";
        return null;
    }

    /// <summary>Runs <c>wsim validate PATH</c> in-process; null when it exits 0 or 2 with no stack trace.</summary>
    public static string? CliValidate(string path)
    {
        var (elapsed, _, ex) = Measure(() => Cli("validate", path), out var r);
        if (ex is not null) return $"wsim validate threw {ex.GetType().Name}: {ex.Message}";
        if (elapsed > MaxTime) return $"wsim validate took {elapsed.TotalSeconds:F1} s";
        return CliOutcome(r.Code, r.Output);
    }

    public static string? CliOutcome(int code, string output)
    {
        if (code is not (ExitCodes.Ok or ExitCodes.InvalidInput)) return $"exit {code}: {Tail(output)}";
        if (StackTraceRegex().IsMatch(output)) return $"stack trace in the output: {Tail(output)}";
        if (output.Contains("internal error", StringComparison.OrdinalIgnoreCase)) return $"internal error: {Tail(output)}";
        return null;
    }

    private static string Tail(string s) => s.Length <= 600 ? s : s[^600..];

    private static string? Bounds(TimeSpan elapsed, long allocated) =>
        elapsed > MaxTime ? $"took {elapsed.TotalSeconds:F1} s (limit {MaxTime.TotalSeconds} s)"
        : allocated > MaxAllocated ? $"allocated {allocated >> 20} MB (limit {MaxAllocated >> 20} MB)"
        : null;

    /// <summary>Runs <paramref name="f"/>, timed and with its allocations counted; a run over <see cref="MaxTime"/> is timed again (the shorter time counts).</summary>
    private static (TimeSpan Elapsed, long Allocated, Exception? Error) Measure<T>(Func<T> f, out T result)
    {
        var first = MeasureOnce(f, out result);
        if (first.Error is not null || first.Elapsed <= MaxTime) return first;
        var again = MeasureOnce(f, out result);
        return again with { Elapsed = again.Elapsed < first.Elapsed ? again.Elapsed : first.Elapsed };
    }

    private static (TimeSpan Elapsed, long Allocated, Exception? Error) MeasureOnce<T>(Func<T> f, out T result)
    {
        result = default!;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        try { result = f(); }
        catch (Exception e) { return (sw.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before, e); }
        return (sw.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before, null);
    }

    [GeneratedRegex(@"^WS\d{4}$")]
    private static partial Regex CodeRegex();

    [GeneratedRegex(@"^.+?(\(\d+,\d+\))?: error WS5\d{3}: .+$", RegexOptions.Singleline)]
    private static partial Regex RosterDiagnosticRegex();

    [GeneratedRegex(@"^\s+at [A-Za-z_]", RegexOptions.Multiline)]
    private static partial Regex StackTraceRegex();
}
