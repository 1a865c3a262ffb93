using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Engine;

/// <summary>How to run a scenario.</summary>
public sealed record RunOptions
{
    /// <summary>Replications to run (null: the scenario's).</summary>
    public int? Replications { get; init; }
    /// <summary>Master seed (null: the scenario's).</summary>
    public ulong? Seed { get; init; }
    /// <summary>Worker threads (null or ≤ 0: all cores).</summary>
    public int? Threads { get; init; }
    /// <summary>Called after each finished replication with the number finished so far (from worker threads).</summary>
    public Action<int>? Progress { get; init; }
    /// <summary>Replication whose employment spells are recorded (for rosters and tests), or null.</summary>
    public int? RecordSpells { get; init; }
    /// <summary>Stops the run (checked at the start of every simulated year); the run then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>Runs Monte Carlo replications of a scenario in parallel.</summary>
public static class Simulator
{
    /// <summary>
    /// Runs the scenario. Replications run in parallel over the worker threads; each writes only its own result
    /// slot, and every draw is keyed by (seed, replication, year, purpose, teacher), so results are byte-identical
    /// for any thread count.
    /// </summary>
    public static RunResult Run(ScenarioSpec spec, RunOptions? options = null)
    {
        options ??= new RunOptions();
        if (options.Seed is ulong seed) spec = spec with { Seed = seed };
        int reps = options.Replications ?? spec.Replications;
        if (reps < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one replication is needed.");
        spec = spec with { Replications = reps };
        int threads = options.Threads is int t && t > 0 ? t : Environment.ProcessorCount;
        threads = Math.Min(threads, reps);
        var metrics = MetricCatalog.For(spec);
        var results = new ReplicationResult[reps];
        long teacherYears = 0;
        int done = 0;
        var clock = Stopwatch.StartNew();
        // One engine per worker thread, each taking the next replication until none is left: an engine's buffers
        // are allocated once per thread and stay in that core's caches from one replication to the next.
        int next = -1;
        Parallel.For(0, threads,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = options.Cancellation },
            _ =>
            {
                var engine = new ReplicationEngine(spec, metrics, EngineBuffers.Rent()) { RecordSpellsOf = options.RecordSpells, Cancellation = options.Cancellation };
                for (int r; (r = Interlocked.Increment(ref next)) < reps;)
                {
                    results[r] = engine.Run(r);
                    options.Progress?.Invoke(Interlocked.Increment(ref done));
                }
                Interlocked.Add(ref teacherYears, engine.TeacherYears);
                EngineBuffers.Return(engine.TakeBuffers());
            });
        clock.Stop();
        return new RunResult
        {
            Spec = spec,
            Metrics = metrics,
            Replications = [.. results],
            Threads = threads,
            WallTime = clock.Elapsed,
            TeacherYears = teacherYears,
        };
    }

    /// <summary>
    /// Starts compiling the engine's code on a thread-pool thread and returns at once: the command line calls it
    /// before it reads a scenario, so the JIT's work on the engine (about 0.1 s on one core, most of it the
    /// fully-optimised vector kernels) runs beside the loading instead of before the first replication. Only the
    /// timing changes; a method not yet compiled when the run needs it is compiled then, as without this.
    /// </summary>
    /// <param name="thenTypes">Types whose methods the caller runs after the simulation (summaries, output
    /// writers): compiled next, at the tier the runtime starts them at.</param>
    public static void PrepareCodeInBackground(params Type[] thenTypes) => ThreadPool.UnsafeQueueUserWorkItem(_ =>
    {
        try
        {
            PrepareCode();
            foreach (var type in thenTypes) PrepareAllMethods(type);
        }
        catch (Exception) { } // only an optimisation: whatever fails here is compiled (or reported) when it runs
    }, null);

    private const BindingFlags AllDeclared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Compiles every non-generic method of <paramref name="type"/> and its nested types (lambdas); returns
    /// how many.</summary>
    internal static int PrepareAllMethods(Type type)
    {
        if (type.ContainsGenericParameters) return 0;
        int prepared = 0;
        foreach (var m in type.GetMethods(AllDeclared))
        {
            if (m.IsAbstract || m.ContainsGenericParameters) continue;
            RuntimeHelpers.PrepareMethod(m.MethodHandle);
            prepared++;
        }
        foreach (var nested in type.GetNestedTypes(AllDeclared)) prepared += PrepareAllMethods(nested);
        return prepared;
    }

    /// <summary>Compiles the engine's fully optimised methods (and its generic selections for ulong keys and float
    /// values) now; returns how many.</summary>
    internal static int PrepareCode()
    {
        int prepared = 0;
        RuntimeHelpers.RunClassConstructor(typeof(Random.NormalTable).TypeHandle);
        foreach (var type in new[] { typeof(ReplicationEngine), typeof(Selection), typeof(LaneSum), typeof(YearTables),
                     typeof(Random.CounterRngVector), typeof(Random.CounterRng), typeof(Random.NormalQuantile) })
            foreach (var m in type.GetMethods(AllDeclared))
            {
                // The fully optimised kernels are the costly compiles (the rest start at tier 0, quickly compiled).
                if (m.IsAbstract || !m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization)) continue;
                if (!m.ContainsGenericParameters) { RuntimeHelpers.PrepareMethod(m.MethodHandle); prepared++; }
                else if (m.GetGenericArguments().Length == 1 && type == typeof(Selection))
                    foreach (var arg in new[] { typeof(ulong), typeof(float) })
                    {
                        RuntimeHelpers.PrepareMethod(m.MethodHandle, [arg.TypeHandle]);
                        prepared++;
                    }
            }
        return prepared;
    }

    /// <summary>Runs one replication alone (the same numbers it has in a full run).</summary>
    public static ReplicationResult RunReplication(ScenarioSpec spec, int replication, bool recordSpells = false)
        => new ReplicationEngine(spec, MetricCatalog.For(spec)) { RecordSpellsOf = recordSpells ? replication : null }.Run(replication);
}
