using System.Globalization;
using YamlDotNet.RepresentationModel;
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

    /// <summary>A manifest of docs/kubernetes: the container's shell line, its environment and the Job's spec.</summary>
    private static (string Command, Dictionary<string, string> Env, YamlMappingNode Spec) Manifest(string name)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Support.RepoRoot, "docs", "kubernetes", name)))) yaml.Load(reader);
        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)spec["template"])["spec"])["containers"])[0];
        Assert.Equal(["sh", "-c"], ((YamlSequenceNode)container["command"]).Select(n => n.ToString()));
        string command = ((YamlSequenceNode)container["args"]).Single().ToString();
        var env = container.Children.TryGetValue("env", out var e)
            ? ((YamlSequenceNode)e).Cast<YamlMappingNode>().ToDictionary(m => m["name"].ToString(), m => m["value"].ToString())
            : [];
        return (command, env, spec);
    }

    [Fact]
    public void The_documented_indexed_job_and_merge_job_give_the_bytes_of_one_run()
    {
        // Runs the shell line of every pod of docs/kubernetes/sweep-indexed-job.yaml (with its environment and the
        // index Kubernetes would give it), then the merge Job's line: /data is a temporary folder holding scenarios/.
        var (shardCommand, env, spec) = Manifest("sweep-indexed-job.yaml");
        Assert.Equal("Indexed", spec["completionMode"].ToString());
        string completions = spec["completions"].ToString();
        Assert.Equal(completions, env["JOB_COMPLETIONS"]);
        var (mergeCommand, _, _) = Manifest("sweep-merge-job.yaml");

        string data = Support.TempDir();
        CopyFolder(Path.Combine(Support.RepoRoot, "scenarios"), Path.Combine(data, "scenarios"));
        string wsim = string.Join(' ', Cli.Slurm.WsimInvocation.Current().Select(SlurmScripts.Sh));
        string Local(string line) => line.Replace("exec wsim ", $"exec {wsim} ", StringComparison.Ordinal).Replace("/data/", data + "/", StringComparison.Ordinal);

        for (int index = 0; index < int.Parse(completions, CultureInfo.InvariantCulture); index++)
        {
            var podEnv = env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
            podEnv["JOB_COMPLETION_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
            podEnv["SLURM_ARRAY_TASK_ID"] = podEnv["SLURM_ARRAY_TASK_COUNT"] = null;
            var pod = ClusterSupport.Run("sh", ["-c", Local(shardCommand)], podEnv);
            Assert.True(pod.Code == 0, pod.Out + pod.Err);
            Assert.Contains($"shard {index + 1}/{completions}", pod.Out, StringComparison.Ordinal);
        }
        var merge = ClusterSupport.Run("sh", ["-c", Local(mergeCommand)]);
        Assert.True(merge.Code == 0, merge.Out + merge.Err);

        string sweepFile = Path.Combine(data, "scenarios", "sweeps", "team-lead-grid.yaml");
        var one = ClusterSupport.InProcess("sweep", sweepFile, "--out", Path.Combine(data, "one"), "--threads", "2", "--no-charts");
        Assert.True(one.Code == 0, one.Err);
        Support.AssertSameFiles(Support.Files(Path.Combine(data, "one")), Support.Files(Path.Combine(data, "out", "team-lead-grid"), includeCharts: false));

        // A pod whose manifest lacks JOB_COMPLETIONS is told what to add, and writes nothing.
        string x = Path.Combine(data, "x");
        var forgot = ClusterSupport.Wsim(["sweep", sweepFile, "--out", x], new Dictionary<string, string?>
            { ["JOB_COMPLETION_INDEX"] = "0", ["SLURM_ARRAY_TASK_ID"] = null, ["SLURM_ARRAY_TASK_COUNT"] = null });
        Assert.Equal(2, forgot.Code);
        Assert.Contains("error WS6109:", forgot.Err, StringComparison.Ordinal);
        Assert.Contains("JOB_COMPLETIONS", forgot.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(x));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (string f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
