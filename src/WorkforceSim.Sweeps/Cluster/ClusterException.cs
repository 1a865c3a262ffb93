namespace WorkforceSim.Sweeps.Cluster;

/// <summary>
/// A problem with running a sweep on a cluster that the user can fix (a missing tool, a malformed option, a work
/// folder of another sweep, jobs still running, a job the scheduler refused): the CLI prints
/// <c>wsim: error WS61nn: message</c> and exits with code 2. Codes are listed in docs/errors.md.
/// </summary>
public sealed class ClusterException(string code, string message) : Exception(message)
{
    /// <summary>Diagnostic code, WS6101–WS6199.</summary>
    public string Code { get; } = code;

    /// <summary>The message in the CLI's form, <c>error WS61nn: …</c>.</summary>
    public override string ToString() => $"error {Code}: {Message}";
}

/// <summary>The cluster diagnostic codes (docs/errors.md, "WS61xx — clusters").</summary>
public static class ClusterErrors
{
    /// <summary>A tool the command needs (sbatch, squeue, bash) is not on PATH.</summary>
    public const string ToolMissing = "WS6101";
    /// <summary>An option that needs <c>--slurm</c>, or one that cannot be combined with it.</summary>
    public const string OptionConflict = "WS6102";
    /// <summary><c>--tasks</c> out of range, or different from the split an earlier submission used.</summary>
    public const string Tasks = "WS6103";
    /// <summary>A malformed scheduler option (<c>--time</c>, <c>--partition</c>, <c>--cpus-per-task</c>, <c>--sbatch-option</c>).</summary>
    public const string SchedulerOption = "WS6104";
    /// <summary>The Slurm work folder or a shard folder belongs to another sweep.</summary>
    public const string OtherSweep = "WS6105";
    /// <summary>The output folder holds something other than this sweep's finished outputs.</summary>
    public const string OutputInUse = "WS6106";
    /// <summary>Array tasks of an earlier submission are still queued or running.</summary>
    public const string StillRunning = "WS6107";
    /// <summary>A Slurm command failed (sbatch refused the job, squeue could not reach the controller).</summary>
    public const string SlurmFailed = "WS6108";
    /// <summary>Cluster environment variables (Slurm array, Kubernetes indexed job) that do not name a shard.</summary>
    public const string ShardEnvironment = "WS6109";
}
