using System.Diagnostics;
using System.Text.RegularExpressions;
using WorkforceSim.Calibration;
using WorkforceSim.Cli;
using WorkforceSim.Core.Engine;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>What every input must satisfy: it loads, or it yields located errors; never an exception, quickly, in bounded memory.</summary>
internal static partial class InputChecks
{
    /// <summary>Most time one input may take (the acceptance check allows 10 s per input for the whole process).</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(3);
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
        var sw = Stopwatch.StartNew();
        try { Simulator.RunReplication(spec, 0); }
        catch (Exception e) { return $"the scenario validates but its simulation threw {e.GetType().Name}: {e.Message}"; }
        ran = true;
        return sw.Elapsed > MaxTime ? $"one replication of {spec.Years} years took {sw.Elapsed.TotalSeconds:F1} s" : null;
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
        if (!r.Diagnostics.Any(d => d.Severity == Severity.Error)) return "failed without an error diagnostic";
        foreach (var d in r.Diagnostics)
        {
            if (d.Line < 1 || d.Column < 1 || d.File.Length == 0) return $"unlocated diagnostic: {d}";
            if (!CodeRegex().IsMatch(d.Code)) return $"diagnostic without a WSnnnn code: {d}";
            if (d.Message.Contains("internal error", StringComparison.OrdinalIgnoreCase)) return $"loader bug: {d}";
            if (d.Message.Length == 0) return $"empty message: {d}";
        }
        return null;
    }

    /// <summary>Calibrates from roster bytes; null when all is well, else what went wrong.</summary>
    public static string? Roster(string displayPath, byte[] content)
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
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var sw = Stopwatch.StartNew();
        int code;
        try { code = WsimApp.Run(["validate", path], stdout, stderr); }
        catch (Exception e) { return $"wsim validate threw {e.GetType().Name}: {e.Message}"; }
        if (sw.Elapsed > MaxTime) return $"wsim validate took {sw.Elapsed.TotalSeconds:F1} s";
        return CliOutcome(code, stdout + "\n" + stderr);
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

    private static (TimeSpan Elapsed, long Allocated, Exception? Error) Measure<T>(Func<T> f, out T result)
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
