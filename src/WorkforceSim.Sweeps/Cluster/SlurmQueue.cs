using System.Collections.Immutable;
using System.Diagnostics;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>What an external command printed.</summary>
/// <param name="ExitCode">Exit code (−1 when it could not be started or timed out).</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a program with arguments (no shell) and returns what it printed.</summary>
public delegate CommandResult CommandRunner(string program, IReadOnlyList<string> arguments);

/// <summary>Finds programs on PATH and runs them.</summary>
public static class ExternalCommand
{
    /// <summary>Absolute path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program, string? path = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        foreach (string dir in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Runs a program to its end (killed after two minutes, which Slurm's client commands never need).</summary>
    public static CommandResult Run(string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        Process? p;
        try { p = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception ex) { return new CommandResult(-1, "", $"{program}: {ex.Message}"); }
        if (p is null) return new CommandResult(-1, "", $"{program} could not be started");
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return new CommandResult(-1, stdout.Result, stderr.Result + $"\n{program} did not finish within two minutes");
            }
            p.WaitForExit();
            return new CommandResult(p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}

/// <summary>A job or array task as Slurm reports it.</summary>
/// <param name="Id">Job id, <c>ARRAYJOB_TASK</c> for array tasks.</param>
/// <param name="State">Slurm's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, …).</param>
/// <param name="Reason">Why it is pending or how it ended (<c>None</c>, <c>Dependency</c>, <c>NonZeroExitCode</c>, …), or the exit code from sacct.</param>
public sealed record JobRecord(string Id, string State, string Reason)
{
    private static readonly ImmutableHashSet<string> Ended = ImmutableHashSet.Create(StringComparer.Ordinal,
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED");

    /// <summary>Still queued or running (any state that is not an end state).</summary>
    public bool Active => !Ended.Contains(State.Split(' ')[0]);
}

/// <summary>
/// Asks Slurm about jobs: <c>squeue -t all</c> (pending, running and recently ended jobs — slurmctld keeps ended jobs
/// for <c>MinJobAge</c>, 300 s by default), then <c>sacct</c> for older ones when the cluster keeps accounting.
/// </summary>
public sealed class SlurmQueue(CommandRunner run)
{
    /// <summary>The jobs and array tasks of <paramref name="jobIds"/> that Slurm still knows, by id (<c>123_4</c>, <c>125</c>).</summary>
    /// <exception cref="ClusterException">squeue failed for another reason than unknown job ids (WS6108).</exception>
    public IReadOnlyDictionary<string, JobRecord> Query(IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var result = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        if (jobIds.Count == 0) return result;
        var r = run("squeue", ["--noheader", "--array", "--states=all", "--jobs=" + string.Join(',', jobIds), "--format=%i|%T|%r"]);
        if (r.ExitCode != 0)
        {
            // squeue fails when none of the ids is known any more (all ended long ago): that is "no records", not an error.
            if (r.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return result;
            throw new ClusterException(ClusterErrors.SlurmFailed, $"squeue failed: {FirstLine(r)} — is the Slurm controller reachable (sinfo)?");
        }
        foreach (var rec in Parse(r.Stdout)) result[rec.Id] = rec;
        return result;
    }

    /// <summary>End states from <c>sacct</c> (the reason is the exit code), or an empty map when accounting is off.</summary>
    public IReadOnlyDictionary<string, JobRecord> Accounting(IReadOnlyCollection<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var result = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        if (jobIds.Count == 0) return result;
        // Fails (or is not installed) on clusters without accounting: then only squeue's view is available.
        var r = run("sacct", ["--noheader", "--parsable2", "--allocations", "--jobs=" + string.Join(',', jobIds), "--format=JobID,State,ExitCode"]);
        if (r.ExitCode != 0) return result;
        foreach (var rec in Parse(r.Stdout)) result[rec.Id] = rec;
        return result;
    }

    /// <summary>Cancels a job (<c>scancel</c>).</summary>
    /// <exception cref="ClusterException">scancel failed (WS6108).</exception>
    public void Cancel(string jobId)
    {
        var r = run("scancel", [jobId]);
        if (r.ExitCode != 0) throw new ClusterException(ClusterErrors.SlurmFailed, $"scancel {jobId} failed: {FirstLine(r)}");
    }

    /// <summary>Parses <c>ID|STATE|REASON</c> lines (squeue's format above, sacct's <c>--parsable2</c>).</summary>
    public static IEnumerable<JobRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string raw in text.Split('\n'))
        {
            var f = raw.Trim().Split('|');
            if (f.Length < 3 || f[0].Length == 0) continue;
            yield return new JobRecord(f[0], f[1].Trim(), f[2].Trim());
        }
    }

    private static string FirstLine(CommandResult r)
    {
        string text = (r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout).Trim();
        int nl = text.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? text : text[..nl];
    }
}
