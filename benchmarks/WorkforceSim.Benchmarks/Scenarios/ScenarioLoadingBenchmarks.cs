using BenchmarkDotNet.Attributes;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Benchmarks.Scenarios;

/// <summary>Loading (parse, map, validate) benchmark-r1.yaml and baseline.yaml.</summary>
[Config(typeof(WsimConfig))]
public class ScenarioLoadingBenchmarks
{
    private string _r1 = "", _baseline = "";

    [GlobalSetup]
    public void Setup()
    {
        _r1 = R1.ScenarioPath();
        _baseline = Path.Combine(Path.GetDirectoryName(_r1)!, "baseline.yaml");
    }

    [Benchmark] public bool LoadR1() => ScenarioLoader.Load(_r1).Success;

    [Benchmark] public bool LoadBaseline() => ScenarioLoader.Load(_baseline).Success;
}
