using System.Globalization;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>
/// The shard a cluster task should run when <c>--shard</c> is not given (docs/cluster.md):
/// <list type="bullet">
/// <item>a Slurm job array: <c>SLURM_ARRAY_TASK_ID</c> relative to <c>SLURM_ARRAY_TASK_MIN</c> (default 0), of
/// <c>SLURM_ARRAY_TASK_COUNT</c> shards, so <c>--array=0-3</c> and <c>--array=1-4</c> both give shards 1/4 … 4/4;</item>
/// <item>a Kubernetes Indexed Job: <c>JOB_COMPLETION_INDEX</c> (0-based, set by the Job controller) of
/// <c>JOB_COMPLETIONS</c> shards. Kubernetes does not expose the completion count to the pod, so the manifest sets
/// <c>JOB_COMPLETIONS</c> to the Job's <c>completions</c>.</item>
/// </list>
/// Slurm's variables win when both are present.
/// </summary>
public static class ShardEnvironment
{
    /// <summary>
    /// The 1-based shard named by the environment, or null when no cluster variables are set; <paramref name="error"/>
    /// (<c>error WS6109: …</c>) when they are set but do not name a shard.
    /// </summary>
    public static (int Index, int Count)? Shard(Func<string, string?> env, out string? error)
    {
        ArgumentNullException.ThrowIfNull(env);
        error = null;
        string? id = env("SLURM_ARRAY_TASK_ID"), count = env("SLURM_ARRAY_TASK_COUNT");
        if (id is not null && count is not null)
        {
            string min = env("SLURM_ARRAY_TASK_MIN") ?? "0";
            if (Number(id) is int i && Number(count) is int n && Number(min) is int lo && n >= 1 && i - lo >= 0 && i - lo < n)
                return (i - lo + 1, n);
            error = Error($"SLURM_ARRAY_TASK_ID={id}, SLURM_ARRAY_TASK_MIN={min}, SLURM_ARRAY_TASK_COUNT={count} do not name a shard — use a contiguous array such as --array=0-{Math.Max(0, (Number(count) ?? 1) - 1)}, or pass --shard i/N (a sparse array such as --array=1,3 needs --shard \"$SLURM_ARRAY_TASK_ID/N\").");
            return null;
        }
        string? index = env("JOB_COMPLETION_INDEX");
        if (index is null) return null;
        string? completions = env("JOB_COMPLETIONS");
        if (completions is null)
        {
            error = Error($"JOB_COMPLETION_INDEX={index} is set (a Kubernetes Indexed Job) but the number of shards is not: Kubernetes does not tell a pod the Job's completions — set the environment variable JOB_COMPLETIONS to the same number as 'completions' in the Job manifest (docs/cluster.md), or pass --shard i/N.");
            return null;
        }
        if (Number(index) is int k && Number(completions) is int c && c >= 1 && k < c) return (k + 1, c);
        error = Error($"JOB_COMPLETION_INDEX={index} and JOB_COMPLETIONS={completions} do not name a shard — the index must be 0 to JOB_COMPLETIONS − 1; set JOB_COMPLETIONS to the Job's 'completions', or pass --shard i/N.");
        return null;
    }

    private static string Error(string message) => $"error {ClusterErrors.ShardEnvironment}: {message}";

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
}
