using System.Globalization;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Sweeps.Tests.Cluster;

/// <summary>The shard a task runs when <c>--shard</c> is left out: Slurm job arrays and Kubernetes Indexed Jobs.</summary>
public class ShardEnvironmentTests
{
    private static (int, int)? Shard(Dictionary<string, string> env, out string? error) =>
        ShardEnvironment.Shard(k => env.TryGetValue(k, out var v) ? v : null, out error);

    [Fact]
    public void Kubernetes_completion_index_is_zero_based_and_needs_the_completions()
    {
        Assert.Equal((1, 4), Shard(new() { ["JOB_COMPLETION_INDEX"] = "0", ["JOB_COMPLETIONS"] = "4" }, out _));
        Assert.Equal((4, 4), Shard(new() { ["JOB_COMPLETION_INDEX"] = "3", ["JOB_COMPLETIONS"] = "4" }, out _));
        Assert.Null(Shard(new() { ["JOB_COMPLETION_INDEX"] = "4", ["JOB_COMPLETIONS"] = "4" }, out string? outOfRange));
        Assert.StartsWith("error WS6109:", outOfRange, StringComparison.Ordinal);
        Assert.Null(Shard(new() { ["JOB_COMPLETION_INDEX"] = "1" }, out string? noCount));
        Assert.Contains("JOB_COMPLETIONS", noCount, StringComparison.Ordinal);
        Assert.Null(Shard(new(), out string? none));
        Assert.Null(none);
        // Slurm's variables win when both are set.
        Assert.Equal((2, 3), Shard(new() { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "3", ["JOB_COMPLETION_INDEX"] = "0", ["JOB_COMPLETIONS"] = "4" }, out _));
    }

    [Fact]
    public void Indexed_job_pods_with_the_documented_environment_merge_to_the_bytes_of_one_run()
    {
        // What the sample manifest in docs/cluster.md runs in each pod, one process per completion index.
        string tmp = Support.TempDir();
        string file = Support.WriteSmallSweep(tmp, design: "latin_hypercube");
        var expected = ClusterSupport.InProcess("sweep", file, "--out", Path.Combine(tmp, "one"), "--no-charts", "--threads", "1");
        Assert.True(expected.Code == 0, expected.Err);
        var shards = new List<string>();
        for (int index = 0; index < 3; index++)
        {
            string dir = Path.Combine(tmp, "shards", (index + 1).ToString(CultureInfo.InvariantCulture));
            shards.Add(dir);
            var r = ClusterSupport.Wsim(["sweep", file, "--resume", "--out", dir, "--threads", "1"], new Dictionary<string, string?>
            {
                ["JOB_COMPLETION_INDEX"] = index.ToString(CultureInfo.InvariantCulture), ["JOB_COMPLETIONS"] = "3",
                ["SLURM_ARRAY_TASK_ID"] = null, ["SLURM_ARRAY_TASK_COUNT"] = null,
            });
            Assert.True(r.Code == 0, r.Err);
            Assert.Contains($"shard {index + 1}/3", r.Out, StringComparison.Ordinal);
        }
        var merged = ClusterSupport.InProcess(["merge", .. shards, "--out", Path.Combine(tmp, "merged"), "--no-charts"]);
        Assert.True(merged.Code == 0, merged.Err);
        Support.AssertSameFiles(Support.Files(Path.Combine(tmp, "one")), Support.Files(Path.Combine(tmp, "merged")));

        // A pod whose manifest forgot JOB_COMPLETIONS is told what to add.
        var forgot = ClusterSupport.Wsim(["sweep", file, "--out", Path.Combine(tmp, "x")], new Dictionary<string, string?>
            { ["JOB_COMPLETION_INDEX"] = "0", ["SLURM_ARRAY_TASK_ID"] = null, ["SLURM_ARRAY_TASK_COUNT"] = null });
        Assert.Equal(2, forgot.Code);
        Assert.Contains("error WS6109:", forgot.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp, "x")));
    }
}
