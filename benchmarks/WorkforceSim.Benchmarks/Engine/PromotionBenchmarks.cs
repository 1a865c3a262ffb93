using BenchmarkDotNet.Attributes;
using WorkforceSim.Benchmarks;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>A promotion round on R1's 65,000 teachers right after a year's exits (lead, advanced and career rules:
/// branch-free eligibility gather, quickselect top-k). Subtract the RestoreAndDrawExits baseline.</summary>
[Config(typeof(WsimConfig))]
public class PromotionBenchmarks
{
    public const long TeacherYearsPerOp = 65_000;
    private EngineComponent _c = null!;

    [GlobalSetup] public void Setup() => _c = new EngineComponent(65_000);

    [Benchmark(Baseline = true)] public void RestoreAndDrawExits() { _c.Restore(); _c.Engine.DrawExitsForBenchmark(); }

    [Benchmark] public void RestoreExitsAndPromote() { _c.Restore(); _c.Engine.DrawExitsForBenchmark(); _c.Engine.PromotionForBenchmark(); }
}
