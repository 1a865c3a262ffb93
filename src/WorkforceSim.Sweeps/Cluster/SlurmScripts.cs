using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>What the batch scripts of one submission run.</summary>
/// <param name="Workspace">The work folder.</param>
/// <param name="Layout">The sweep.</param>
/// <param name="SweepFile">Absolute path of the sweep file.</param>
/// <param name="Wsim">How to start this wsim: the apphost, or dotnet and wsim.dll (absolute paths).</param>
/// <param name="Tasks">Shards (array tasks) of the split.</param>
/// <param name="Options">Scheduler options.</param>
/// <param name="Submit">Shards the array job of this submission runs (empty: only the merge job).</param>
public sealed record SlurmJobPlan(SlurmWorkspace Workspace, SweepLayout Layout, string SweepFile, ImmutableArray<string> Wsim,
    int Tasks, SlurmOptions Options, ImmutableArray<int> Submit);

/// <summary>
/// Writes the batch scripts of a Slurm sweep (docs/cluster.md): <c>array.sbatch</c> (one array task per shard; task
/// <c>i</c> runs <c>wsim sweep FILE --shard i/N --resume --out DIR.slurm/shards/i</c>), <c>merge.sbatch</c>
/// (<c>wsim merge DIR.slurm/shards/1 … N --out DIR</c>) and <c>submit.sh</c> (submits both with
/// <c>sbatch --parsable</c>, the merge with <c>--dependency=afterok:ARRAYJOB</c>, and appends the job ids to
/// <c>jobs.tsv</c>). Every path is absolute, so the scripts run from any folder.
/// </summary>
public static class SlurmScripts
{
    /// <summary>The three scripts: file name → text.</summary>
    public static IReadOnlyList<(string Name, string Text)> Write(SlurmJobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [(SlurmWorkspace.ArrayScript, Array(plan)), (SlurmWorkspace.MergeScript, Merge(plan)), (SlurmWorkspace.SubmitScript, Submit(plan))];
    }

    /// <summary>The array job script.</summary>
    public static string Array(SlurmJobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ws = plan.Workspace;
        string n = Text(plan.Tasks);
        var b = new StringBuilder();
        b.Append("#!/bin/bash\n");
        Header(b, plan, $"one array task per shard: task i runs shard i/{n} (--shard i/{n}) into {Path.Combine(ws.Root, SlurmWorkspace.ShardsFolder)}/i and",
            "continues where an earlier attempt stopped (--resume: finished points are never recomputed).");
        b.Append("#SBATCH --job-name=").Append(JobName("wsim-", plan.Layout.Id)).Append('\n');
        b.Append("#SBATCH --array=1-").Append(n).Append('\n');
        b.Append("#SBATCH --output=").Append(SbatchPath(Path.Combine(ws.Root, SlurmWorkspace.LogsFolder, "shard-%a.%A.log"))).Append('\n');
        Common(b, plan.Options);
        if (plan.Options.CpusPerTask is int c) b.Append("#SBATCH --cpus-per-task=").Append(Text(c)).Append('\n');
        b.Append('\n');
        b.Append("set -u\n");
        b.Append("shard=${SLURM_ARRAY_TASK_ID:?run this script as an array job: sbatch --array=1-").Append(n).Append(' ').Append(Sh(ws.PathOf(SlurmWorkspace.ArrayScript))).Append("}\n");
        b.Append("echo \"[wsim] shard ${shard}/").Append(n).Append(" of sweep ").Append(plan.Layout.Id)
            .Append(": job ${SLURM_ARRAY_JOB_ID:-?}_${shard} on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n");
        b.Append("trap 'echo \"[wsim] shard ${shard}/").Append(n).Append(": SIGTERM (scancel or time limit); finished points are kept\"' TERM\n");
        string threads = plan.Options.Threads is int t ? Text(t) : "\"${SLURM_CPUS_PER_TASK:-1}\"";
        b.Append(Command(plan.Wsim)).Append(" sweep ").Append(Sh(plan.SweepFile))
            .Append(" --out ").Append(Sh(Path.Combine(ws.Root, SlurmWorkspace.ShardsFolder) + "/")).Append("\"${shard}\"")
            .Append(" --shard \"${shard}/").Append(n).Append("\" --resume --no-charts --threads ").Append(threads).Append('\n');
        b.Append("rc=$?\n");
        b.Append("echo \"[wsim] shard ${shard}/").Append(n).Append(" ended with exit code ${rc} at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n");
        b.Append("exit ${rc}\n");
        return b.ToString();
    }

    /// <summary>The merge job script.</summary>
    public static string Merge(SlurmJobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ws = plan.Workspace;
        string n = Text(plan.Tasks);
        var b = new StringBuilder();
        b.Append("#!/bin/bash\n");
        Header(b, plan, $"the merge job: combines the {n} shard folders into {ws.OutDir}, byte-identical to a run on one machine.",
            "submit.sh starts it after the array job with --dependency=afterok, so it runs only when every shard succeeded.");
        b.Append("#SBATCH --job-name=").Append(JobName("wsim-merge-", plan.Layout.Id)).Append('\n');
        b.Append("#SBATCH --output=").Append(SbatchPath(Path.Combine(ws.Root, SlurmWorkspace.LogsFolder, "merge.%j.log"))).Append('\n');
        Common(b, plan.Options);
        b.Append('\n');
        b.Append("set -u\n");
        b.Append("echo \"[wsim] merge of sweep ").Append(plan.Layout.Id).Append(": job ${SLURM_JOB_ID:-?} on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n");
        b.Append("shards=()\n");
        b.Append("for i in $(seq 1 ").Append(n).Append("); do shards+=(").Append(Sh(Path.Combine(ws.Root, SlurmWorkspace.ShardsFolder) + "/")).Append("\"$i\"); done\n");
        b.Append(Command(plan.Wsim)).Append(" merge \"${shards[@]}\" --out ").Append(Sh(ws.OutDir));
        if (!plan.Options.Charts) b.Append(" --no-charts");
        b.Append('\n');
        b.Append("rc=$?\n");
        b.Append("echo \"[wsim] merge ended with exit code ${rc} at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n");
        b.Append("exit ${rc}\n");
        return b.ToString();
    }

    /// <summary>The submission script: the array job for <see cref="SlurmJobPlan.Submit"/>, then the merge job after it.</summary>
    public static string Submit(SlurmJobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ws = plan.Workspace;
        string spec = ArraySpec.Format(plan.Submit);
        bool array = plan.Submit.Length > 0, merge = plan.Options.Merge;
        var b = new StringBuilder();
        b.Append("#!/bin/bash\n");
        Header(b, plan, array
                ? $"submits the array job for shards {spec} of {Text(plan.Tasks)}{(merge ? ", then the merge job after it (afterok)" : "")}."
                : "submits the merge job (every shard is finished).",
            "Job ids are appended to jobs.tsv, which 'wsim sweep ... --slurm --status' reads. Run it yourself after --dry-run.");
        b.Append("set -euo pipefail\n");
        b.Append("cd ").Append(Sh(ws.Root)).Append('\n');
        b.Append("mkdir -p ").Append(Sh(Path.Combine(ws.Root, SlurmWorkspace.LogsFolder))).Append('\n');
        b.Append("array=-\nmerge=-\n");
        if (array)
        {
            b.Append("array=$(sbatch --parsable --array=").Append(spec).Append(' ').Append(Sh(ws.PathOf(SlurmWorkspace.ArrayScript))).Append(")\n");
            b.Append("array=${array%%;*}   # --parsable prints JOBID or JOBID;CLUSTER\n");
        }
        if (merge)
        {
            b.Append("merge=$(sbatch --parsable ");
            if (array) b.Append("--dependency=afterok:\"${array}\" --kill-on-invalid-dep=yes ");
            b.Append(Sh(ws.PathOf(SlurmWorkspace.MergeScript))).Append(')');
            if (array) b.Append(" || { scancel \"${array}\"; echo \"submit.sh: the merge job was refused; array job ${array} cancelled\" >&2; exit 1; }");
            b.Append('\n');
            b.Append("merge=${merge%%;*}\n");
        }
        string jobs = Sh(ws.PathOf(SlurmWorkspace.JobsFile));
        b.Append("[ -s ").Append(jobs).Append(" ] || printf '%s\\n' ").Append(Sh(SlurmWorkspace.JobsHeader)).Append(" > ").Append(jobs).Append('\n');
        b.Append("printf '%s\\t%s\\t%s\\t%s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"${array}\" ").Append(Sh(array ? spec : "-"))
            .Append(" \"${merge}\" >> ").Append(jobs).Append('\n');
        b.Append("echo \"array job ${array} (shards ").Append(array ? spec : "-").Append(" of ").Append(Text(plan.Tasks)).Append("), merge job ${merge}\"\n");
        return b.ToString();
    }

    private static void Header(StringBuilder b, SlurmJobPlan plan, string what, string more)
    {
        var l = plan.Layout;
        b.Append("# WorkforceSim sweep '").Append(l.Id).Append("' (").Append(Text(l.Points)).Append(" points in ").Append(Text(plan.Tasks))
            .Append(" shards, sweep hash ").Append(l.Hash[..12]).Append("…) from ").Append(plan.SweepFile).Append('\n');
        b.Append("# This script: ").Append(what).Append('\n');
        b.Append("# ").Append(more).Append('\n');
        b.Append("# Written by 'wsim sweep ... --slurm', which writes it anew on every submission (docs/cluster.md).\n");
    }

    private static void Common(StringBuilder b, SlurmOptions o)
    {
        if (o.Partition is not null) b.Append("#SBATCH --partition=").Append(o.Partition).Append('\n');
        if (o.Time is not null) b.Append("#SBATCH --time=").Append(o.Time).Append('\n');
        foreach (string extra in o.ExtraOptions) b.Append("#SBATCH ").Append(extra).Append('\n');
    }

    /// <summary>A Slurm job name from a sweep id (letters, digits, '-', '_', '.').</summary>
    private static string JobName(string prefix, string id) =>
        prefix + new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);

    /// <summary>A path in an <c>#SBATCH</c> line: '%' doubled (Slurm's filename patterns use it); quoted when it has spaces.</summary>
    private static string SbatchPath(string path)
    {
        // The work folder's own part of the pattern (%a, %A, %j) is added by the caller, so only the folder is escaped.
        string dir = Path.GetDirectoryName(path)!.Replace("%", "%%", StringComparison.Ordinal);
        string full = dir + "/" + Path.GetFileName(path);
        return full.Any(char.IsWhiteSpace) ? "\"" + full + "\"" : full;
    }

    /// <summary>The wsim command, each word quoted for the shell.</summary>
    private static string Command(ImmutableArray<string> wsim) => string.Join(' ', wsim.Select(Sh));

    /// <summary>Quotes a word for bash: <c>'...'</c> with embedded quotes as <c>'\''</c>.</summary>
    public static string Sh(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '=' or ',' or '@'))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
