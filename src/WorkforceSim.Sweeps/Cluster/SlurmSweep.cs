using System.Collections.Immutable;
using System.Globalization;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>A shard as the status report shows it.</summary>
/// <param name="Progress">Points finished on disk.</param>
/// <param name="Job">The array task that last ran it (<c>123_4</c>), or null when never submitted.</param>
/// <param name="State">done | not submitted | Slurm's state in lower case (pending, running, failed, cancelled, timeout, …) | did not finish.</param>
/// <param name="Active">Still queued or running.</param>
/// <param name="Log">Its log file, or null when never submitted.</param>
/// <param name="Reason">For a shard that stopped unfinished: the telling line of its log (wsim's error, Slurm's cancel notice).</param>
public sealed record ShardReport(ShardProgress Progress, string? Job, string State, bool Active, string? Log, string? Reason);

/// <summary>The last merge job.</summary>
/// <param name="Job">Job id.</param>
/// <param name="State">As for shards.</param>
/// <param name="Active">Still queued or running.</param>
/// <param name="Log">Its log file.</param>
/// <param name="Reason">For a merge that did not complete: the telling line of its log, or Slurm's reason.</param>
public sealed record MergeReport(string Job, string State, bool Active, string Log, string? Reason);

/// <summary>Where a Slurm sweep stands: per shard on disk and in the queue.</summary>
/// <param name="Workspace">The work folder.</param>
/// <param name="Layout">The sweep.</param>
/// <param name="Tasks">Shards.</param>
/// <param name="Complete">The output folder holds the finished sweep.</param>
/// <param name="Shards">Shard 1 … N.</param>
/// <param name="Merge">The last merge job, if any was submitted.</param>
/// <param name="Submissions">Earlier submissions (jobs.tsv).</param>
/// <param name="QueueKnown">Slurm was asked (false: progress on disk only).</param>
public sealed record SlurmStatus(SlurmWorkspace Workspace, SweepLayout Layout, int Tasks, bool Complete, ImmutableArray<ShardReport> Shards,
    MergeReport? Merge, IReadOnlyList<SlurmSubmission> Submissions, bool QueueKnown)
{
    /// <summary>Shards with points still to compute.</summary>
    public IEnumerable<ShardReport> Unfinished => Shards.Where(s => !s.Progress.Finished);
}

/// <summary>What a submission does.</summary>
/// <param name="Shards">Shards for the array job (empty: none).</param>
/// <param name="Merge">Submit the merge job.</param>
/// <param name="Cancel">Merge jobs of earlier submissions that can never start (a shard of theirs failed): cancelled first.</param>
/// <param name="Nothing">Why nothing is submitted, or null.</param>
public sealed record SlurmDecision(ImmutableArray<int> Shards, bool Merge, ImmutableArray<string> Cancel, string? Nothing);

/// <summary>
/// Running a sweep as a Slurm job array plus a dependent merge job: the split, the status of every shard, and what a
/// (re)submission submits — only unfinished shards, never while one of them is still queued or running
/// (docs/cluster.md).
/// </summary>
public static class SlurmSweep
{
    /// <summary>
    /// The number of shards: <paramref name="requested"/>, else the split of an earlier submission, else one per point
    /// up to <see cref="SlurmOptions.DefaultTasks"/>. Checks that the work folder holds this sweep.
    /// </summary>
    /// <exception cref="ClusterException">WS6103 (tasks) or WS6105 (another sweep).</exception>
    public static int ResolveTasks(SlurmWorkspace workspace, SweepLayout layout, int? requested)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(layout);
        var state = workspace.ReadState();
        if (state is (string hash, _) && hash != layout.Hash)
            throw new ClusterException(ClusterErrors.OtherSweep,
                $"the Slurm work folder {workspace.Root} belongs to another sweep (sweep hash {hash[..Math.Min(12, hash.Length)]}…, this sweep {layout.Hash[..12]}…): the sweep file or its base scenario changed since the first submission — choose another --out, or delete {workspace.Root} to start over.");
        if (requested is int r)
        {
            if (r > layout.Points)
                throw new ClusterException(ClusterErrors.Tasks, $"--tasks {r} is more than the sweep's {layout.Points} points — use at most {layout.Points} (one point per task).");
            string shardsDir = workspace.PathOf(SlurmWorkspace.ShardsFolder);
            if (state is (_, int earlier) && earlier != r && Directory.Exists(shardsDir) && Directory.EnumerateFileSystemEntries(shardsDir).Any())
                throw new ClusterException(ClusterErrors.Tasks,
                    $"this sweep was split into {earlier} shards by an earlier submission (in {workspace.Root}) — rerun with --tasks {earlier} or without --tasks, so finished shards are kept; or delete {workspace.Root} to start over with {r}.");
            return r;
        }
        return state?.Tasks ?? Math.Min(layout.Points, SlurmOptions.DefaultTasks);
    }

    /// <summary>Every shard's progress on disk and, when <paramref name="queue"/> is given, its job's state.</summary>
    public static SlurmStatus Status(SlurmWorkspace workspace, SweepLayout layout, int tasks, SlurmQueue? queue)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(layout);
        var submissions = workspace.ReadSubmissions();
        var progress = Enumerable.Range(1, tasks).Select(i => workspace.Progress(layout, i, tasks)).ToList();
        bool complete = workspace.OutputsComplete(layout);

        // The array task that last ran each shard, and the last merge job.
        var lastJob = new Dictionary<int, string>();
        foreach (var s in submissions)
            if (s.ArrayJob is string a)
                foreach (int i in s.Shards) lastJob[i] = $"{a}_{i.ToString(CultureInfo.InvariantCulture)}";
        string? mergeJob = submissions.LastOrDefault(s => s.MergeJob is not null)?.MergeJob;

        var records = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        if (queue is not null)
        {
            var ids = submissions.SelectMany(s => new[] { s.ArrayJob, s.MergeJob }).OfType<string>().Distinct().ToList();
            foreach (var (k, v) in queue.Query(ids)) records[k] = v;
            var unknown = lastJob.Where(kv => !progress[kv.Key - 1].Finished && !records.ContainsKey(kv.Value)).Select(kv => kv.Value).ToList();
            if (mergeJob is not null && !complete && !records.ContainsKey(mergeJob)) unknown.Add(mergeJob);
            if (unknown.Count > 0)
                foreach (var (k, v) in queue.Accounting(unknown)) records.TryAdd(k, v);
        }

        var shards = progress.Select(p =>
        {
            if (!lastJob.TryGetValue(p.Shard, out string? job))
                return new ShardReport(p, null, p.Finished ? "done" : "not submitted", false, null, null);
            string log = workspace.ShardLog(p.Shard, job[..job.LastIndexOf('_')]);
            records.TryGetValue(job, out var rec);
            if (p.Finished) return new ShardReport(p, job, "done", rec?.Active ?? false, log, null);
            if (rec is { Active: true }) return new ShardReport(p, job, Describe(rec), true, log, null);
            string state = rec is null ? "did not finish" : Describe(rec);
            return new ShardReport(p, job, state, false, log, TellingLine(log));
        }).ToImmutableArray();

        MergeReport? merge = null;
        if (mergeJob is not null)
        {
            string log = workspace.MergeLog(mergeJob);
            records.TryGetValue(mergeJob, out var rec);
            string state = rec is not null ? Describe(rec) : complete ? "completed" : "did not finish";
            bool active = rec?.Active ?? false;
            merge = new MergeReport(mergeJob, state, active, log, active || complete ? null : TellingLine(log));
        }
        return new SlurmStatus(workspace, layout, tasks, complete, shards, merge, submissions, queue is not null);
    }

    /// <summary>What to submit now: the unfinished shards and the merge, or nothing (with the reason).</summary>
    /// <exception cref="ClusterException">An unfinished shard is still queued or running (WS6107).</exception>
    public static SlurmDecision Decide(SlurmStatus status, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(options);
        if (status.Complete)
            return new SlurmDecision([], false, [], $"the sweep is complete: its outputs are in {status.Workspace.OutDir}; nothing to submit.");
        var unfinished = status.Unfinished.ToList();
        var busy = unfinished.Where(s => s.Active).ToList();
        if (busy.Count > 0)
        {
            string jobs = string.Join(",", busy.Select(s => s.Job!).Select(j => j[..j.LastIndexOf('_')]).Distinct());
            throw new ClusterException(ClusterErrors.StillRunning,
                $"shard{(busy.Count == 1 ? "" : "s")} {string.Join(", ", busy.Select(s => s.Progress.Shard))} of this sweep {(busy.Count == 1 ? "is" : "are")} still queued or running (job {jobs}) — wait until {(busy.Count == 1 ? "it ends" : "they end")} (squeue -j {jobs}) or cancel {(busy.Count == 1 ? "it" : "them")} (scancel {jobs}), then run this command again; finished points are kept either way.");
        }
        bool mergeBusy = status.Merge is { Active: true };
        if (unfinished.Count == 0)
        {
            if (mergeBusy)
                return new SlurmDecision([], false, [], $"every shard is finished and merge job {status.Merge!.Job} is {status.Merge.State}; nothing to submit (follow it with: squeue -j {status.Merge.Job}).");
            if (!options.Merge)
                return new SlurmDecision([], false, [], $"every shard is finished; merge them with: wsim merge {Path.Combine(status.Workspace.Root, SlurmWorkspace.ShardsFolder)}/* --out {status.Workspace.OutDir} (or run this command without --no-merge).");
            return new SlurmDecision([], true, [], null);
        }
        // A queued merge job of an earlier submission waits for an array job one of whose shards did not finish: it can
        // never start (Slurm removes it when the failure is noticed, thanks to --kill-on-invalid-dep); cancel it now.
        ImmutableArray<string> cancel = mergeBusy ? [status.Merge!.Job] : [];
        return new SlurmDecision([.. unfinished.Select(s => s.Progress.Shard)], options.Merge, cancel, null);
    }

    /// <summary>
    /// Slurm's state in lower case with the reason when it says something: <c>pending (Resources)</c>,
    /// <c>cancelled (DependencyNeverSatisfied)</c>, and from sacct's exit code <c>failed (exit 1)</c> or <c>cancelled (signal 15)</c>.
    /// </summary>
    private static string Describe(JobRecord r)
    {
        string state = r.State.Split(' ')[0].ToLowerInvariant().Replace('_', ' ');
        var code = r.Reason.Split(':');
        string? why = r.Reason is "" or "None" or "(null)" or "0:0" ? null
            : code.Length == 2 && int.TryParse(code[0], out int exit) && int.TryParse(code[1], out int signal)
                ? signal != 0 ? $"signal {signal}" : $"exit {exit}"
                : r.Reason;
        return why is null ? state : $"{state} ({why})";
    }

    /// <summary>
    /// The line of a log that says why a task stopped: the last line mentioning an error, a cancellation or a kill
    /// (wsim's own error, Slurm's "*** JOB … CANCELLED …" notice), else the last line; null when there is no log.
    /// </summary>
    public static string? TellingLine(string log)
    {
        if (!File.Exists(log)) return null;
        string[] lines;
        try { lines = File.ReadAllLines(log); }
        catch (IOException) { return null; }
        var nonEmpty = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        // The scripts' own "[wsim] ..." lines frame the task; what wsim or Slurm said in between is more telling.
        string? telling = nonEmpty.LastOrDefault(l => !l.StartsWith("[wsim]", StringComparison.Ordinal)
            && (l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("CANCELLED", StringComparison.Ordinal)
                || l.Contains("Killed", StringComparison.Ordinal) || l.Contains("oom", StringComparison.OrdinalIgnoreCase)));
        return telling ?? nonEmpty.LastOrDefault();
    }
}
