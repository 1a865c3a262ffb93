using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Sweeps.Tests.Cluster;

/// <summary>
/// The status report and the resubmission decision from real shard folders and recorded squeue/sacct answers (the
/// real-Slurm test in <see cref="SlurmClusterTests"/> runs the same path against a live cluster).
/// </summary>
public class SlurmStatusTests
{
    private sealed class FakeSlurm
    {
        public string Squeue = "";
        public int SqueueExit;
        public string SqueueError = "";
        public string? Sacct;
        public List<string> Calls { get; } = [];

        public CommandResult Run(string program, IReadOnlyList<string> args)
        {
            Calls.Add(program + " " + string.Join(' ', args));
            return program switch
            {
                "squeue" => new CommandResult(SqueueExit, Squeue, SqueueError),
                "sacct" => Sacct is null ? new CommandResult(1, "", "Slurm accounting storage is disabled") : new CommandResult(0, Sacct, ""),
                _ => new CommandResult(0, "", ""),
            };
        }
    }

    /// <summary>A 6-point sweep in 3 shards: shard 1 finished, shard 2 has one of its two points, shard 3 none.</summary>
    private static (SlurmWorkspace Ws, SweepLayout Layout) Setup()
    {
        string tmp = Support.TempDir();
        var def = SweepLoader.Load(Support.WriteSmallSweep(tmp)).Sweep!;
        var ws = new SlurmWorkspace(Path.Combine(tmp, "out"));
        var run = new SweepRunOptions { Shard = (1, 3), Resume = true, Charts = false, Threads = 1 };
        var layout = SweepRunner.Run(def, ws.ShardDir(1), Cli.WsimApp.Version, run).Layout;
        // Shard 2 interrupted after its first point (index 1; its other point is 4).
        SweepRunner.Run(def, ws.ShardDir(2), Cli.WsimApp.Version, run with { Shard = (2, 3) });
        File.Delete(Path.Combine(ws.ShardDir(2), "points", PointResult.FileName(4)));
        Directory.CreateDirectory(ws.PathOf("logs"));
        File.WriteAllText(ws.ShardLog(2, "40"), "[wsim] shard 2/3 of sweep small: job 40_2\npoints: 1/2\nwsim: error: disk quota exceeded\n[wsim] shard 2/3 ended with exit code 1\n");
        File.WriteAllText(ws.PathOf("jobs.tsv"), SlurmWorkspace.JobsHeader + "\n2026-01-01T00:00:00Z\t40\t1-3\t41\n");
        return (ws, layout);
    }

    [Fact]
    public void Shards_are_reported_with_progress_state_log_and_the_telling_log_line()
    {
        var (ws, layout) = Setup();
        var slurm = new FakeSlurm { Squeue = "40_1|COMPLETED|None\n40_2|FAILED|NonZeroExitCode\n40_3|RUNNING|None\n41|PENDING|Dependency\n" };
        var status = SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run));
        Assert.Equal(["done", "failed (NonZeroExitCode)", "running"], status.Shards.Select(s => s.State));
        Assert.Equal([2, 1, 0], status.Shards.Select(s => s.Progress.Done));
        Assert.Equal([2, 2, 2], status.Shards.Select(s => s.Progress.Points));
        var failed = status.Shards[1];
        Assert.Equal("40_2", failed.Job);
        Assert.Equal(ws.ShardLog(2, "40"), failed.Log);
        Assert.Equal("wsim: error: disk quota exceeded", failed.Reason);
        Assert.True(status.Shards[2].Active);
        Assert.Equal("pending (Dependency)", status.Merge!.State);
        Assert.Contains(slurm.Calls, c => c.StartsWith("squeue --noheader --array --states=all --jobs=40,41 ", StringComparison.Ordinal));

        // Resubmitting now is refused: shard 3 is still running.
        var ex = Assert.Throws<ClusterException>(() => SlurmSweep.Decide(status, new SlurmOptions()));
        Assert.Equal("WS6107", ex.Code);
        Assert.Contains("shard 3 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scancel 40", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resubmission_takes_only_unfinished_shards_and_cancels_a_merge_that_can_never_start()
    {
        var (ws, layout) = Setup();
        var slurm = new FakeSlurm { Squeue = "40_1|COMPLETED|None\n40_2|CANCELLED|None\n40_3|TIMEOUT|TimeLimit\n41|PENDING|Dependency\n" };
        var status = SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run));
        var d = SlurmSweep.Decide(status, new SlurmOptions());
        Assert.Null(d.Nothing);
        Assert.Equal([2, 3], d.Shards.ToArray());
        Assert.True(d.Merge);
        Assert.Equal(["41"], d.Cancel.ToArray());
        Assert.Equal("timeout (TimeLimit)", status.Shards[2].State);

        // --no-merge submits the shards alone.
        Assert.False(SlurmSweep.Decide(status, new SlurmOptions { Merge = false }).Merge);
    }

    [Fact]
    public void Jobs_slurm_has_forgotten_are_looked_up_in_accounting_or_reported_as_not_finished()
    {
        var (ws, layout) = Setup();
        // squeue knows none of the ids any more (they ended long ago).
        var slurm = new FakeSlurm { SqueueExit = 1, SqueueError = "slurm_load_jobs error: Invalid job id specified" };
        var status = SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run));
        Assert.Equal(["done", "did not finish", "did not finish"], status.Shards.Select(s => s.State));
        Assert.Equal("did not finish", status.Merge!.State);

        slurm.Sacct = "40_2|FAILED|1:0\n40_3|CANCELLED by 0|0:15\n41|CANCELLED by 0|0:0\n";
        status = SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run));
        Assert.Equal(["done", "failed (exit 1)", "cancelled (signal 15)"], status.Shards.Select(s => s.State));
        Assert.Contains(slurm.Calls, c => c.StartsWith("sacct ", StringComparison.Ordinal) && c.Contains("--jobs=40_2,40_3,41", StringComparison.Ordinal));
        Assert.Equal([2, 3], SlurmSweep.Decide(status, new SlurmOptions()).Shards.ToArray());

        // Any other squeue failure is an error, not silence.
        var down = new FakeSlurm { SqueueExit = 1, SqueueError = "slurm_load_jobs error: Unable to contact slurm controller (connect failure)" };
        var ex = Assert.Throws<ClusterException>(() => SlurmSweep.Status(ws, layout, 3, new SlurmQueue(down.Run)));
        Assert.Equal("WS6108", ex.Code);
        Assert.Contains("Unable to contact", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_shard_is_finished_only_the_merge_is_submitted_unless_one_is_queued()
    {
        var (ws, layout) = Setup();
        var def = SweepLoader.Load(Directory.EnumerateFiles(Path.GetDirectoryName(ws.OutDir)!, "*.yaml").Single()).Sweep!;
        for (int i = 2; i <= 3; i++)
            SweepRunner.Run(def, ws.ShardDir(i), Cli.WsimApp.Version, new SweepRunOptions { Shard = (i, 3), Resume = true, Charts = false, Threads = 1 });
        var slurm = new FakeSlurm { Squeue = "41|CANCELLED|DependencyNeverSatisfied\n" };
        var d = SlurmSweep.Decide(SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run)), new SlurmOptions());
        Assert.Empty(d.Shards);
        Assert.True(d.Merge);

        slurm.Squeue = "41|RUNNING|None\n";
        var busy = SlurmSweep.Decide(SlurmSweep.Status(ws, layout, 3, new SlurmQueue(slurm.Run)), new SlurmOptions());
        Assert.False(busy.Merge);
        Assert.Contains("merge job 41 is running", busy.Nothing, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_folder_of_another_sweep_is_refused()
    {
        var (ws, layout) = Setup();
        var other = layout with { Hash = new string('f', 64) };
        var ex = Assert.Throws<ClusterException>(() => SlurmSweep.Status(ws, other, 3, null));
        Assert.Equal("WS6105", ex.Code);
    }
}
