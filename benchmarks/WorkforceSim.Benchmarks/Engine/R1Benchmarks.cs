using BenchmarkDotNet.Attributes;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>
/// The R1 macro-benchmark: scenarios/benchmark-r1.yaml through the loader and the general engine (Simulator.Run),
/// with N, T and R overridden in code. Replications at the largest size are fewer so one operation stays short;
/// the M TY/s column normalises.
/// </summary>
[Config(typeof(WsimConfig))]
public class R1Benchmarks
{
    [ParamsSource(nameof(Sizes))] public int N;
    /// <summary>5,000, 65,000 and 1,000,000 teachers; WSIM_BENCH_N (comma-separated) runs only the sizes given.</summary>
    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("WSIM_BENCH_N") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            : [5_000, 65_000, 1_000_000];
    [Params(30)] public int T;
    [Params(1, 2)] public int Threads;
    /// <summary>Replications: 20 (R1's own) up to 65,000 teachers, 2 at 1,000,000.</summary>
    public int R => N > 100_000 ? 2 : 20;

    private ScenarioSpec _spec = null!;

    [GlobalSetup] public void Setup() => _spec = R1.With(N, T, R);

    [Benchmark] public long Run() => Simulator.Run(_spec, new RunOptions { Threads = Threads }).TeacherYears;
}
