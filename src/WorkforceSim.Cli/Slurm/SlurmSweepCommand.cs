using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Cli.Slurm;

/// <summary>
/// <c>wsim sweep SWEEP.yaml --out DIR --slurm [--tasks N] [--partition P] [--time T] [--cpus-per-task C]
/// [--sbatch-option OPT]... [--no-merge] [--dry-run | --status]</c>: runs a sweep as a Slurm job array (one task per
/// shard) plus a merge job that starts after every task succeeded, with the scripts, shard folders and logs in
/// <c>DIR.slurm/</c>; run again to resubmit only the unfinished shards; <c>--status</c> reports every shard with its
/// job, state and log (docs/cluster.md).
/// </summary>
internal static class SlurmSweepCommand
{
    private sealed record Symbols(Option<bool> Slurm, Option<int?> Tasks, Option<string?> Partition, Option<string?> Time,
        Option<int?> CpusPerTask, Option<string[]> SbatchOptions, Option<bool> DryRun, Option<bool> NoMerge, Option<bool> Status);

    /// <summary>
    /// Adds the Slurm options to the sweep command and routes <c>--slurm</c> here; without it the command's own
    /// action runs (after refusing Slurm-only options).
    /// </summary>
    public static void Attach(Command sweep, Argument<string> file, Option<string> outDir, Option<string?> shard, Option<int?> threads,
        Option<bool> noCharts, TextWriter stdout, TextWriter stderr)
    {
        var s = new Symbols(
            new Option<bool>("--slurm") { Description = "Run on Slurm: write a job array (one task per shard) and a merge job that starts after every task succeeded into DIR.slurm/, and submit them. Run again to resubmit only unfinished shards (docs/cluster.md)." },
            new Option<int?>("--tasks") { Description = $"With --slurm: array tasks, i.e. shards (default: one per point, at most {SlurmOptions.DefaultTasks}; on resubmission, the earlier split)." },
            new Option<string?>("--partition") { Description = "With --slurm: partition for both jobs (default: the cluster's)." },
            new Option<string?>("--time") { Description = "With --slurm: time limit per job, e.g. 90, 02:00:00 or 1-00:00:00." },
            new Option<int?>("--cpus-per-task") { Description = "With --slurm: CPUs per array task; each task runs that many threads (default 1)." },
            new Option<string[]>("--sbatch-option") { Description = "With --slurm: an extra #SBATCH option for both jobs, e.g. --sbatch-option=--account=proj42 (repeatable)." },
            new Option<bool>("--dry-run") { Description = "With --slurm: only write the batch scripts (DIR.slurm/submit.sh submits them); needs no Slurm." },
            new Option<bool>("--no-merge") { Description = "With --slurm: submit no merge job; merge the shard folders with 'wsim merge' yourself." },
            new Option<bool>("--status") { Description = "With --slurm: report every shard (points done, job state, log and why it stopped); submits nothing." });
        foreach (var o in new Option[] { s.Slurm, s.Tasks, s.Partition, s.Time, s.CpusPerTask, s.SbatchOptions, s.DryRun, s.NoMerge, s.Status })
            sweep.Options.Add(o);
        var local = (SynchronousCommandLineAction)sweep.Action!;
        sweep.SetAction(parse =>
        {
            if (parse.GetValue(s.Slurm))
                return Execute(parse, s, parse.GetValue(file)!, parse.GetValue(outDir)!, parse.GetValue(shard), parse.GetValue(threads),
                    !parse.GetValue(noCharts), stdout, stderr);
            var stray = new Option[] { s.Tasks, s.Partition, s.Time, s.CpusPerTask, s.SbatchOptions, s.DryRun, s.NoMerge, s.Status }
                .FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            if (stray is not null)
                return Fail(stderr, new ClusterException(ClusterErrors.OptionConflict, $"{stray.Name} needs --slurm — add --slurm to run the sweep on Slurm."));
            return local.Invoke(parse);
        });
    }

    private static int Fail(TextWriter stderr, ClusterException ex)
    {
        stderr.WriteLine($"wsim: {ex}");
        return ExitCodes.InvalidInput;
    }

    private static int Execute(ParseResult parse, Symbols s, string file, string outDir, string? shard, int? threads, bool charts,
        TextWriter stdout, TextWriter stderr)
    {
        bool dryRun = parse.GetValue(s.DryRun), status = parse.GetValue(s.Status);
        var options = new SlurmOptions
        {
            Tasks = parse.GetValue(s.Tasks), Partition = parse.GetValue(s.Partition), Time = parse.GetValue(s.Time),
            CpusPerTask = parse.GetValue(s.CpusPerTask), Threads = threads, Merge = !parse.GetValue(s.NoMerge), Charts = charts,
            ExtraOptions = [.. parse.GetValue(s.SbatchOptions) ?? []],
        };
        try
        {
            if (shard is not null)
                throw new ClusterException(ClusterErrors.OptionConflict, "--shard cannot be combined with --slurm: the array tasks choose their shards — drop --shard (use --tasks N for the number of shards).");
            if (dryRun && status)
                throw new ClusterException(ClusterErrors.OptionConflict, "--dry-run and --status cannot be combined — --status only reports, --dry-run only writes the scripts.");
            options.Validate();

            var loaded = SweepLoader.Load(file);
            ScenarioInput.Print(loaded.Diagnostics, stderr);
            if (!loaded.Success) return ExitCodes.InvalidInput;
            SweepLayout layout;
            try { layout = SweepRunner.Layout(loaded.Sweep!, WsimApp.Version, out _); }
            catch (SweepInputException ex) { stderr.WriteLine($"wsim: error: {ex.Message}"); return ExitCodes.InvalidInput; }

            var ws = new SlurmWorkspace(outDir);
            string sweepFile = Path.GetFullPath(file);
            var wsim = WsimInvocation.Current();
            foreach (string p in wsim.Prepend(sweepFile).Prepend(ws.Root))
                if (p.AsSpan().IndexOfAny("\"\r\n") >= 0)
                    throw new ClusterException(ClusterErrors.OutputInUse, $"the path '{p}' contains a double quote or a line break, which batch scripts cannot carry — use a path without them.");
            if (Directory.Exists(ws.OutDir) && Directory.EnumerateFileSystemEntries(ws.OutDir).Any() && !ws.OutputsComplete(layout))
                throw new ClusterException(ClusterErrors.OutputInUse, $"the output folder '{outDir}' is not empty and does not hold this sweep's finished outputs — choose another --out (the merge job writes the outputs there).");
            int tasks = SlurmSweep.ResolveTasks(ws, layout, options.Tasks);

            if (!dryRun && !status)
                foreach (string tool in new[] { "bash", "sbatch", "squeue", "scancel" })
                    if (ExternalCommand.Find(tool) is null)
                        throw new ClusterException(ClusterErrors.ToolMissing,
                            $"{tool} is not on PATH — run this on a machine of the Slurm cluster (a login node), or add --dry-run to only write the batch scripts.");
            // --status and --dry-run also work off the cluster (e.g. where the shared file system is mounted), from the files alone.
            var queue = ExternalCommand.Find("squeue") is null ? null : new SlurmQueue(ExternalCommand.Run);
            SlurmStatus report;
            try { report = SlurmSweep.Status(ws, layout, tasks, queue); }
            catch (ClusterException ex) when (ex.Code == ClusterErrors.SlurmFailed && (dryRun || status))
            {
                // Reporting and writing scripts do not need the controller; submitting does (and fails above).
                stderr.WriteLine($"wsim: warning: {ex.Message} Job states are unknown; progress is read from the shard folders.");
                report = SlurmSweep.Status(ws, layout, tasks, null);
            }
            if (status)
            {
                PrintStatus(report, file, outDir, stdout);
                return ExitCodes.Ok;
            }

            var decision = SlurmSweep.Decide(report, options);
            if (decision.Nothing is not null)
            {
                stdout.WriteLine($"{Title(layout)}: {decision.Nothing}");
                return ExitCodes.Ok;
            }
            if (report.Submissions.Count > 0 && decision.Shards.Length > 0)
            {
                stdout.WriteLine($"{Title(layout)}: {decision.Shards.Length} of {tasks} shards did not finish:");
                PrintShards(report.Shards.Where(r => decision.Shards.Contains(r.Progress.Shard)), tasks, stdout);
            }

            var plan = new SlurmJobPlan(ws, layout, sweepFile, wsim, tasks, options, decision.Shards);
            Directory.CreateDirectory(ws.PathOf(SlurmWorkspace.LogsFolder));
            Directory.CreateDirectory(ws.PathOf(SlurmWorkspace.ShardsFolder));
            ws.WriteState(layout, sweepFile, tasks);
            foreach (var (name, text) in SlurmScripts.Write(plan)) ws.WriteText(name, text, executable: true);

            if (dryRun)
            {
                stdout.WriteLine($"{Title(layout)}: {layout.Points} points in {tasks} shards; batch scripts written (nothing submitted):");
                foreach (string name in new[] { SlurmWorkspace.ArrayScript, SlurmWorkspace.MergeScript, SlurmWorkspace.SubmitScript })
                    stdout.WriteLine($"  {ws.PathOf(name)}");
                stdout.WriteLine($"  submit:  bash {SlurmScripts.Sh(ws.PathOf(SlurmWorkspace.SubmitScript))}   (or run this command without --dry-run)");
                stdout.WriteLine($"  status:  wsim sweep {SlurmScripts.Sh(file)} --out {SlurmScripts.Sh(outDir)} --slurm --status");
                return ExitCodes.Ok;
            }

            foreach (string job in decision.Cancel)
            {
                queue!.Cancel(job);
                stdout.WriteLine($"  cancelled merge job {job} of the earlier submission (it waited for a shard that failed)");
            }
            return Submit(ws, layout, tasks, decision, file, outDir, stdout);
        }
        catch (ClusterException ex)
        {
            return Fail(stderr, ex);
        }
    }

    private static int Submit(SlurmWorkspace ws, SweepLayout layout, int tasks, SlurmDecision decision, string file, string outDir, TextWriter stdout)
    {
        int before = ws.ReadSubmissions().Count;
        var r = ExternalCommand.Run("bash", [ws.PathOf(SlurmWorkspace.SubmitScript)]);
        var submissions = ws.ReadSubmissions();
        if (r.ExitCode != 0 || submissions.Count != before + 1)
        {
            string why = string.Join(" ", (r.Stderr + "\n" + r.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new ClusterException(ClusterErrors.SlurmFailed, $"sbatch refused the job: {why} — fix the option it names (or the cluster connection) and run this command again; nothing was left queued.");
        }
        var s = submissions[^1];
        string n = tasks.ToString(CultureInfo.InvariantCulture);
        stdout.WriteLine($"{Title(layout)}: {layout.Points} points in {n} shards (sweep hash {layout.Hash[..12]}…)");
        if (s.ArrayJob is not null)
            stdout.WriteLine($"  submitted array job {s.ArrayJob} (shard{(s.Shards.Length == 1 ? "" : "s")} {ArraySpec.Format(s.Shards)} of {n})"
                + (s.MergeJob is not null ? $" and merge job {s.MergeJob} (starts when every shard has succeeded)" : ""));
        else if (s.MergeJob is not null)
            stdout.WriteLine($"  every shard is finished; submitted merge job {s.MergeJob}");
        string ids = string.Join(',', new[] { s.ArrayJob, s.MergeJob }.OfType<string>());
        stdout.WriteLine($"  follow:   squeue -j {ids}      (sacct -j {ids} where the cluster keeps accounting)");
        if (s.ArrayJob is not null)
            stdout.WriteLine($"  logs:     {Path.Combine(ws.Root, SlurmWorkspace.LogsFolder)}/shard-<i>.{s.ArrayJob}.log" + (s.MergeJob is not null ? $", merge.{s.MergeJob}.log" : ""));
        else
            stdout.WriteLine($"  log:      {ws.MergeLog(s.MergeJob!)}");
        stdout.WriteLine($"  status:   wsim sweep {SlurmScripts.Sh(file)} --out {SlurmScripts.Sh(outDir)} --slurm --status");
        stdout.WriteLine(s.MergeJob is not null
            ? $"  outputs:  {ws.OutDir} (written by the merge job)"
            : $"  merge:    wsim merge {Path.Combine(ws.Root, SlurmWorkspace.ShardsFolder)}/* --out {ws.OutDir}");
        stdout.WriteLine("  If a task fails or is cancelled, run this command again: only unfinished shards are resubmitted and finished points are kept.");
        return ExitCodes.Ok;
    }

    private static string Title(SweepLayout l) => l.Title.Length > 0 ? $"{l.Id} ({l.Title})" : l.Id;

    private static void PrintStatus(SlurmStatus r, string file, string outDir, TextWriter stdout)
    {
        int done = r.Shards.Sum(s => s.Progress.Done);
        stdout.WriteLine($"{Title(r.Layout)}: {done} of {r.Layout.Points} points finished in {r.Tasks} shards (work folder {r.Workspace.Root})");
        if (!r.QueueKnown) stdout.WriteLine("  (Slurm could not be asked: job states are unknown, progress is read from the shard folders)");
        PrintShards(r.Shards, r.Tasks, stdout);
        if (r.Merge is { } m)
        {
            stdout.WriteLine($"  merge        {m.State,-28} job {m.Job,-10} log {m.Log}");
            if (m.Reason is not null) stdout.WriteLine($"               {m.Reason}");
        }
        var unfinished = r.Unfinished.ToList();
        if (r.Complete)
            stdout.WriteLine($"  complete: outputs in {r.Workspace.OutDir}");
        else if (unfinished.Count == 0)
            stdout.WriteLine(r.Merge is { Active: true }
                ? "  every shard is finished; the merge job is queued or running."
                : $"  every shard is finished but nothing merged them — run 'wsim sweep {SlurmScripts.Sh(file)} --out {SlurmScripts.Sh(outDir)} --slurm' to submit the merge job.");
        else if (unfinished.All(s => s.Active || s.State == "not submitted" && r.Submissions.Count == 0))
            stdout.WriteLine(r.Submissions.Count == 0
                ? $"  not submitted yet — run 'wsim sweep {SlurmScripts.Sh(file)} --out {SlurmScripts.Sh(outDir)} --slurm'."
                : "  in progress.");
        else
        {
            var stopped = unfinished.Where(s => !s.Active).ToList();
            stdout.WriteLine($"  {stopped.Count} shard{(stopped.Count == 1 ? "" : "s")} stopped before finishing ({string.Join(", ", stopped.Select(s => s.Progress.Shard))})"
                + (unfinished.Any(s => s.Active) ? "; when the running ones end," : ":")
                + $" run 'wsim sweep {SlurmScripts.Sh(file)} --out {SlurmScripts.Sh(outDir)} --slurm' to resubmit only the unfinished shards (finished points are kept).");
        }
    }

    private static void PrintShards(IEnumerable<ShardReport> shards, int tasks, TextWriter stdout)
    {
        foreach (var s in shards)
        {
            string name = $"{s.Progress.Shard}/{tasks}", points = $"{s.Progress.Done}/{s.Progress.Points} points";
            string job = s.Job is null || s.Progress.Finished ? "" : $"job {s.Job,-10} log {s.Log}";
            stdout.WriteLine($"  shard {name,-6} {points,-14} {s.State,-28} {job}".TrimEnd());
            if (s.Reason is not null) stdout.WriteLine($"               {s.Reason}");
        }
    }
}
