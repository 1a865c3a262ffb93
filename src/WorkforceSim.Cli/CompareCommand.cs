using System.CommandLine;
using System.Globalization;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Comparison;
using WorkforceSim.Reporting.Html;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli;

/// <summary>
/// <c>wsim compare BASE ALT... --out DIR</c>: runs every scenario with the same seed and replications (common random
/// numbers) and writes paired differences, an inputs diff, each scenario's run folder, charts and a report.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Replications of the first round in auto mode.</summary>
    public const int AutoStart = 20;
    /// <summary>Default cap in auto mode.</summary>
    public const int DefaultMaxReplications = 2000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = "Base scenario, then one or more alternatives (YAML).", Arity = new ArgumentArity(2, 64) };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (created; must not exist or be empty unless --force).", Required = true };
        var replications = new Option<string?>("--replications", "-r") { Description = "Replications of every scenario, or 'auto' with --precision (default: the base scenario's; with uncertain parameters, per world, the uncertain scenarios')." };
        var precision = new Option<double?>("--precision") { Description = "With --replications auto: target 95% CI half-width of the key difference." };
        var metric = new Option<string?>("--metric") { Description = "Key difference for --replications auto: a metric, averaged over the years (default retention.hired_5y)." };
        var maxReps = new Option<int?>("--max-replications") { Description = $"Cap for --replications auto (default {DefaultMaxReplications})." };
        var seed = new Option<ulong?>("--seed") { Description = "Master seed shared by all scenarios (default: the base scenario's)." };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads (default: all cores). Results do not depend on it." };
        var noReport = new Option<bool>("--no-report") { Description = "Skip charts and report.html files." };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output folder." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Refuse scenarios estimated to need more memory than this, e.g. 4GB (default: 80% of available memory)." };
        var maxWork = new Option<double?>("--max-teacher-years") { Description = "Refuse scenarios of more teacher-years than this (default: 1e12)." };
        var (worlds, uncertaintySeed) = UncertaintyOptions.Create();
        var cmd = new Command("compare", "Compare alternatives with a base scenario: paired differences with common random numbers, cost-effectiveness, and the probability of benefit when parameters are uncertain.")
        {
            scenarios, outDir, replications, precision, metric, maxReps, seed, threads, noReport, force, maxMemory, maxWork, worlds, uncertaintySeed,
        };
        cmd.SetAction(parse =>
        {
            var limits = ResourceGuard.Limits(parse.GetValue(maxMemory), parse.GetValue(maxWork), stderr);
            return limits is null ? ExitCodes.InvalidInput : Execute(new Request(parse.GetValue(scenarios)!, parse.GetValue(outDir)!,
                parse.GetValue(replications), parse.GetValue(precision), parse.GetValue(metric), parse.GetValue(maxReps),
                parse.GetValue(seed), parse.GetValue(threads), !parse.GetValue(noReport), parse.GetValue(force), limits)
            {
                Worlds = parse.GetValue(worlds), UncertaintySeed = parse.GetValue(uncertaintySeed),
            }, stdout, stderr);
        });
        return cmd;
    }

    private sealed record Request(string[] Scenarios, string OutDir, string? Replications, double? Precision, string? Metric,
        int? MaxReplications, ulong? Seed, int? Threads, bool Report, bool Force, ResourceLimits Limits)
    {
        public int? Worlds { get; init; }
        public ulong? UncertaintySeed { get; init; }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wsim: error: {message}");
        return ExitCodes.InvalidInput;
    }

    private static int Execute(Request q, TextWriter stdout, TextWriter stderr)
    {
        // From here on Ctrl-C and SIGTERM cancel (exit 130, nothing written) instead of killing the process.
        using var cancel = new CancelOnSignals();
        bool auto = string.Equals(q.Replications, "auto", StringComparison.OrdinalIgnoreCase);
        int? fixedReps = null;
        if (q.Replications is not null && !auto)
        {
            if (!int.TryParse(q.Replications, NumberStyles.None, CultureInfo.InvariantCulture, out int r) || r < 1)
                return Fail(stderr, $"--replications must be a positive count or 'auto', but is '{q.Replications}'.");
            fixedReps = r;
        }
        if (auto && q.Precision is not (> 0 and < double.PositiveInfinity))
            return Fail(stderr, "--replications auto needs --precision X with X > 0 (the target 95% CI half-width of the key difference).");
        if (!auto && q.Precision is not null) return Fail(stderr, "--precision is used only with --replications auto.");
        if (q.MaxReplications is < 2) return Fail(stderr, "--max-replications must be at least 2.");
        if (q.Threads is < 0) return Fail(stderr, $"--threads must be 0 (all cores) or more, but is {q.Threads}.");
        if (!OutputFolder.IsUsable(q.OutDir, q.Force, out string? why)) return Fail(stderr, why!);
        if (q.Worlds is < 2) return Fail(stderr, $"--worlds must be at least 2, but is {q.Worlds} — the parameter part of the variance needs two worlds or more.");

        Simulator.PrepareCodeInBackground();
        var loaded = new List<(string Path, ScenarioLoadResult Load)>();
        bool ok = true;
        foreach (var path in q.Scenarios)
        {
            var l = ScenarioInput.Load(path, stderr);
            if (l is null) ok = false;
            else loaded.Add((path, l));
        }
        if (!ok) return ExitCodes.InvalidInput;
        var specs = loaded.Select(l => l.Load.Spec!).ToList();
        ulong seed = q.Seed ?? specs[0].Seed;
        string metric = q.Metric ?? "retention.hired_5y";
        if (auto && MetricCatalog.For(specs[0]).IndexOf(metric) < 0)
            return Fail(stderr, $"--metric '{metric}' is not a metric of the base scenario — see docs/outputs.md for the names.");

        if (loaded.Any(l => l.Load.Uncertainty is { HasUncertainParameters: true }))
        {
            if (auto) return Fail(stderr, "--replications auto cannot be used when a scenario has uncertain parameters — give --replications N (per world) and --worlds W.");
            // Per world, by default the replications the uncertain scenarios ask for (the fewest, if they differ): a
            // base written for a fixed run (baseline.yaml: 200) would otherwise run that many in every world.
            int perWorld = fixedReps ?? loaded.Where(l => l.Load.Uncertainty is { HasUncertainParameters: true }).Min(l => l.Load.Spec!.Replications);
            return ExecuteUncertain(q, loaded, perWorld, seed, cancel.Token, stdout, stderr);
        }
        foreach (var l in loaded) UncertaintyOptions.NoteIgnored(l.Load, q.Worlds, q.UncertaintySeed, stderr);

        int reps = fixedReps ?? (auto ? AutoStart : specs[0].Replications);
        int cap = q.MaxReplications ?? DefaultMaxReplications;
        if (auto) reps = Math.Min(reps, cap);
        // Each scenario is checked at the most replications it may run (the cap in auto mode), before any runs.
        var largest = new RunOptions { Replications = auto ? cap : reps, Threads = q.Threads };
        if (!specs.All(spec => ResourceGuard.Fits(spec, largest, q.Limits, stderr))) return ExitCodes.InvalidInput;
        List<RunResult> runs;
        double? reached = null;
        while (true)
        {
            runs = RunAll(specs, reps, seed, q.Threads, cancel.Token, stderr);
            if (!auto) break;
            double worst = 0, worstSd = 0;
            foreach (var alt in runs.Skip(1))
            {
                var s = PairedComparison.MeanOverYears(runs[0], alt, metric);
                if (s is { } st && st.PairedCiHalfWidth >= worst) { worst = st.PairedCiHalfWidth; worstSd = st.DiffSd; }
            }
            reached = worst;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"auto: {reps} replications, 95% CI half-width of the {metric} difference {worst:G4} (target {q.Precision:G4})"));
            if (worst <= q.Precision || reps >= cap) break;
            // Next round: the replications the current sd says are needed, plus 10%, at least one more batch of 20.
            double t = SampleStatistics.StudentT975(Math.Max(1, reps - 1));
            int needed = (int)Math.Ceiling(1.1 * Math.Pow(t * worstSd / q.Precision!.Value, 2));
            reps = Math.Min(cap, Math.Max(reps + AutoStart, needed));
        }

        var labels = Labels(specs);
        var compared = new List<ComparedScenario>();
        for (int i = 0; i < runs.Count; i++)
        {
            var l = loaded[i].Load;
            var summary = Summarizer.Summarize(runs[i]);
            var manifest = RunManifest.For(runs[i], WsimApp.Version, loaded[i].Path, l.Sha256 ?? "", l.Files.Skip(1), l.Resolved);
            string folder = (i == 0 ? "base-" : $"alt{i}-") + labels[i].Replace('#', '-');
            compared.Add(new ComparedScenario(labels[i], folder, runs[i], summary, manifest));
        }
        var data = ComparisonData.Build(WsimApp.Version, compared, s => loaded[compared.IndexOf(s)].Load.Resolved);
        if (auto) data = data with { PrecisionMetric = metric, PrecisionTarget = q.Precision, PrecisionReached = reached };
        ComparisonOutputWriter.Write(q.OutDir, data, q.Report, q.Force, cancel.Token);
        Print(stdout, data, auto, reps, cap, q.Precision, reached, metric, q.OutDir);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A comparison in which some scenario has uncertain parameters: every scenario runs in the same W worlds (a scenario
    /// without uncertain parameters runs once and stands in every world) with the same seed and replications, and
    /// (world, replication) pairs are compared.
    /// </summary>
    private static int ExecuteUncertain(Request q, List<(string Path, ScenarioLoadResult Load)> loaded, int reps, ulong seed,
        CancellationToken cancel, TextWriter stdout, TextWriter stderr)
    {
        if (reps < 2) return Fail(stderr, $"a comparison with uncertain parameters needs at least 2 replications per world, but has {reps} — pass --replications 2 or more.");
        int worlds = q.Worlds ?? loaded.Where(l => l.Load.Uncertainty is { HasUncertainParameters: true })
            .Max(l => l.Load.Uncertainty!.Worlds ?? ScenarioUncertainty.DefaultWorlds);
        var plans = loaded.Select(l => l.Load.Uncertainty is { HasUncertainParameters: true } u ? u.Plan(seed, worlds, q.UncertaintySeed) : null).ToList();
        for (int i = 0; i < loaded.Count; i++)
        {
            var options = new RunOptions { Replications = reps * (plans[i] is null ? 1 : worlds), Threads = q.Threads };
            if (!ResourceGuard.Fits(loaded[i].Load.Spec!, options, q.Limits, stderr)) return ExitCodes.InvalidInput;
        }
        var built = new List<WorldSpecs?>();
        bool ok = true;
        for (int i = 0; i < loaded.Count; i++)
        {
            var b = plans[i] is { } plan ? loaded[i].Load.Uncertainty!.BuildWorlds(plan, cancel) : null;
            if (b is { Success: false })
            {
                ScenarioInput.Print(b.Problems, stderr);
                ok = false;
            }
            built.Add(b);
        }
        if (!ok) return ExitCodes.InvalidInput;

        int total = plans.Sum(p => reps * (p is null ? 1 : worlds));
        var progress = new ProgressPrinter(stderr, total, "replications", ProgressPrinter.IsInteractive(stderr));
        var labels = Labels([.. loaded.Select(l => l.Load.Spec!)]);
        var compared = new List<ComparedScenario>();
        int offset = 0;
        for (int i = 0; i < loaded.Count; i++)
        {
            var l = loaded[i].Load;
            int start = offset;
            var options = new RunOptions { Replications = reps, Seed = seed, Threads = q.Threads, Cancellation = cancel, Progress = d => progress.Report(start + d) };
            string folder = (i == 0 ? "base-" : $"alt{i}-") + labels[i].Replace('#', '-');
            if (plans[i] is { } plan)
            {
                var nested = NestedSimulator.Run(l.Spec!, l.Uncertainty!.Parameters, plan, built[i]!.Specs, [.. built[i]!.Values], options);
                var ns = NestedSummarizer.Summarize(nested);
                var manifest = RunManifest.For(nested, WsimApp.Version, loaded[i].Path, l.Sha256 ?? "", l.Files.Skip(1), l.Resolved);
                compared.Add(new ComparedScenario(labels[i], folder, nested.Pooled(), ns.Summary, manifest) { Nested = nested, NestedSummary = ns });
                offset += reps * worlds;
            }
            else
            {
                var run = Simulator.Run(l.Spec!, options);
                var manifest = RunManifest.For(run, WsimApp.Version, loaded[i].Path, l.Sha256 ?? "", l.Files.Skip(1), l.Resolved);
                compared.Add(new ComparedScenario(labels[i], folder, run, Summarizer.Summarize(run), manifest) { Nested = NestedRunResult.Repeated(run, worlds) });
                offset += reps;
            }
        }
        var data = ComparisonData.BuildUncertain(WsimApp.Version, compared, s => loaded[compared.IndexOf(s)].Load.Resolved);
        cancel.ThrowIfCancellationRequested();
        ComparisonOutputWriter.Write(q.OutDir, data, q.Report, q.Force);
        PrintUncertain(stdout, data, q.OutDir);
        return ExitCodes.Ok;
    }

    private static void PrintUncertain(TextWriter stdout, ComparisonData data, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = data.Base.Manifest;
        var u = data.Uncertainty!;
        stdout.WriteLine($"Compared with {data.Base.Label}: {string.Join(", ", data.Scenarios.Skip(1).Select(s => s.Label))}; {m.StartYear}–{m.StartYear + m.Years - 1}, {u.Worlds} worlds × {u.Replications} replications each, seed {m.Seed} (common random numbers across worlds and scenarios)");
        foreach (var s in data.Scenarios.Where(s => s.Nested is { HasUncertainParameters: true }))
            stdout.WriteLine($"  {s.Label}: uncertain {string.Join("; ", s.Nested!.Parameters.Select(p => $"{p.Name} ~ {p.Distribution.Describe()}"))} (world seed {s.Nested.Plan.Seed})");
        foreach (var alt in data.Scenarios.Skip(1))
        {
            stdout.WriteLine();
            stdout.WriteLine($"{alt.Label} − {data.Base.Label}:  expected difference [95% CI]   probability of benefit");
            foreach (var r in u.Benefits.Where(r => r.Alternative == alt.Label))
            {
                var s = r.Stats;
                string p = double.IsNaN(r.ProbabilityOfBenefit) ? "" : string.Create(inv, $"P(better) {r.ProbabilityOfBenefit * 100,5:F1}%  ({(r.Better == Better.Higher ? "higher" : "lower")} is better)");
                stdout.WriteLine(string.Create(inv, $"  {r.Label,-42} {s.DiffMean,12:G4}  [{s.DiffCiLow:G4}, {s.DiffCiHigh:G4}]  {p}"));
            }
            PrintCostEffectiveness(stdout, data, alt.Label);
        }
        stdout.WriteLine();
        stdout.WriteLine($"  outputs: {outDir}");
    }

    /// <summary>The three cost-effectiveness ratios of an alternative, one line each.</summary>
    private static void PrintCostEffectiveness(TextWriter stdout, ComparisonData data, string alternative)
    {
        var rows = data.CostEffectiveness.Where(r => r.Alternative == alternative).ToList();
        if (rows.Count == 0) return;
        var m = data.Base.Manifest;
        stdout.WriteLine($"  Cost-effectiveness (added cost over {m.StartYear}–{m.StartYear + m.Years - 1} per unit of extra effect):");
        foreach (var r in rows)
        {
            string ci = double.IsNaN(r.RatioCi.Low) ? "" : $"  [{ReportFormat.Value(r.RatioCi.Low, "currency")}, {ReportFormat.Value(r.RatioCi.High, "currency")}]";
            string worlds = double.IsNaN(r.WorldRatio.Low) ? ""
                : $"; over worlds {ReportFormat.Value(r.WorldRatio.Low, "currency")} – {ReportFormat.Value(r.WorldRatio.High, "currency")}";
            stdout.WriteLine($"    per {r.Effect.Label,-38} {ComparisonReport.RatioText(r)}{ci}{worlds}");
        }
    }

    private static List<RunResult> RunAll(List<ScenarioSpec> specs, int reps, ulong seed, int? threads, CancellationToken cancel, TextWriter stderr)
    {
        var progress = new ProgressPrinter(stderr, reps * specs.Count, "replications", ProgressPrinter.IsInteractive(stderr));
        var runs = new List<RunResult>();
        foreach (var spec in specs)
        {
            int offset = runs.Count * reps;
            runs.Add(Simulator.Run(spec, new RunOptions
            {
                Replications = reps, Seed = seed, Threads = threads, Cancellation = cancel, Progress = d => progress.Report(offset + d),
            }));
        }
        return runs;
    }

    /// <summary>Scenario ids, with #2, #3 appended to repeats so every label is distinct.</summary>
    internal static List<string> Labels(IReadOnlyList<ScenarioSpec> specs)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        foreach (var s in specs)
        {
            int k = seen.TryGetValue(s.Id, out int c) ? c + 1 : 1;
            seen[s.Id] = k;
            labels.Add(k == 1 ? s.Id : $"{s.Id}#{k}");
        }
        return labels;
    }

    private static void Print(TextWriter stdout, ComparisonData data, bool auto, int reps, int cap, double? precision, double? reached,
        string metric, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = data.Base.Manifest;
        stdout.WriteLine($"Compared with {data.Base.Label}: {string.Join(", ", data.Scenarios.Skip(1).Select(s => s.Label))}; {m.StartYear}–{m.StartYear + m.Years - 1}, {reps} replications each, seed {m.Seed} (common random numbers)");
        if (auto)
        {
            stdout.WriteLine(reached <= precision
                ? string.Create(inv, $"  --replications auto: {reps} replications reached a 95% CI half-width of {reached:G4} for the {metric} difference (target {precision:G4}).")
                : string.Create(inv, $"  --replications auto: stopped at the cap of {cap} replications with a half-width of {reached:G4} for the {metric} difference (target {precision:G4} not reached)."));
        }
        foreach (var alt in data.Scenarios.Skip(1))
        {
            stdout.WriteLine();
            stdout.WriteLine($"{alt.Label} − {data.Base.Label}:");
            foreach (var k in data.KeyDifferences.Where(k => k.Alternative == alt.Label))
            {
                var s = k.Stats;
                stdout.WriteLine(string.Create(inv, $"  {k.Label,-42} {s.DiffMean,12:G4}  [{s.DiffCiLow:G4}, {s.DiffCiHigh:G4}]"));
            }
            var key = data.KeyDifferences.FirstOrDefault(k => k.Alternative == alt.Label && k.Id == "retention.hired_5y")
                ?? data.KeyDifferences.FirstOrDefault(k => k.Alternative == alt.Label);
            if (key is not null) stdout.WriteLine("  Why the interval is tight: " + ComparisonOutputWriter.Explain(key));
            PrintCostEffectiveness(stdout, data, alt.Label);
        }
        stdout.WriteLine();
        stdout.WriteLine($"  outputs: {outDir}");
    }
}
