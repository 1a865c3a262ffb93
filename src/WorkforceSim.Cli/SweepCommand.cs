using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Cli;

/// <summary>
/// <c>wsim sweep SWEEP.yaml --out DIR [--resume] [--shard i/N]</c>: runs a parameter sweep (docs/sweep-format.md),
/// one point file per finished point, then assembles the outputs. Shards are 1-based (<c>--shard 1/4</c> … <c>4/4</c>);
/// without <c>--shard</c>, <c>SLURM_ARRAY_TASK_ID</c>/<c>SLURM_ARRAY_TASK_COUNT</c> select the shard, the task id
/// taken relative to <c>SLURM_ARRAY_TASK_MIN</c> (default 0), so <c>--array=0-3</c> and <c>--array=1-4</c> both work
/// (or a Kubernetes Indexed Job's <c>JOB_COMPLETION_INDEX</c>: <see cref="ShardEnvironment"/>). <c>--slurm</c> submits
/// the sweep to Slurm (<see cref="Slurm.SlurmSweepCommand"/>).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("sweep") { Description = "Sweep file (YAML, docs/sweep-format.md)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (created; with --resume, the folder of the interrupted sweep).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Finish an interrupted sweep: only unfinished points are computed." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N (1-based, e.g. 2/4); default from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX/JOB_COMPLETIONS (docs/cluster.md)." };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var noCharts = new Option<bool>("--no-charts") { Description = "Skip the tornado and response charts." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder (its content is deleted when the sweep starts)." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Refuse a sweep with a point estimated to need more memory than this, e.g. 4GB (default: 80% of available memory)." };
        var maxWork = new Option<double?>("--max-teacher-years") { Description = "Refuse a sweep of more teacher-years, all points together, than this (default: 1e12)." };
        var cmd = new Command("sweep", "Run a parameter sweep (grid, Latin hypercube or Sobol) with common random numbers across points.")
        {
            file, outDir, resume, shard, threads, noCharts, force, maxMemory, maxWork,
        };
        cmd.SetAction(parse =>
        {
            var limits = ResourceGuard.Limits(parse.GetValue(maxMemory), parse.GetValue(maxWork), stderr);
            return limits is null ? ExitCodes.InvalidInput : Execute(parse.GetValue(file)!, parse.GetValue(outDir)!, parse.GetValue(shard),
                new SweepRunOptions { Resume = parse.GetValue(resume), Threads = parse.GetValue(threads), Charts = !parse.GetValue(noCharts),
                                      Force = parse.GetValue(force), Limits = limits }, stdout, stderr);
        });
        Slurm.SlurmSweepCommand.Attach(cmd, file, outDir, shard, threads, noCharts, stdout, stderr);
        return cmd;
    }

    /// <summary>Parses "i/N" (1 ≤ i ≤ N).</summary>
    internal static (int, int)? ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i >= 1 && i <= n)
            return (i, n);
        return null;
    }

    private static int Execute(string file, string outDir, string? shardText, SweepRunOptions options, TextWriter stdout, TextWriter stderr)
    {
        // From here on Ctrl-C and SIGTERM cancel (exit 130; finished points are kept) instead of killing the process.
        using var cancel = new CancelOnSignals();
        int? threads = options.Threads;
        if (threads is < 0) { stderr.WriteLine($"wsim: error: --threads must be 0 (all cores) or more, but is {threads}."); return ExitCodes.InvalidInput; }
        (int, int)? shard = null;
        if (shardText is not null)
        {
            shard = ParseShard(shardText);
            if (shard is null) { stderr.WriteLine($"wsim: error: --shard must be i/N with 1 ≤ i ≤ N (shards are 1-based), but is '{shardText}'."); return ExitCodes.InvalidInput; }
        }
        else
        {
            shard = ShardEnvironment.Shard(Environment.GetEnvironmentVariable, out string? envError);
            if (envError is not null) { stderr.WriteLine($"wsim: {envError}"); return ExitCodes.InvalidInput; }
        }

        var loaded = SweepLoader.Load(file);
        ScenarioInput.Print(loaded.Diagnostics, stderr);
        if (!loaded.Success) return ExitCodes.InvalidInput;
        var def = loaded.Sweep!;
        options = options with { Shard = shard, Cancellation = cancel.Token };

        bool interactive = ProgressPrinter.IsInteractive(stderr) && AnsiConsole.Profile.Capabilities.Interactive;
        SweepRunSummary summary;
        try
        {
            summary = interactive
                ? RunWithLiveBar(def, outDir, options)
                : Run(def, outDir, options, PlainProgress(stderr, def.Replications));
        }
        catch (SweepInputException ex)
        {
            stderr.WriteLine($"wsim: error: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            string points = Path.Combine(outDir, SweepRunner.PointsFolder);
            stderr.WriteLine(Directory.Exists(points)
                ? $"wsim: stopped; every finished point is kept in {points}. Run the same command with --resume to finish."
                : "wsim: cancelled before the first point; nothing was written.");
            return ExitCodes.Cancelled;
        }
        var l = summary.Layout;
        stdout.WriteLine($"{(l.Title.Length > 0 ? l.Title : l.Id)}: {l.Design} design, {l.Points} points × {l.Replications} replications, seed {l.Seed} (same random numbers at every point)");
        stdout.WriteLine(shard is (int si, int sn)
            ? $"  shard {si}/{sn}: {summary.Computed} points computed, {summary.Reused} already finished; merge the shard folders with 'wsim merge'."
            : $"  {summary.Computed} points computed, {summary.Reused} already finished; outputs assembled.");
        stdout.WriteLine($"  sweep hash {l.Hash}");
        stdout.WriteLine($"  outputs: {outDir}");
        return ExitCodes.Ok;
    }

    private static SweepRunSummary Run(SweepDefinition def, string outDir, SweepRunOptions options, Action<SweepProgress> progress) =>
        SweepRunner.Run(def, outDir, WsimApp.Version, options with { Progress = progress });

    /// <summary>Plain lines for logs: at most every 5 seconds, and at the end.</summary>
    private static Action<SweepProgress> PlainProgress(TextWriter stderr, int repsPerPoint)
    {
        TimeSpan? last = null;
        return p =>
        {
            bool end = p.PointsDone >= p.PointsTotal;
            if (!end && last is { } l && p.Elapsed - l < TimeSpan.FromSeconds(5)) return;
            last = p.Elapsed;
            stderr.WriteLine(Line(p, repsPerPoint));
        };
    }

    private static string Line(SweepProgress p, int repsPerPoint)
    {
        double rate = p.ReplicationsRun / Math.Max(p.Elapsed.TotalSeconds, 1e-9);
        long computed = p.ReplicationsRun / Math.Max(1, repsPerPoint);
        string eta = computed == 0 || p.PointsDone >= p.PointsTotal ? "--:--:--"
            : TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / computed * (p.PointsTotal - p.PointsDone)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"points: {p.PointsDone}/{p.PointsTotal} ({100.0 * p.PointsDone / Math.Max(1, p.PointsTotal):F0}%), {rate:F1} replications/s, ETA {eta}");
    }

    private static SweepRunSummary RunWithLiveBar(SweepDefinition def, string outDir, SweepRunOptions options)
    {
        SweepRunSummary? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("points", maxValue: 1);
                result = Run(def, outDir, options, p =>
                {
                    task.MaxValue = Math.Max(1, p.PointsTotal);
                    task.Value = p.PointsDone;
                    double rate = p.ReplicationsRun / Math.Max(p.Elapsed.TotalSeconds, 1e-9);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"points {p.PointsDone}/{p.PointsTotal}, {rate:F0} replications/s");
                });
            });
        return result!;
    }
}

/// <summary><c>wsim merge DIR... --out DIR</c>: combines shard folders into the folder a single run produces.</summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dirs = new Argument<string[]>("shards") { Description = "Shard folders written by 'wsim sweep --shard i/N'.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (created; must not exist or be empty unless --force).", Required = true };
        var noCharts = new Option<bool>("--no-charts") { Description = "Skip the tornado and response charts." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder (atomically, once the merge is complete)." };
        var cmd = new Command("merge", "Merge the shard folders of one sweep; refuses shards of different sweeps or missing points.") { dirs, outDir, noCharts, force };
        cmd.SetAction(parse =>
        {
            string output = parse.GetValue(outDir)!;
            if (!OutputFolder.IsUsable(output, parse.GetValue(force), out string? why)) { stderr.WriteLine($"wsim: error: {why}"); return ExitCodes.InvalidInput; }
            try
            {
                var layout = SweepMerger.Merge(parse.GetValue(dirs)!, output, !parse.GetValue(noCharts), parse.GetValue(force));
                stdout.WriteLine($"merged {parse.GetValue(dirs)!.Length} folder(s): {layout.Points} points of sweep {layout.Id} ({layout.Hash[..12]}…)");
                stdout.WriteLine($"  outputs: {output}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is SweepInputException or InvalidDataException)
            {
                stderr.WriteLine($"wsim: error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return cmd;
    }
}
