using BenchmarkDotNet.Attributes;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>The exit phase on R1's 65,000 teachers: one counter-based uniform per teacher against the hazard table,
/// stable compaction of the stayers, exits batched by month. Subtract the Restore baseline.</summary>
[Config(typeof(WsimConfig))]
public class ExitDrawBenchmarks
{
    public const long TeacherYearsPerOp = 65_000;
    private EngineComponent _c = null!;

    [GlobalSetup] public void Setup() => _c = new EngineComponent(65_000);

    [Benchmark(Baseline = true)] public void Restore() => _c.Restore();

    [Benchmark] public void RestoreAndDrawExits() { _c.Restore(); _c.Engine.DrawExitsForBenchmark(); }
}
