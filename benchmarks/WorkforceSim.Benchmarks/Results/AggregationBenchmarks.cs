using BenchmarkDotNet.Attributes;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;

namespace WorkforceSim.Benchmarks.Results;

/// <summary>Aggregation (Summarizer) and output writing (CSV/JSON) of 1,000 replications of a 5,000-teacher district
/// (R1 at N = 5,000, 30 years), against simulating them (the 20% budget).</summary>
[Config(typeof(WsimConfig))]
public class AggregationBenchmarks
{
    private RunResult _run = null!;
    private RunSummary _summary = null!;
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        _run = Simulator.Run(R1.With(5_000, 30, 1_000));
        _summary = Summarizer.Summarize(_run);
        _dir = Path.Combine(Path.GetTempPath(), "wsim-bench-" + Environment.ProcessId);
    }

    [GlobalCleanup] public void Cleanup() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    [Benchmark] public int Summarize() => Summarizer.Summarize(_run).Yearly.Length;

    [Benchmark]
    public void WriteOutputs()
    {
        RunOutputWriter.Write(_dir, _run, _summary, RunManifest.For(_run, "bench"), overwrite: true);
    }
}
