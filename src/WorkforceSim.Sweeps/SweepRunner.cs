using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Sweeps.Designs;

namespace WorkforceSim.Sweeps;

/// <summary>A problem with the user's input (folders, shards) rather than a bug: the CLI exits with code 2.</summary>
public sealed class SweepInputException(string message) : Exception(message);

/// <summary>Progress of a sweep.</summary>
/// <param name="PointsDone">Points finished in this slice (including ones found finished on resume).</param>
/// <param name="PointsTotal">Points in this slice.</param>
/// <param name="ReplicationsRun">Replications simulated by this process so far.</param>
/// <param name="Elapsed">Wall time of this process so far.</param>
public sealed record SweepProgress(int PointsDone, int PointsTotal, long ReplicationsRun, TimeSpan Elapsed);

/// <summary>How to run a sweep.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Continue in a folder that holds this sweep's finished points.</summary>
    public bool Resume { get; init; }
    /// <summary>1-based shard index and shard count, or null for the whole sweep.</summary>
    public (int Index, int Count)? Shard { get; init; }
    /// <summary>Worker threads (null: all cores).</summary>
    public int? Threads { get; init; }
    /// <summary>Stops after the point in progress is abandoned; finished points stay.</summary>
    public CancellationToken Cancellation { get; init; }
    /// <summary>Called after each finished point.</summary>
    public Action<SweepProgress>? Progress { get; init; }
    /// <summary>Render charts when assembling.</summary>
    public bool Charts { get; init; } = true;
    /// <summary>Replace a non-empty output folder (not with <see cref="Resume"/>): its content is deleted once every check has passed.</summary>
    public bool Force { get; init; }
    /// <summary>
    /// When set, every point of this run is estimated before any runs (<see cref="SweepResources.Check"/>) and the
    /// sweep is refused, with the limit it would exceed, when one point needs more memory or all of them more work.
    /// </summary>
    public ResourceLimits? Limits { get; init; }
}

/// <summary>What a sweep run did.</summary>
/// <param name="Layout">The sweep.</param>
/// <param name="Computed">Points computed by this run.</param>
/// <param name="Reused">Points found finished (resume).</param>
/// <param name="Assembled">Whether the final outputs were written (false for a shard).</param>
public sealed record SweepRunSummary(SweepLayout Layout, int Computed, int Reused, bool Assembled);

/// <summary>
/// Runs a sweep into a folder: every point is the base scenario with the point's overrides, run with the sweep's seed
/// and replications (common random numbers across points); each finished point is written atomically to
/// <c>points/</c>; the final outputs are assembled from the point files (<see cref="SweepAssembler"/>).
/// </summary>
public static class SweepRunner
{
    /// <summary>State file of a sweep folder.</summary>
    public const string StateFile = "sweep.json", ShardFile = "shard.json", PointsFolder = "points";

    /// <summary>The layout (and hash) of a definition.</summary>
    public static SweepLayout Layout(SweepDefinition def, string toolVersion, out ImmutableArray<SweepPoint> points)
    {
        points = SweepPlan.Points(def);
        var baseLoad = ScenarioLoader.LoadWithOverrides(def.ScenarioPath, [.. def.Fixed]);
        if (!baseLoad.Success) throw new SweepInputException($"The base scenario '{def.ScenarioPath}' does not load: {baseLoad.Diagnostics.FirstOrDefault()}");
        string resolved = JsonSerializer.Serialize<object?>(baseLoad.Resolved);
        return SweepLayout.For(def, points.Length, toolVersion, resolved);
    }

    /// <summary>Runs (or resumes) the sweep, or its shard, in <paramref name="outDir"/>.</summary>
    /// <exception cref="SweepInputException">The folder holds something else, or the shard is invalid.</exception>
    public static SweepRunSummary Run(SweepDefinition def, string outDir, string toolVersion, SweepRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(options);
        var layout = Layout(def, toolVersion, out var plan);
        if (options.Shard is (int si, int sn) && (sn < 1 || si < 1 || si > sn))
            throw new SweepInputException($"--shard {si}/{sn} is invalid: use i/N with 1 ≤ i ≤ N.");
        if (options.Force && options.Resume)
            throw new SweepInputException("--force and --resume exclude each other: --resume finishes the sweep in the folder, --force starts it afresh.");
        var slice = Slice(plan.Length, options.Shard);
        if (options.Limits is { } limits
            && SweepResources.Check(def, [.. slice.Select(p => plan[p])], options.Threads, limits, options.Cancellation) is { } problem)
            throw new SweepInputException($"{def.Id}: {problem}");
        PrepareFolder(outDir, layout, options);
        string pointsDir = Path.Combine(outDir, PointsFolder);
        Directory.CreateDirectory(pointsDir);
        if (options.Shard is (int i2, int n2))
            AtomicOutput.WriteFile(Path.Combine(outDir, ShardFile), t => File.WriteAllText(t, ShardJson(layout.Hash, i2, n2, slice), new UTF8Encoding(false)));

        var clock = Stopwatch.StartNew();
        int done = 0, computed = 0, reused = 0;
        long reps = 0;
        var todo = new List<int>();
        foreach (int p in slice)
        {
            if (File.Exists(Path.Combine(pointsDir, PointResult.FileName(p)))) { done++; reused++; }
            else todo.Add(p);
        }
        options.Progress?.Invoke(new SweepProgress(done, slice.Count, 0, clock.Elapsed));
        foreach (int p in todo)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var result = RunPoint(def, plan[p], options.Threads, options.Cancellation);
            string json = result.ToJson(layout.Hash);
            AtomicOutput.WriteFile(Path.Combine(pointsDir, PointResult.FileName(p)), t => File.WriteAllText(t, json, new UTF8Encoding(false)));
            done++;
            computed++;
            reps += def.Replications;
            options.Progress?.Invoke(new SweepProgress(done, slice.Count, reps, clock.Elapsed));
        }
        if (options.Shard is not null) return new SweepRunSummary(layout, computed, reused, false);
        SweepAssembler.Assemble(outDir, layout, ReadPoints(outDir, layout), options.Charts, options.Cancellation);
        return new SweepRunSummary(layout, computed, reused, true);
    }

    /// <summary>The point indices a run computes: all of them, or those of the 1-based shard.</summary>
    public static List<int> Slice(int points, (int Index, int Count)? shard) =>
        shard is (int i, int n) ? [.. SweepPlan.Shard(points, i, n)] : [.. Enumerable.Range(0, points)];

    /// <summary>The scenario of one point: the base scenario with the fixed and the point's overrides.</summary>
    /// <exception cref="SweepInputException">The point's scenario is not valid.</exception>
    public static ScenarioSpec PointScenario(SweepDefinition def, SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(point);
        var overrides = def.Fixed.ToList();
        for (int j = 0; j < def.Parameters.Length; j++)
            overrides.Add(new ScenarioOverride(def.Parameters[j].Path, point.Values[j]));
        var load = ScenarioLoader.LoadWithOverrides(def.ScenarioPath, overrides);
        if (!load.Success)
            throw new SweepInputException($"{Describe(def, point)} is not a valid scenario: " + string.Join("; ", load.Diagnostics.Select(d => d.ToString())));
        return load.Spec!;
    }

    /// <summary>"Point 7 (stipend = 5000, span = 6)".</summary>
    public static string Describe(SweepDefinition def, SweepPoint point) =>
        $"Point {point.Index} ({string.Join(", ", def.Parameters.Select((p, j) => $"{p.Name} = {SweepValue.Format(point.Values[j])}"))})";

    /// <summary>Runs one point: the base scenario with the fixed and the point's overrides.</summary>
    public static PointResult RunPoint(SweepDefinition def, SweepPoint point, int? threads, CancellationToken cancel)
    {
        var spec = PointScenario(def, point);
        var run = Simulator.Run(spec, new RunOptions { Replications = def.Replications, Seed = def.Seed, Threads = threads, Cancellation = cancel });
        var outcomes = def.Outcomes.Select(o => Reduce(run, o)).ToImmutableArray();
        return new PointResult(point.Index, point.Block, point.Values, outcomes);
    }

    /// <summary>An outcome per replication (NaN where the metric is never defined).</summary>
    public static ImmutableArray<double> Reduce(RunResult run, SweepOutcome outcome)
    {
        int m = run.Metrics.IndexOf(outcome.Metric);
        var values = new double[run.Replications.Length];
        for (int r = 0; r < values.Length; r++)
        {
            var rep = run.Replications[r];
            if (m < 0) { values[r] = double.NaN; continue; }
            if (outcome.Aggregate == OutcomeAggregate.LastYear) { values[r] = rep[m, rep.Years - 1]; continue; }
            double sum = 0;
            int k = 0;
            for (int t = 0; t < rep.Years; t++)
            {
                double v = rep[m, t];
                if (double.IsNaN(v)) continue;
                sum += v;
                k++;
            }
            values[r] = k == 0 ? double.NaN : outcome.Aggregate == OutcomeAggregate.MeanOverYears ? sum / k : sum;
        }
        return [.. values];
    }

    private static void PrepareFolder(string outDir, SweepLayout layout, SweepRunOptions options)
    {
        if (File.Exists(outDir)) throw new SweepInputException($"the output path '{outDir}' is a file — give a folder path.");
        string state = Path.Combine(outDir, StateFile);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && options.Force)
        {
            // Replaced: the old content goes (a sweep writes its points into the folder as they finish, so there is
            // no complete new folder to swap in at the end).
            foreach (var d in Directory.EnumerateDirectories(outDir)) Directory.Delete(d, recursive: true);
            foreach (var f in Directory.EnumerateFiles(outDir)) File.Delete(f);
        }
        // A process killed while writing sweep.json leaves only its hidden temporary file: that folder counts as empty.
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Any(n => !(n!.StartsWith('.') && n.Contains(".tmp-", StringComparison.Ordinal))))
        {
            if (!File.Exists(state))
                throw new SweepInputException($"the output folder '{outDir}' is not empty and holds no sweep — choose another folder or pass --force to replace it.");
            var existing = SweepLayout.Parse(File.ReadAllText(state));
            if (existing.Hash != layout.Hash)
                throw new SweepInputException($"the output folder '{outDir}' holds a different sweep (sweep hash {existing.Hash[..12]}…, this sweep {layout.Hash[..12]}…) — choose another folder or pass --force to replace it.");
            if (!options.Resume)
                throw new SweepInputException($"the output folder '{outDir}' already holds this sweep — pass --resume to finish it, --force to start it again, or choose another folder.");
            if (File.Exists(Path.Combine(outDir, ShardFile)) != options.Shard is not null)
                throw new SweepInputException($"the output folder '{outDir}' was started {(options.Shard is null ? "as a shard" : "as a whole sweep")} — resume it the same way.");
            // Leftovers of writes interrupted by a kill: hidden temporary files, never finished outputs.
            foreach (var dir in new[] { outDir, Path.Combine(outDir, PointsFolder) }.Where(Directory.Exists))
                foreach (var f in Directory.EnumerateFiles(dir, ".*.tmp-*")) File.Delete(f);
            return;
        }
        Directory.CreateDirectory(outDir);
        AtomicOutput.WriteFile(state, t => File.WriteAllText(t, layout.ToJson(), new UTF8Encoding(false)));
    }

    private static string ShardJson(string hash, int index, int count, List<int> points)
    {
        var b = new StringBuilder();
        b.Append("{\n  \"sweep_hash\": \"").Append(hash).Append("\",\n  \"shard\": ").Append(index).Append(",\n  \"shards\": ").Append(count)
            .Append(",\n  \"points\": [").Append(string.Join(", ", points)).Append("]\n}\n");
        return b.ToString();
    }

    /// <summary>Reads every point file of a folder.</summary>
    public static List<PointResult> ReadPoints(string dir, SweepLayout layout)
    {
        string pointsDir = Path.Combine(dir, PointsFolder);
        if (!Directory.Exists(pointsDir)) return [];
        return [.. Directory.EnumerateFiles(pointsDir, "p*.json").Order(StringComparer.Ordinal)
            .Select(f => PointResult.Parse(File.ReadAllText(f), layout.Hash, f))];
    }
}

/// <summary>Combines shard folders into the folder a single run produces (<c>wsim merge</c>).</summary>
public static class SweepMerger
{
    /// <summary>Merges; refuses shards of different sweeps, inconsistent shard counts and missing points.</summary>
    /// <exception cref="SweepInputException">The shards do not make one complete sweep.</exception>
    public static SweepLayout Merge(IReadOnlyList<string> dirs, string outDir, bool charts = true, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        if (dirs.Count == 0) throw new SweepInputException("give at least one shard folder.");
        SweepLayout? layout = null;
        var points = new SortedDictionary<int, (PointResult Point, string Json)>();
        var shardsSeen = new SortedDictionary<int, string>();
        int? shardCount = null;
        foreach (var dir in dirs)
        {
            string state = Path.Combine(dir, SweepRunner.StateFile);
            if (!File.Exists(state)) throw new SweepInputException($"'{dir}' is not a sweep folder (no {SweepRunner.StateFile}).");
            var l = SweepLayout.Parse(File.ReadAllText(state));
            if (layout is null) layout = l;
            else if (l.Hash != layout.Hash)
                throw new SweepInputException($"'{dir}' belongs to a different sweep (sweep hash {l.Hash[..12]}… vs {layout.Hash[..12]}… in '{dirs[0]}') — merge only shards of one sweep.");
            string shardPath = Path.Combine(dir, SweepRunner.ShardFile);
            if (File.Exists(shardPath))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(shardPath));
                int index = doc.RootElement.GetProperty("shard").GetInt32(), count = doc.RootElement.GetProperty("shards").GetInt32();
                if (shardCount is int c && c != count)
                    throw new SweepInputException($"'{dir}' is shard {index}/{count}, but other folders are shards of {c} — merge shards of one split.");
                shardCount = count;
                if (shardsSeen.TryGetValue(index, out var other))
                    throw new SweepInputException($"'{dir}' and '{other}' are both shard {index}/{count}.");
                shardsSeen[index] = dir;
            }
            foreach (var f in Directory.Exists(Path.Combine(dir, SweepRunner.PointsFolder))
                         ? Directory.EnumerateFiles(Path.Combine(dir, SweepRunner.PointsFolder), "p*.json").Order(StringComparer.Ordinal)
                         : Enumerable.Empty<string>())
            {
                string json = File.ReadAllText(f);
                var p = PointResult.Parse(json, l.Hash, f);
                points.TryAdd(p.Index, (p, json));
            }
        }
        var missing = Enumerable.Range(0, layout!.Points).Where(i => !points.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            string shards = shardCount is int n
                ? $" Shards present: {string.Join(", ", shardsSeen.Keys)} of {n}; missing: {string.Join(", ", Enumerable.Range(1, n).Where(i => !shardsSeen.ContainsKey(i)))}."
                : "";
            throw new SweepInputException($"{missing.Count} of {layout.Points} points are missing (first: {string.Join(", ", missing.Take(5))}).{shards} Run the missing shards (or finish them with --resume) and merge again.");
        }
        AtomicOutput.WriteFolder(outDir, overwrite, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, SweepRunner.StateFile), layout.ToJson(), new UTF8Encoding(false));
            string pd = Path.Combine(tmp, SweepRunner.PointsFolder);
            Directory.CreateDirectory(pd);
            foreach (var (i, (_, json)) in points) File.WriteAllText(Path.Combine(pd, PointResult.FileName(i)), json, new UTF8Encoding(false));
            SweepAssembler.Assemble(tmp, layout, [.. points.Values.Select(v => v.Point)], charts);
        });
        return layout;
    }
}
