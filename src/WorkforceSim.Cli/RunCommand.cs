using System.Diagnostics;
using System.CommandLine;
using System.Globalization;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Reporting;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli;

/// <summary><c>wsim run SCENARIO --out DIR</c>: simulates a scenario and writes its output folder atomically.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario file (YAML)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (created; must not exist or be empty unless --force).", Required = true };
        var replications = new Option<int?>("--replications", "-r") { Description = "Monte Carlo replications (default: the scenario's)." };
        var seed = new Option<ulong?>("--seed") { Description = "Master seed (default: the scenario's)." };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var noReport = new Option<bool>("--no-report") { Description = "Skip charts and report.html." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder." };
        var emitRoster = new Option<string?>("--emit-roster") { Description = "Also write the employment spells of one replication as a 'wsim calibrate' spell roster (CSV)." };
        var emitReplication = new Option<int>("--emit-roster-replication") { Description = "Replication whose spells --emit-roster writes.", DefaultValueFactory = _ => 0 };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Refuse runs estimated to need more memory than this, e.g. 4GB or 512MB (default: 80% of available memory)." };
        var maxWork = new Option<double?>("--max-teacher-years") { Description = "Refuse runs of more teacher-years (positions × years × replications) than this (default: 1e12)." };
        var (worlds, uncertaintySeed) = UncertaintyOptions.Create();
        var cmd = new Command("run", "Simulate a scenario and write its outputs (tables, charts, report).")
        {
            scenario, outDir, replications, seed, threads, noReport, force, emitRoster, emitReplication, maxMemory, maxWork, worlds, uncertaintySeed,
        };
        cmd.SetAction(parse =>
        {
            var limits = ResourceGuard.Limits(parse.GetValue(maxMemory), parse.GetValue(maxWork), stderr);
            return limits is null ? ExitCodes.InvalidInput : Execute(
                parse.GetValue(scenario)!, parse.GetValue(outDir)!, parse.GetValue(replications), parse.GetValue(seed),
                parse.GetValue(threads), !parse.GetValue(noReport), parse.GetValue(force), limits, stdout, stderr,
                parse.GetValue(emitRoster), parse.GetValue(emitReplication), parse.GetValue(worlds), parse.GetValue(uncertaintySeed));
        });
        return cmd;
    }

    private static int Execute(string scenarioPath, string outDir, int? replications, ulong? seed, int? threads,
        bool report, bool force, ResourceLimits limits, TextWriter stdout, TextWriter stderr, string? emitRoster = null,
        int emitReplication = 0, int? worlds = null, ulong? uncertaintySeed = null)
    {
        // From here on Ctrl-C and SIGTERM cancel (exit 130, nothing written) instead of killing the process.
        using var signals = new CancelOnSignals();
        if (replications is < 1)
        {
            stderr.WriteLine($"wsim: error: --replications must be at least 1, but is {replications} — give a positive count.");
            return ExitCodes.InvalidInput;
        }
        if (threads is < 0)
        {
            stderr.WriteLine($"wsim: error: --threads must be 0 (all cores) or more, but is {threads}.");
            return ExitCodes.InvalidInput;
        }
        if (!OutputFolder.IsUsable(outDir, force, out string? why))
        {
            stderr.WriteLine($"wsim: error: {why}");
            return ExitCodes.InvalidInput;
        }
        if (worlds is < 2)
        {
            stderr.WriteLine($"wsim: error: --worlds must be at least 2, but is {worlds} — the parameter part of the variance needs two worlds or more.");
            return ExitCodes.InvalidInput;
        }
        Simulator.PrepareCodeInBackground([typeof(Summarizer), typeof(RunManifest), .. RunOutputWriter.CodeTypes]);
        long t0 = Stopwatch.GetTimestamp();
        var loaded = ScenarioInput.Load(scenarioPath, stderr);
        if (loaded is null) return ExitCodes.InvalidInput;
        var spec = loaded.Spec!;
        var loadTime = Stopwatch.GetElapsedTime(t0);
        if (loaded.Uncertainty is { HasUncertainParameters: true } uncertainty)
        {
            if (emitRoster is not null)
            {
                stderr.WriteLine("wsim: error: --emit-roster writes one replication of a fixed scenario, but this scenario has uncertain parameters — fix them (or pick a world's values) in a copy of the file.");
                return ExitCodes.InvalidInput;
            }
            return ExecuteNested(loaded, uncertainty, scenarioPath, outDir, replications, seed, threads, report, force, limits, stdout, stderr,
                worlds, uncertaintySeed, signals.Token);
        }
        UncertaintyOptions.NoteIgnored(loaded, worlds, uncertaintySeed, stderr);

        int reps = replications ?? spec.Replications;
        if (emitRoster is not null && !RosterEmitter.IsUsable(emitRoster, emitReplication, reps, out string? rosterWhy))
        {
            stderr.WriteLine($"wsim: error: {rosterWhy}");
            return ExitCodes.InvalidInput;
        }
        var progress = new ProgressPrinter(stderr, reps, "replications", ProgressPrinter.IsInteractive(stderr));
        var options = new RunOptions
        {
            Replications = replications, Seed = seed, Threads = threads, Progress = progress.Report, Cancellation = signals.Token,
            RecordSpells = emitRoster is null ? null : emitReplication,
        };
        if (!ResourceGuard.Fits(spec, options, limits, stderr)) return ExitCodes.InvalidInput;
        var result = Simulator.Run(spec, options);
        long t1 = Stopwatch.GetTimestamp();
        var summary = Summarizer.Summarize(result);
        var manifest = RunManifest.For(result, WsimApp.Version, scenarioPath, loaded.Sha256 ?? "",
            loaded.Files.Skip(1), loaded.Resolved);
        var summarizeTime = Stopwatch.GetElapsedTime(t1);
        signals.Token.ThrowIfCancellationRequested();
        var reportTime = TimeSpan.Zero;
        long t2 = Stopwatch.GetTimestamp();
        RunOutputWriter.Write(outDir, result, summary, manifest, overwrite: force,
            beforeCommit: d =>
            {
                long r0 = Stopwatch.GetTimestamp();
                if (report) ReportGenerator.Generate(d);
                reportTime = Stopwatch.GetElapsedTime(r0);
                signals.Token.ThrowIfCancellationRequested(); // a signal while writing: the temporary folder is removed
            });
        var writeTime = Stopwatch.GetElapsedTime(t2) - reportTime;
        PrintSummary(stdout, result, summary, outDir);
        string reportPart = report ? string.Create(CultureInfo.InvariantCulture, $", report {reportTime.TotalSeconds:F2} s") : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  time: load {loadTime.TotalSeconds:F2} s, simulate {result.WallTime.TotalSeconds:F2} s, summarize {summarizeTime.TotalSeconds:F2} s, write {writeTime.TotalSeconds:F2} s{reportPart}"));
        if (emitRoster is not null)
            stdout.WriteLine($"  roster: {emitRoster} ({RosterEmitter.Write(emitRoster, result, emitReplication)} spells of replication {emitReplication}; calibrate with --window-start {spec.StartYear})");
        return ExitCodes.Ok;
    }

    /// <summary>A run with uncertain parameters: every world built and checked, then run (nested Monte Carlo).</summary>
    private static int ExecuteNested(ScenarioLoadResult loaded, ScenarioUncertainty uncertainty, string scenarioPath, string outDir,
        int? replications, ulong? seed, int? threads, bool report, bool force, ResourceLimits limits, TextWriter stdout, TextWriter stderr,
        int? worlds, ulong? uncertaintySeed, CancellationToken cancel)
    {
        var spec = loaded.Spec!;
        int reps = replications ?? spec.Replications;
        if (reps < 2)
        {
            stderr.WriteLine($"wsim: error: a scenario with uncertain parameters needs at least 2 replications per world (the noise part is estimated within worlds), but has {reps} — pass --replications 2 or more.");
            return ExitCodes.InvalidInput;
        }
        var plan = uncertainty.Plan(seed ?? spec.Seed, worlds, uncertaintySeed);
        var options = new RunOptions { Replications = reps, Seed = seed, Threads = threads, Cancellation = cancel };
        if (!ResourceGuard.Fits(spec, options with { Replications = reps * plan.Worlds }, limits, stderr)) return ExitCodes.InvalidInput;
        var built = uncertainty.BuildWorlds(plan, cancel);
        if (!built.Success)
        {
            ScenarioInput.Print(built.Problems, stderr);
            stderr.WriteLine($"{scenarioPath}: {built.Problems.Length} error(s)");
            return ExitCodes.InvalidInput;
        }
        var progress = new ProgressPrinter(stderr, reps * plan.Worlds, "replications", ProgressPrinter.IsInteractive(stderr));
        var result = NestedSimulator.Run(spec, uncertainty.Parameters, plan, built.Specs, [.. built.Values], options with { Progress = progress.Report });
        var summary = NestedSummarizer.Summarize(result);
        var manifest = RunManifest.For(result, WsimApp.Version, scenarioPath, loaded.Sha256 ?? "", loaded.Files.Skip(1), loaded.Resolved);
        cancel.ThrowIfCancellationRequested();
        RunOutputWriter.Write(outDir, result, summary, manifest, overwrite: force,
            beforeCommit: d =>
            {
                if (report) ReportGenerator.Generate(d);
                cancel.ThrowIfCancellationRequested();
            });
        PrintNestedSummary(stdout, result, summary, outDir);
        return ExitCodes.Ok;
    }

    internal static void PrintNestedSummary(TextWriter stdout, NestedRunResult result, NestedSummary summary, string outDir)
    {
        var spec = result.Nominal;
        stdout.WriteLine($"{spec.Title} ({spec.Id}): {spec.StartYear}–{spec.LastYear}, {result.WorldCount} worlds × {result.Replications} replications, seed {spec.Seed}");
        stdout.WriteLine($"  uncertain parameters (world seed {result.Plan.Seed}): " +
            string.Join("; ", result.Parameters.Select(p => $"{p.Name} ~ {p.Distribution.Describe()}")));
        stdout.WriteLine();
        stdout.Write(KeyIndicatorTable.ToText(summary.Summary.KeyIndicators));
        stdout.WriteLine();
        stdout.Write(KeyIndicatorTable.UncertaintyToText(summary.KeyIndicators));
        stdout.WriteLine();
        PrintThroughput(stdout, result.TeacherYears, result.WallTime, result.Threads, outDir);
    }

    private static void PrintThroughput(TextWriter stdout, long teacherYears, TimeSpan wallTime, int threads, string outDir)
    {
        double tys = wallTime.TotalSeconds > 0 ? teacherYears / wallTime.TotalSeconds : 0;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {teacherYears:N0} teacher-years in {wallTime.TotalSeconds:F2} s on {threads} thread(s): {tys / 1e6:F1} M teacher-years/s"));
        stdout.WriteLine($"  outputs: {outDir}");
    }

    internal static void PrintSummary(TextWriter stdout, RunResult result, RunSummary summary, string outDir)
    {
        var spec = result.Spec;
        stdout.WriteLine($"{spec.Title} ({spec.Id}): {spec.StartYear}–{spec.LastYear}, {spec.Replications} replications, seed {spec.Seed}");
        stdout.WriteLine();
        stdout.Write(KeyIndicatorTable.ToText(summary.KeyIndicators));
        stdout.WriteLine();
        PrintThroughput(stdout, result.TeacherYears, result.WallTime, result.Threads, outDir);
    }
}

/// <summary>Checks on the output folder before anything is simulated.</summary>
internal static class OutputFolder
{
    public static bool IsUsable(string dir, bool force, out string? why)
    {
        why = null;
        if (File.Exists(dir)) { why = $"the output path '{dir}' is a file — give a folder path."; return false; }
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !force)
        {
            why = $"the output folder '{dir}' is not empty — choose another folder or pass --force to replace it.";
            return false;
        }
        return true;
    }
}
