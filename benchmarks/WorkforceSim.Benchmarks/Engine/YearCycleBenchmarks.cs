using BenchmarkDotNet.Attributes;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>The whole year cycle of one replication (R1, 65,000 teachers, 30 years) on one thread, without the
/// parallel driver: initial workforce, then exits, service, promotion, hiring and recording every year.</summary>
[Config(typeof(WsimConfig))]
public class YearCycleBenchmarks
{
    [Params(65_000)] public int N;
    [Params(30)] public int T;
    private ScenarioSpec _spec = null!;

    [GlobalSetup] public void Setup() => _spec = R1.With(N, T, 1);

    [Benchmark] public int OneReplication() => Simulator.RunReplication(_spec, 0).Years;
}
