using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Sweeps.Tests.Cluster;

/// <summary>The Slurm batch scripts and the command's checks, without a Slurm cluster (docs/cluster.md).</summary>
public class SlurmScriptTests
{
    private static SweepDefinition Load(string path)
    {
        var r = SweepLoader.Load(path);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r.Sweep!;
    }

    [Fact]
    public void Dry_run_scripts_run_each_shard_and_the_merge_from_any_folder_and_give_the_bytes_of_one_run()
    {
        // A folder name with a space and a quote: every path in the scripts must be quoted for the shell.
        string tmp = Path.Combine(Support.TempDir(), "it's a sweep");
        Directory.CreateDirectory(tmp);
        string file = Support.WriteSmallSweep(tmp);
        SweepRunner.Run(Load(file), Path.Combine(tmp, "one"), Cli.WsimApp.Version, new SweepRunOptions { Charts = false, Threads = 2 });

        string outDir = Path.Combine(tmp, "out");
        var (code, stdout, stderr) = ClusterSupport.InProcess("sweep", file, "--out", outDir, "--slurm", "--dry-run", "--tasks", "4", "--no-charts",
            "--partition", "short", "--time", "00:20:00", "--cpus-per-task", "2", "--sbatch-option=--account=proj42");
        Assert.True(code == 0, stderr);
        string work = outDir + ".slurm";
        Assert.Contains(Path.Combine(work, "submit.sh"), stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));

        string array = File.ReadAllText(Path.Combine(work, "array.sbatch"));
        string merge = File.ReadAllText(Path.Combine(work, "merge.sbatch"));
        string submit = File.ReadAllText(Path.Combine(work, "submit.sh"));
        Assert.Contains("#SBATCH --array=1-4\n", array, StringComparison.Ordinal);
        Assert.Contains("SLURM_ARRAY_TASK_ID", array, StringComparison.Ordinal);
        Assert.Contains("--shard \"${shard}/4\" --resume", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=short\n#SBATCH --time=00:20:00\n#SBATCH --account=proj42\n#SBATCH --cpus-per-task=2\n", array, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=short\n#SBATCH --time=00:20:00\n#SBATCH --account=proj42\n", merge, StringComparison.Ordinal);
        Assert.DoesNotContain("--cpus-per-task", merge, StringComparison.Ordinal);
        Assert.Contains("--out '" + outDir.Replace("'", "'\\''", StringComparison.Ordinal) + "' --no-charts", merge, StringComparison.Ordinal);
        Assert.Contains("sbatch --parsable --array=1-4 ", submit, StringComparison.Ordinal);
        Assert.Contains("--dependency=afterok:\"${array}\" --kill-on-invalid-dep=yes", submit, StringComparison.Ordinal);
        // The same wsim, by absolute paths.
        var wsim = Cli.Slurm.WsimInvocation.Current();
        Assert.All(wsim, w => Assert.True(Path.IsPathRooted(w), w));
        Assert.Contains(string.Join(' ', wsim.Select(SlurmScripts.Sh)) + " sweep ", array, StringComparison.Ordinal);

        // Run the scripts as Slurm would, from an unrelated folder: task i gets SLURM_ARRAY_TASK_ID=i.
        for (int i = 1; i <= 4; i++)
        {
            var r = ClusterSupport.Run("bash", [Path.Combine(work, "array.sbatch")],
                new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["SLURM_CPUS_PER_TASK"] = "2" }, cwd: "/");
            Assert.True(r.Code == 0, r.Out + r.Err);
            Assert.Contains($"[wsim] shard {i}/4 ended with exit code 0", r.Out, StringComparison.Ordinal);
            var shard = SweepPlan(i);
            Assert.Equal(shard, Directory.EnumerateFiles(Path.Combine(work, "shards", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "points"))
                .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        }
        var m = ClusterSupport.Run("bash", [Path.Combine(work, "merge.sbatch")], cwd: "/");
        Assert.True(m.Code == 0, m.Out + m.Err);
        Support.AssertSameFiles(Support.Files(Path.Combine(tmp, "one")), Support.Files(outDir));

        // Without SLURM_ARRAY_TASK_ID the array script says how to submit it.
        var bare = ClusterSupport.Run("bash", [Path.Combine(work, "array.sbatch")], new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = null });
        Assert.NotEqual(0, bare.Code);
        Assert.Contains("sbatch --array=1-4", bare.Err, StringComparison.Ordinal);

        static string[] SweepPlan(int shard) =>
            [.. Designs.SweepPlan.Shard(6, shard, 4).Select(PointResult.FileName)];
    }

    [Fact]
    public void Without_sbatch_submitting_is_refused_with_nothing_written_and_dry_run_still_works()
    {
        string tmp = Support.TempDir();
        string file = Support.WriteSmallSweep(tmp);
        // A PATH with bash but no Slurm commands.
        string bin = Path.Combine(tmp, "bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "bash"), ExternalCommand.Find("bash")!);
        var env = new Dictionary<string, string?> { ["PATH"] = bin };
        string outDir = Path.Combine(tmp, "out");

        var r = ClusterSupport.Wsim(["sweep", file, "--out", outDir, "--slurm", "--tasks", "2"], env);
        Assert.Equal(2, r.Code);
        Assert.Contains("error WS6101: sbatch is not on PATH", r.Err, StringComparison.Ordinal);
        Assert.Contains("--dry-run", r.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir + ".slurm"));

        var dry = ClusterSupport.Wsim(["sweep", file, "--out", outDir, "--slurm", "--tasks", "2", "--dry-run"], env);
        Assert.True(dry.Code == 0, dry.Err);
        Assert.True(File.Exists(Path.Combine(outDir + ".slurm", "array.sbatch")));

        // --status off the cluster reports progress from the shard folders, saying job states are unknown.
        var status = ClusterSupport.Wsim(["sweep", file, "--out", outDir, "--slurm", "--status"], env);
        Assert.True(status.Code == 0, status.Err);
        Assert.Contains("job states are unknown", status.Out, StringComparison.Ordinal);
        Assert.Contains("shard 2/2    0/3 points     not submitted", status.Out, StringComparison.Ordinal);
        Assert.Contains("not submitted yet", status.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string, string> BadCommandLines => new()
    {
        { ["--tasks", "2"], "WS6102", "--tasks needs --slurm" },
        { ["--status"], "WS6102", "--status needs --slurm" },
        { ["--slurm", "--shard", "1/2", "--dry-run"], "WS6102", "--shard cannot be combined with --slurm" },
        { ["--slurm", "--dry-run", "--status"], "WS6102", "cannot be combined" },
        { ["--slurm", "--dry-run", "--tasks", "0"], "WS6103", "--tasks must be at least 1" },
        { ["--slurm", "--dry-run", "--tasks", "7"], "WS6103", "more than the sweep's 6 points" },
        { ["--slurm", "--dry-run", "--time", "2h"], "WS6104", "is not a Slurm time limit" },
        { ["--slurm", "--dry-run", "--partition", "a b"], "WS6104", "is not a partition name" },
        { ["--slurm", "--dry-run", "--cpus-per-task", "0"], "WS6104", "--cpus-per-task must be at least 1" },
        { ["--slurm", "--dry-run", "--sbatch-option=--array=1-3"], "WS6104", "are set by wsim" },
        { ["--slurm", "--dry-run", "--sbatch-option=mem=4G"], "WS6104", "long form" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_slurm_options_exit_2_with_a_coded_message_and_write_nothing(string[] options, string code, string text)
    {
        string tmp = Support.TempDir();
        string file = Support.WriteSmallSweep(tmp);
        string outDir = Path.Combine(tmp, "out");
        var (exit, _, err) = ClusterSupport.InProcess(["sweep", file, "--out", outDir, .. options]);
        Assert.Equal(2, exit);
        Assert.Contains($"wsim: error {code}: ", err, StringComparison.Ordinal);
        Assert.Contains(text, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir + ".slurm"));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void An_invalid_sweep_file_is_reported_with_its_location_and_nothing_is_written()
    {
        string tmp = Support.TempDir();
        // The small sweep with a misspelt outcome metric.
        string file = Path.Combine(tmp, "bad.yaml");
        File.WriteAllText(file, File.ReadAllText(Support.WriteSmallSweep(tmp)).Replace("retention.hired_1y", "retention.hired1y", StringComparison.Ordinal));
        int line = Array.FindIndex(File.ReadAllLines(file), l => l.Contains("retention.hired1y", StringComparison.Ordinal)) + 1;
        var (exit, _, err) = ClusterSupport.InProcess("sweep", file, "--out", Path.Combine(tmp, "out"), "--slurm", "--dry-run", "--tasks", "1");
        Assert.Equal(2, exit);
        Assert.Contains($"bad.yaml({line},", err, StringComparison.Ordinal);
        Assert.Contains("WS6005", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp, "out.slurm")));
    }

    [Fact]
    public void The_work_folder_keeps_its_sweep_and_its_split()
    {
        string tmp = Support.TempDir();
        string file = Support.WriteSmallSweep(tmp);
        string outDir = Path.Combine(tmp, "out");
        Assert.Equal(0, ClusterSupport.InProcess("sweep", file, "--out", outDir, "--slurm", "--dry-run", "--tasks", "3").Code);
        // A shard has run: the split is fixed from now on.
        SweepRunner.Run(Load(file), Path.Combine(outDir + ".slurm", "shards", "1"), Cli.WsimApp.Version,
            new SweepRunOptions { Shard = (1, 3), Resume = true, Charts = false, Threads = 1 });
        var other = ClusterSupport.InProcess("sweep", file, "--out", outDir, "--slurm", "--dry-run", "--tasks", "2");
        Assert.Equal(2, other.Code);
        Assert.Contains("error WS6103: this sweep was split into 3 shards", other.Err, StringComparison.Ordinal);
        // Without --tasks the earlier split is used.
        var again = ClusterSupport.InProcess("sweep", file, "--out", outDir, "--slurm", "--dry-run");
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("6 points in 3 shards", again.Out, StringComparison.Ordinal);

        // The sweep file changed (another seed): its hash no longer matches the work folder.
        Support.WriteSmallSweep(tmp, seed: 99);
        var changed = ClusterSupport.InProcess("sweep", file, "--out", outDir, "--slurm", "--dry-run");
        Assert.Equal(2, changed.Code);
        Assert.Contains("error WS6105: the Slurm work folder", changed.Err, StringComparison.Ordinal);

        // An output folder that holds something else.
        string busy = Path.Combine(tmp, "busy");
        Directory.CreateDirectory(busy);
        File.WriteAllText(Path.Combine(busy, "notes.txt"), "mine");
        var inUse = ClusterSupport.InProcess("sweep", file, "--out", busy, "--slurm", "--dry-run");
        Assert.Equal(2, inUse.Code);
        Assert.Contains("error WS6106:", inUse.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_specs_round_trip_and_runs_become_ranges()
    {
        Assert.Equal("1-4", ArraySpec.Format([4, 2, 3, 1]));
        Assert.Equal("1,2,5,7-9", ArraySpec.Format([1, 2, 5, 7, 8, 9]));
        Assert.Equal("3", ArraySpec.Format([3]));
        Assert.Equal([1, 2, 5, 7, 8, 9], ArraySpec.Parse("1,2,5,7-9"));
        Assert.Null(ArraySpec.Parse("1-x"));
        Assert.Null(ArraySpec.Parse("4-2"));
        Assert.Equal("'it'\\''s'", SlurmScripts.Sh("it's"));
        Assert.Equal("/a/b.yaml", SlurmScripts.Sh("/a/b.yaml"));
        Assert.Equal("'a b'", SlurmScripts.Sh("a b"));
    }
}
