using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>How a sweep is submitted to Slurm (<c>wsim sweep FILE --out DIR --slurm …</c>, docs/cluster.md).</summary>
public sealed partial record SlurmOptions
{
    /// <summary>Array tasks (= shards); null: the split of an earlier submission, else <see cref="DefaultTasks"/>.</summary>
    public int? Tasks { get; init; }
    /// <summary><c>--partition</c> for both jobs, or null for the cluster's default partition.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--time</c> limit for each job (Slurm's formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS).</summary>
    public string? Time { get; init; }
    /// <summary><c>--cpus-per-task</c> of each array task (wsim then runs that many threads).</summary>
    public int? CpusPerTask { get; init; }
    /// <summary>Worker threads of each array task; null: <c>SLURM_CPUS_PER_TASK</c>, or 1.</summary>
    public int? Threads { get; init; }
    /// <summary>Submit the dependent merge job (default); false leaves merging to <c>wsim merge</c>.</summary>
    public bool Merge { get; init; } = true;
    /// <summary>Whether the merge renders the charts.</summary>
    public bool Charts { get; init; } = true;
    /// <summary>Further <c>#SBATCH</c> options for both jobs, e.g. <c>--account=proj42</c> or <c>--mem=4G</c>.</summary>
    public ImmutableArray<string> ExtraOptions { get; init; } = [];

    /// <summary>At most this many array tasks when <c>--tasks</c> is not given (fewer for small sweeps: one per point).</summary>
    public const int DefaultTasks = 16;

    /// <summary>Checks the scheduler options; throws on the first problem.</summary>
    /// <exception cref="ClusterException">WS6103 or WS6104.</exception>
    public void Validate()
    {
        if (Tasks is < 1)
            throw new ClusterException(ClusterErrors.Tasks, $"--tasks must be at least 1, but is {Tasks} — give the number of array tasks (shards).");
        if (Partition is not null && !PartitionPattern().IsMatch(Partition))
            throw new ClusterException(ClusterErrors.SchedulerOption, $"--partition '{Partition}' is not a partition name — use letters, digits, '_', '-' or '.', or a comma-separated list (see 'sinfo -s').");
        if (Time is not null && !TimePattern().IsMatch(Time))
            throw new ClusterException(ClusterErrors.SchedulerOption, $"--time '{Time}' is not a Slurm time limit — use minutes (90), HH:MM:SS (01:30:00), D-HH (2-12) or D-HH:MM:SS (1-00:00:00).");
        if (CpusPerTask is < 1)
            throw new ClusterException(ClusterErrors.SchedulerOption, $"--cpus-per-task must be at least 1, but is {CpusPerTask}.");
        if (Threads is < 0)
            throw new ClusterException(ClusterErrors.SchedulerOption, $"--threads must be 0 (all cores) or more, but is {Threads}.");
        foreach (string o in ExtraOptions)
            if (!ExtraPattern().IsMatch(o) || o.StartsWith("--array", StringComparison.Ordinal) || o.StartsWith("--dependency", StringComparison.Ordinal) || o.StartsWith("--output", StringComparison.Ordinal))
                throw new ClusterException(ClusterErrors.SchedulerOption,
                    $"--sbatch-option '{o}' is not usable — give one option in its long form on one line, such as --account=proj42 or --mem=4G (--array, --dependency and --output are set by wsim).");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionPattern();

    // minutes | MM:SS | HH:MM:SS | D-HH | D-HH:MM | D-HH:MM:SS | UNLIMITED
    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|unlimited|infinite|INFINITE)$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^--[a-z][a-z0-9\-]*(=[^\r\n]*)?$")]
    private static partial Regex ExtraPattern();
}
