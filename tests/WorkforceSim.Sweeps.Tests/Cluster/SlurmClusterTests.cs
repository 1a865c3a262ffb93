using System.Globalization;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Sweeps.Tests.Cluster;

/// <summary>Runs only where a single-node Slurm cluster can be started (.ci/run installs slurm-wlm and munge).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (LocalSlurmCluster.Unavailable() is string why) Skip = why;
    }
}

/// <summary>
/// A throw-away Slurm cluster on localhost (munged, slurmctld, slurmd) with all state in a fresh temporary folder and
/// its own ports, started and stopped with scripts/slurm-local.sh; stopping cancels its jobs and stops the daemons by
/// their pid files, also when a test failed.
/// </summary>
public sealed class LocalSlurmCluster : IDisposable
{
    private static readonly string Script = Path.Combine(Support.RepoRoot, "scripts", "slurm-local.sh");

    public LocalSlurmCluster()
    {
        Folder = Path.Combine(Path.GetTempPath(), "wsim-slurm-" + Guid.NewGuid().ToString("N")[..12]);
        var r = ClusterSupport.Run("bash", [Script, "start", Folder], timeout: TimeSpan.FromMinutes(6));
        if (r.Code != 0)
        {
            Dispose();
            throw new InvalidOperationException($"the local Slurm cluster did not start (exit {r.Code}): {r.Out}{r.Err}");
        }
        Environment = new Dictionary<string, string?> { ["SLURM_CONF"] = Path.Combine(Folder, "slurm.conf") };
    }

    /// <summary>Everything of the cluster: configuration, state, daemon logs.</summary>
    public string Folder { get; }

    /// <summary>What client commands need: SLURM_CONF.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>();

    /// <summary>Why the cluster cannot be started here, or null.</summary>
    public static string? Unavailable()
    {
        foreach (string tool in new[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo", "scontrol", "bash" })
            if (ExternalCommand.Find(tool, (System.Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin") is null)
                return $"{tool} is not installed (apt-get install -y slurm-wlm munge; .ci/run does) — the real-Slurm sweep test is skipped.";
        if (System.Environment.UserName != "root")
            return "starting the Slurm daemons needs root (SlurmUser=root) — the real-Slurm sweep test is skipped.";
        return null;
    }

    /// <summary>Runs a Slurm client command against this cluster.</summary>
    public (int Code, string Out, string Err) Client(string program, params string[] args) =>
        ClusterSupport.Run(program, args, Environment, timeout: TimeSpan.FromMinutes(1));

    /// <summary>True when none of the jobs is queued or running any more.</summary>
    public bool Ended(IEnumerable<string> jobs)
    {
        var r = Client("squeue", "--noheader", "--array", "--states=all", "--jobs=" + string.Join(',', jobs), "--format=%i|%T|%r");
        if (r.Code != 0) return r.Err.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase);
        return SlurmQueue.Parse(r.Out).All(j => !j.Active);
    }

    public void Dispose() => ClusterSupport.Run("bash", [Script, "stop", Folder], timeout: TimeSpan.FromMinutes(2));
}

/// <summary>
/// End to end on a real single-node Slurm cluster: <c>wsim sweep --slurm</c> submits a 4-task job array and a merge
/// job; the merged outputs are byte-identical to the same sweep run on one machine; an array task cancelled mid-run is
/// reported with its shard and log, resubmitted alone, and the bytes are the same again.
/// </summary>
public sealed class SlurmClusterTests : IClassFixture<LocalSlurmCluster>, IDisposable
{
    // Hang detection only: on a quiet 2-core machine a whole sweep takes seconds.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private readonly LocalSlurmCluster _cluster;
    private readonly string _tmp = Support.TempDir();
    private readonly string _file;

    public SlurmClusterTests(LocalSlurmCluster cluster)
    {
        _cluster = cluster;
        _file = WriteSweep(_tmp);
    }

    /// <summary>
    /// 12 points in 4 shards of 3; each point is heavy enough (3,000 positions × 10 years × 400 replications, a
    /// fifth of a second or more on the task's one thread) that a task can be caught between its first and last point.
    /// </summary>
    private static string WriteSweep(string dir)
    {
        string file = Path.Combine(dir, "cluster.sweep.yaml");
        File.WriteAllText(file, $"""
            sweep: cluster-e2e
            scenario: {Support.Scenario("baseline.yaml")}
            set:
              workforce.positions.count: 3000
              horizon.years: 10
            design: grid
            replications: 400
            seed: 11
            parameters:
              - path: hiring.fill_rate
                values: [0.9, 0.95, 1.0]
              - path: career_ladder.stages[teacher].salary
                name: salary
                values: [50000, 52000, 54000, 56000]
            outcomes:
              - metric: retention.hired_1y
              - metric: cost.total
                aggregate: last_year
            """);
        return file;
    }

    /// <summary>The same sweep run on one machine (once for both tests): the bytes every cluster run must reproduce.</summary>
    private static readonly Lazy<SortedDictionary<string, byte[]>> OneMachine = new(() =>
    {
        string dir = Support.TempDir();
        var r = ClusterSupport.InProcess("sweep", WriteSweep(dir), "--out", Path.Combine(dir, "one-machine"), "--threads", "2");
        Assert.True(r.Code == 0, r.Err);
        return Support.Files(Path.Combine(dir, "one-machine"));
    });

    public void Dispose()
    {
        try { Directory.Delete(_tmp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private (int Code, string Out, string Err) Wsim(params string[] args) => ClusterSupport.Wsim(args, _cluster.Environment);

    private SlurmSubmission LastSubmission(string outDir) => new SlurmWorkspace(outDir).ReadSubmissions()[^1];

    private void WaitForJobs(SlurmSubmission s) =>
        ClusterSupport.WaitUntil(() => _cluster.Ended(new[] { s.ArrayJob, s.MergeJob }.OfType<string>()), Limit,
            () => $"jobs {s.ArrayJob}, {s.MergeJob} to end:\n{_cluster.Client("squeue", "--array", "--states=all").Out}");

    [SlurmFact]
    public void Four_array_tasks_and_the_merge_job_give_the_bytes_of_one_machine()
    {
        string outDir = Path.Combine(_tmp, "cluster");
        var submit = Wsim("sweep", _file, "--out", outDir, "--slurm", "--tasks", "4");
        Assert.True(submit.Code == 0, submit.Out + submit.Err);
        var s = LastSubmission(outDir);
        Assert.Equal([1, 2, 3, 4], s.Shards.ToArray());
        Assert.NotNull(s.MergeJob);
        Assert.Contains($"submitted array job {s.ArrayJob} (shards 1-4 of 4) and merge job {s.MergeJob}", submit.Out, StringComparison.Ordinal);
        Assert.Contains($"squeue -j {s.ArrayJob},{s.MergeJob}", submit.Out, StringComparison.Ordinal);
        var expected = OneMachine.Value;
        WaitForJobs(s);

        Assert.True(Directory.Exists(outDir), "the merge job wrote no outputs:\n" + Logs(outDir));
        Support.AssertSameFiles(expected, Support.Files(outDir));
        // Every shard ran as its own array task, with its own log.
        for (int i = 1; i <= 4; i++)
            Assert.Contains($"[wsim] shard {i}/4 ended with exit code 0", File.ReadAllText(new SlurmWorkspace(outDir).ShardLog(i, s.ArrayJob!)), StringComparison.Ordinal);

        var status = Wsim("sweep", _file, "--out", outDir, "--slurm", "--status");
        Assert.True(status.Code == 0, status.Err);
        Assert.Contains("12 of 12 points finished in 4 shards", status.Out, StringComparison.Ordinal);
        Assert.Contains("complete: outputs in", status.Out, StringComparison.Ordinal);
        var again = Wsim("sweep", _file, "--out", outDir, "--slurm");
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("nothing to submit", again.Out, StringComparison.Ordinal);
        Assert.Single(new SlurmWorkspace(outDir).ReadSubmissions());
    }

    [SlurmFact]
    public void A_task_cancelled_mid_run_is_reported_resubmitted_alone_and_the_bytes_are_the_same()
    {
        string outDir = Path.Combine(_tmp, "cancelled");
        var ws = new SlurmWorkspace(outDir);
        var submit = Wsim("sweep", _file, "--out", outDir, "--slurm", "--tasks", "4");
        Assert.True(submit.Code == 0, submit.Out + submit.Err);
        var first = LastSubmission(outDir);
        string points3 = Path.Combine(ws.ShardDir(3), "points");
        int Points3() => Directory.Exists(points3) ? Directory.EnumerateFiles(points3, "p*.json").Count() : 0;

        // Cancel shard 3's task once its first point is written, while it computes the others.
        ClusterSupport.WaitUntil(() => Points3() >= 1, Limit, () => "shard 3 to finish its first point:\n" + Logs(outDir));
        var cancel = _cluster.Client("scancel", $"{first.ArrayJob}_3");
        Assert.True(cancel.Code == 0, cancel.Err);
        WaitForJobs(first);
        int kept = Points3();
        Assert.True(kept is >= 1 and < 3, $"shard 3 has {kept} of 3 points after the cancel; it should have been caught mid-run");
        Assert.False(Directory.Exists(outDir), "the merge job ran although a shard was cancelled");

        // The status names the shard, its state, job and log, and why it stopped.
        var status = Wsim("sweep", _file, "--out", outDir, "--slurm", "--status");
        Assert.True(status.Code == 0, status.Err);
        string log = ws.ShardLog(3, first.ArrayJob!);
        string line = status.Out.Split('\n').Single(l => l.Contains("shard 3/4", StringComparison.Ordinal));
        Assert.Contains($"{kept}/3 points", line, StringComparison.Ordinal);
        Assert.Contains("cancelled", line, StringComparison.Ordinal);
        Assert.Contains($"job {first.ArrayJob}_3", line, StringComparison.Ordinal);
        Assert.Contains(log, line, StringComparison.Ordinal);
        Assert.Contains("CANCELLED", status.Out, StringComparison.Ordinal);   // Slurm's notice, quoted from the log
        Assert.Contains("1 shard stopped before finishing (3)", status.Out, StringComparison.Ordinal);
        Assert.All(new[] { 1, 2, 4 }, i => Assert.Contains($"shard {i}/4    3/3 points     done", status.Out, StringComparison.Ordinal));

        // Rerunning the submit command resubmits shard 3 only; finished point files are never rewritten.
        var before = ClusterSupport.PointFiles(ws.PathOf("shards"));
        var resubmit = Wsim("sweep", _file, "--out", outDir, "--slurm");
        Assert.True(resubmit.Code == 0, resubmit.Out + resubmit.Err);
        Assert.Contains("1 of 4 shards did not finish", resubmit.Out, StringComparison.Ordinal);
        Assert.Contains(log, resubmit.Out, StringComparison.Ordinal);
        var second = LastSubmission(outDir);
        Assert.Equal([3], second.Shards.ToArray());
        Assert.Contains($"submitted array job {second.ArrayJob} (shard 3 of 4)", resubmit.Out, StringComparison.Ordinal);
        var expected = OneMachine.Value;
        WaitForJobs(second);

        Assert.True(Directory.Exists(outDir), "the merge job wrote no outputs:\n" + Logs(outDir));
        Support.AssertSameFiles(expected, Support.Files(outDir));
        var after = ClusterSupport.PointFiles(ws.PathOf("shards"));
        foreach (var (file, stamp) in before) Assert.Equal(stamp, after[file]);
        Assert.Equal(12 - before.Count, after.Count - before.Count);
        Assert.Contains($"{3 - kept} points computed, {kept} already finished", File.ReadAllText(ws.ShardLog(3, second.ArrayJob!)), StringComparison.Ordinal);
        Assert.All(new[] { 1, 2, 4 }, i => Assert.False(File.Exists(ws.ShardLog(i, second.ArrayJob!))));
    }

    private static string Logs(string outDir)
    {
        string logs = Path.Combine(outDir + ".slurm", "logs");
        return Directory.Exists(logs)
            ? string.Join("\n", Directory.EnumerateFiles(logs).Order(StringComparer.Ordinal).Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"))
            : "(no logs)";
    }
}
