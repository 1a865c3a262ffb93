using System.Collections.Immutable;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Tests;

public class EngineInvariantTests
{
    private static readonly RunResult R1Small = Simulator.Run(TestSpecs.R1(positions: 4_000, years: 15, replications: 6));

    [Fact]
    public void Start_plus_hires_minus_exits_equals_end_in_every_year_of_every_replication()
    {
        foreach (var rep in R1Small.Replications)
        {
            double previous = 4_000; // the initial workforce fills every position
            for (int t = 0; t < rep.Years; t++)
            {
                double end = rep[MetricCatalog.Headcount, t];
                Assert.Equal(previous + rep[MetricCatalog.Hires, t] - rep[MetricCatalog.Exits, t], end);
                double byStage = 0;
                for (int s = 0; s < 4; s++) byStage += rep[R1Small.Metrics.HeadcountByStage + s, t];
                Assert.Equal(end, byStage);
                previous = end;
            }
        }
    }

    [Fact]
    public void Capped_stages_never_exceed_their_capacity_and_vacancy_chains_refill_them_in_the_same_round()
    {
        int lead = R1Small.Metrics.IndexOf("headcount.lead"), advanced = R1Small.Metrics.IndexOf("headcount.advanced");
        foreach (var rep in R1Small.Replications)
            for (int t = 0; t < rep.Years; t++)
            {
                // R1 has far more eligible teachers than slots, so after the round both capped stages are full:
                // every lead promoted from advanced freed an advanced slot that the same round filled from career.
                Assert.Equal(4_000 / 8, rep[lead, t]);
                Assert.Equal((int)(0.2 * 4_000), rep[advanced, t]);
            }
    }

    [Fact]
    public void Same_seed_gives_identical_results_and_thread_count_does_not_matter()
    {
        var spec = TestSpecs.R1(positions: 3_000, years: 10, replications: 8);
        var a = Simulator.Run(spec, new RunOptions { Threads = 1 });
        var b = Simulator.Run(spec, new RunOptions { Threads = 4 });
        var c = Simulator.Run(spec, new RunOptions { Threads = 1, Seed = 2 });
        for (int r = 0; r < 8; r++)
        {
            Assert.Equal(a.Replications[r].Values, b.Replications[r].Values);
            Assert.Equal(a.Replications[r].SurvivalExits, b.Replications[r].SurvivalExits);
        }
        Assert.NotEqual(a.Replications[0].Values, c.Replications[0].Values);
    }

    [Fact]
    public void A_replication_rerun_alone_equals_the_same_replication_in_a_full_run()
    {
        var spec = TestSpecs.R1(positions: 3_000, years: 10, replications: 5);
        var full = Simulator.Run(spec, new RunOptions { Threads = 2 });
        var alone = Simulator.RunReplication(spec, 3);
        Assert.Equal(full.Replications[3].Values, alone.Values);
    }

    [Fact]
    public void Changing_only_a_stipend_leaves_the_draws_of_unaffected_teachers_unchanged()
    {
        var baseSpec = TestSpecs.R1(positions: 5_000, years: 5, replications: 1);
        ScenarioSpec WithLeadStipend(double stipend, bool elastic)
        {
            var p = baseSpec.Periods[0].Parameters;
            var stages = p.Stages.SetItem(3, p.Stages[3] with { Stipend = stipend });
            var attrition = elastic ? p.Attrition with { PayElasticity = new PayElasticitySpec(-3, 60) } : p.Attrition;
            var salaried = stages.Select(s => s with { Salary = 50_000 }).ToImmutableArray();
            return baseSpec with { Periods = [new ParameterPeriod(2026, p with { Stages = salaried, Attrition = attrition })] };
        }

        // Without a pay response the stipend changes only the cost: every other number is identical.
        var a = Simulator.RunReplication(WithLeadStipend(3_000, elastic: false), 0);
        var b = Simulator.RunReplication(WithLeadStipend(9_000, elastic: false), 0);
        var names = MetricCatalog.For(baseSpec).Names;
        for (int m = 0; m < names.Length; m++)
            for (int t = 0; t < 5; t++)
                if (!names[m].StartsWith("cost.", StringComparison.Ordinal))
                    Assert.Equal(a[m, t], b[m, t]);
        Assert.NotEqual(a[MetricCatalog.CostStipend, 1], b[MetricCatalog.CostStipend, 1]); // R1 has no leads until the first round

        // With a pay response only leads' hazards change. R1's first leads are promoted at the end of 2026, so the
        // two runs are identical until then; in 2027 every non-lead teacher meets the same fate in both runs, while
        // leads' exits differ.
        var c = Simulator.RunReplication(WithLeadStipend(3_000, elastic: true), 0, recordSpells: true);
        var d = Simulator.RunReplication(WithLeadStipend(30_000, elastic: true), 0, recordSpells: true);
        const int leadStage = 3;
        HashSet<string> Exits(ReplicationResult r, bool leads) => [.. r.Spells!
            .Where(s => s.ExitYear == 2027 && (s.Stage == leadStage) == leads).Select(s => s.TeacherId)];
        Assert.Equal(Exits(c, leads: false), Exits(d, leads: false));
        Assert.True(Exits(c, leads: true).Count > Exits(d, leads: true).Count, "a much larger stipend should keep more leads");
        Assert.Subset(Exits(c, leads: true), Exits(d, leads: true));
    }
}

public class CancellationTests
{
    [Fact]
    public void A_cancelled_run_throws_instead_of_returning_partial_results()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Simulator.Run(TestSpecs.R1(positions: 1_000, years: 5, replications: 4), new RunOptions { Cancellation = cts.Token }));
    }
}
