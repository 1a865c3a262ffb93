using System.Collections.Immutable;
using System.Diagnostics;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>A parameter given as a distribution in a scenario.</summary>
/// <param name="Name">Its name: the path of the value in the scenario (<c>attrition.modifiers[0].factor</c>); a value
/// set by a policy gets <c>@YEAR</c> appended when the same path is also uncertain before that year.</param>
/// <param name="Distribution">Its distribution (normal and log-normal already truncated to the valid range).</param>
/// <param name="Location">Where it is written, <c>FILE(LINE,COL)</c>.</param>
public sealed record UncertainParameter(string Name, ParameterDistribution Distribution, string Location);

/// <summary>How worlds are drawn: their number and the seed of the parameter draws (docs/uncertainty.md).</summary>
/// <param name="Worlds">Number of worlds W (outer draws of the uncertain parameters). Range: ≥ 2.</param>
/// <param name="Seed">Uncertainty seed: world w's value of a parameter is a function of (seed, w, parameter name).</param>
public sealed record WorldPlan(int Worlds, ulong Seed)
{
    /// <summary>The probability of every parameter in world <paramref name="world"/> (in parameter order).</summary>
    public double[] Probabilities(int world, IReadOnlyList<UncertainParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var u = new double[parameters.Count];
        for (int i = 0; i < u.Length; i++) u[i] = WorldDraw.Unit(Seed, world, parameters[i].Name);
        return u;
    }

    /// <summary>The value of every parameter in world <paramref name="world"/> (in parameter order).</summary>
    public double[] Values(int world, IReadOnlyList<UncertainParameter> parameters)
    {
        var u = Probabilities(world, parameters);
        for (int i = 0; i < u.Length; i++) u[i] = parameters[i].Distribution.Quantile(u[i]);
        return u;
    }
}

/// <summary>
/// A nested (second-order) Monte Carlo run: one <see cref="RunResult"/> per world, every world run with the same seed
/// and replications, so replication r meets the same random numbers in every world (common random numbers across
/// worlds). Worlds whose spec is the same object share one run.
/// </summary>
public sealed class NestedRunResult
{
    /// <summary>The scenario with every uncertain parameter at its median (for names, years and metrics).</summary>
    public required ScenarioSpec Nominal { get; init; }
    /// <summary>The uncertain parameters, in the order of <see cref="ParameterValues"/>.</summary>
    public required ImmutableArray<UncertainParameter> Parameters { get; init; }
    /// <summary>How the worlds were drawn.</summary>
    public required WorldPlan Plan { get; init; }
    /// <summary>Each world's drawn parameter values (world-major, in parameter order).</summary>
    public required ImmutableArray<ImmutableArray<double>> ParameterValues { get; init; }
    /// <summary>Each world's run, in world order.</summary>
    public required ImmutableArray<RunResult> Worlds { get; init; }
    /// <summary>Worker threads used.</summary>
    public required int Threads { get; init; }
    /// <summary>Wall time of all simulations.</summary>
    public required TimeSpan WallTime { get; init; }
    /// <summary>Teacher-years simulated (runs shared by several worlds counted once).</summary>
    public required long TeacherYears { get; init; }

    /// <summary>Number of worlds.</summary>
    public int WorldCount => Worlds.Length;

    /// <summary>
    /// A run without uncertain parameters seen as a nested run of <paramref name="worlds"/> identical worlds (the
    /// same run object in each), so it can be paired world by world with a run that has uncertain parameters.
    /// </summary>
    public static NestedRunResult Repeated(RunResult run, int worlds = 1)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (worlds < 1) throw new ArgumentOutOfRangeException(nameof(worlds));
        return new NestedRunResult
        {
            Nominal = run.Spec, Parameters = [], Plan = new WorldPlan(worlds, run.Spec.Seed),
            ParameterValues = [.. Enumerable.Repeat(ImmutableArray<double>.Empty, worlds)], Worlds = [.. Enumerable.Repeat(run, worlds)],
            Threads = run.Threads, WallTime = run.WallTime, TeacherYears = run.TeacherYears,
        };
    }

    /// <summary>Whether some parameter is uncertain (false for <see cref="Repeated"/> runs).</summary>
    public bool HasUncertainParameters => !Parameters.IsEmpty;
    /// <summary>Replications per world.</summary>
    public int Replications => Worlds[0].Replications.Length;
    /// <summary>Metric names (the same in every world: uncertainty never changes a scenario's structure).</summary>
    public MetricCatalog Metrics => Worlds[0].Metrics;

    /// <summary>
    /// All replications of all worlds as one run (world-major), for the outputs that pool them: Kaplan–Meier
    /// retention and realized hazards. Its spec is <see cref="Nominal"/>.
    /// </summary>
    public RunResult Pooled() => new()
    {
        Spec = Nominal with { Replications = WorldCount * Replications }, Metrics = Metrics,
        Replications = [.. Worlds.SelectMany(w => w.Replications)], Threads = Threads, WallTime = WallTime, TeacherYears = TeacherYears,
    };

    /// <summary>A metric's value in every (world, replication) of a year, world-major (NaN where undefined).</summary>
    public double[] Table(int metric, int yearIndex)
    {
        int r = Replications;
        var v = new double[WorldCount * r];
        for (int w = 0; w < WorldCount; w++)
            for (int j = 0; j < r; j++) v[w * r + j] = Worlds[w].Replications[j][metric, yearIndex];
        return v;
    }
}

/// <summary>Runs the worlds of a nested Monte Carlo, one after the other (each world's replications in parallel).</summary>
public static class NestedSimulator
{
    /// <summary>
    /// Runs every world's spec with the same seed and replications (<paramref name="options"/>; its progress callback
    /// receives replications finished over all worlds). Specs that are the same object run once.
    /// </summary>
    /// <param name="nominal">The scenario at its nominal values.</param>
    /// <param name="parameters">The uncertain parameters.</param>
    /// <param name="plan">Worlds and seed.</param>
    /// <param name="worldSpecs">World w's scenario, w = 0..W−1, built from <paramref name="parameterValues"/>[w].</param>
    /// <param name="parameterValues">The drawn values, world-major.</param>
    /// <param name="options">Replications, seed, threads, cancellation and progress.</param>
    public static NestedRunResult Run(ScenarioSpec nominal, IReadOnlyList<UncertainParameter> parameters, WorldPlan plan,
        IReadOnlyList<ScenarioSpec> worldSpecs, IReadOnlyList<IReadOnlyList<double>> parameterValues, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nominal);
        ArgumentNullException.ThrowIfNull(worldSpecs);
        ArgumentNullException.ThrowIfNull(parameterValues);
        if (worldSpecs.Count == 0 || worldSpecs.Count != parameterValues.Count)
            throw new ArgumentException("One spec and one row of parameter values per world are needed.");
        options ??= new RunOptions();
        int reps = options.Replications ?? nominal.Replications;
        var runs = new RunResult[worldSpecs.Count];
        var cache = new Dictionary<ScenarioSpec, RunResult>(ReferenceEqualityComparer.Instance);
        var clock = Stopwatch.StartNew();
        long teacherYears = 0;
        int threads = 1, finished = 0;
        for (int w = 0; w < worldSpecs.Count; w++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (!cache.TryGetValue(worldSpecs[w], out var run))
            {
                int offset = finished;
                run = Simulator.Run(worldSpecs[w], options with { Progress = options.Progress is { } p ? d => p(offset + d) : null });
                cache[worldSpecs[w]] = run;
                teacherYears += run.TeacherYears;
                threads = run.Threads;
            }
            else options.Progress?.Invoke(finished + reps);
            finished += reps;
            runs[w] = run;
        }
        clock.Stop();
        return new NestedRunResult
        {
            Nominal = nominal with { Replications = reps, Seed = options.Seed ?? nominal.Seed }, Parameters = [.. parameters], Plan = plan,
            ParameterValues = [.. parameterValues.Select(v => v.ToImmutableArray())], Worlds = [.. runs],
            Threads = threads, WallTime = clock.Elapsed, TeacherYears = teacherYears,
        };
    }
}
