using BenchmarkDotNet.Attributes;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>A hiring round on R1's 65,000 teachers after a year's exits (about 5,000 vacancies: source, yos and
/// effectiveness draws per hire). Subtract the RestoreAndDrawExits baseline.</summary>
[Config(typeof(WsimConfig))]
public class HiringBenchmarks
{
    public const long TeacherYearsPerOp = 65_000;
    private EngineComponent _c = null!;

    [GlobalSetup] public void Setup() => _c = new EngineComponent(65_000);

    [Benchmark(Baseline = true)] public void RestoreAndDrawExits() { _c.Restore(); _c.Engine.DrawExitsForBenchmark(); }

    [Benchmark] public void RestoreExitsAndHire() { _c.Restore(); _c.Engine.DrawExitsForBenchmark(); _c.Engine.HiringForBenchmark(); }
}
