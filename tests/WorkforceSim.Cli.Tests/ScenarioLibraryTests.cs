using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli.Tests;

/// <summary>Every shipped scenario validates, runs, and keeps the engine's invariants in every year.</summary>
public class ScenarioLibraryTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(CliHarness.RepoRoot, "scenarios"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Shipped_scenario_validates_and_runs_with_conservation_and_capacity(string file)
    {
        var load = ScenarioLoader.Load(CliHarness.Scenario(file));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var spec = load.Spec!;
        if (spec.Periods[0].Parameters.Positions.Count > 20_000)
            spec = spec with { Years = Math.Min(spec.Years, 5) }; // keep the big benchmark quick here
        var run = Simulator.Run(spec, new RunOptions { Replications = 3, Threads = 2 });
        var p0 = spec.Periods[0].Parameters;
        foreach (var rep in run.Replications)
        {
            double previous = Math.Round(spec.PositionsIn(spec.StartYear) * spec.Initial.FilledShare, MidpointRounding.AwayFromZero);
            for (int t = 0; t < rep.Years; t++)
            {
                double end = rep[MetricCatalog.Headcount, t];
                Assert.Equal(previous + rep[MetricCatalog.Hires, t] - rep[MetricCatalog.Exits, t], end);
                Assert.True(end >= 0 && rep[MetricCatalog.Exits, t] >= 0 && rep[MetricCatalog.Hires, t] >= 0);
                var p = spec.ParametersFor(spec.StartYear + t);
                int positions = spec.PositionsIn(spec.StartYear + t);
                for (int s = 0; s < p.Stages.Length; s++)
                {
                    double holders = rep[run.Metrics.HeadcountByStage + s, t];
                    Assert.True(holders >= 0);
                    // Slots are never overfilled; only a fall in positions (no demotions) can leave a stage above them.
                    bool positionsFell = t > 0 && positions < spec.PositionsIn(spec.StartYear + t - 1);
                    if (p.Stages[s].Promotion is { } rule && rule.Capacity.Kind != Core.Model.CapacityKind.Unlimited && !positionsFell)
                        Assert.True(holders <= rule.Capacity.Slots(positions),
                            $"{file}: stage {p.Stages[s].Id} has {holders} holders over capacity {rule.Capacity.Slots(positions)} in year {t}");
                }
                previous = end;
            }
        }
    }
}
