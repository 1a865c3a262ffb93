using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Scenarios;
using Xunit.Abstractions;

namespace WorkforceSim.Robustness.Tests;

/// <summary>
/// Issue 8, determinism under stress: over randomly generated small valid scenarios (YAML through the loader, so the
/// generator exercises the same mapping users do) with segments, capped stages, roles, re-entrants, bonuses,
/// modifiers and policies, every replication conserves headcount, respects capacities, never counts below zero, and
/// gives byte-identical results on 1, 2 and 4 threads. CsCheck prints the seed of a failing case; replay it with
/// the environment variable <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public class DeterminismPropertyTests(ITestOutputHelper output)
{
    /// <summary>The generator's choices: 24 integers, each read modulo its range by <see cref="ScenarioText"/>.</summary>
    private static readonly Gen<int[]> Choices = Gen.Int[0, 1_000_000].Array[24];

    /// <summary>
    /// Generated scenarios per run: a fixed number, not a time budget, so a machine busy with other builds checks as
    /// many as a quiet one (a few seconds on 2 cores; <c>CsCheck_Iter=2000</c> searches deeper by hand).
    /// </summary>
    private const int Cases = 60;

    [Fact]
    public void Generated_scenarios_conserve_headcount_respect_capacity_and_are_identical_on_1_2_and_4_threads()
    {
        int cases = 0;
        Choices.Sample(c =>
        {
            string yaml = ScenarioText(c);
            var loaded = ScenarioLoader.LoadText(yaml, "generated.yaml");
            Assert.True(loaded.Success, "generated scenario did not load:\n" + string.Join("\n", loaded.Diagnostics) + "\n" + yaml);
            var spec = loaded.Spec!;
            var one = Simulator.Run(spec, new RunOptions { Threads = 1 });
            Check(spec, one, yaml);
            foreach (int threads in new[] { 2, 4 })
            {
                var other = Simulator.Run(spec, new RunOptions { Threads = threads });
                for (int r = 0; r < one.Replications.Length; r++)
                    Assert.True(SameBytes(one.Replications[r], other.Replications[r]),
                        $"replication {r} differs between 1 and {threads} threads\n{yaml}");
            }
            Interlocked.Increment(ref cases);
        }, iter: Cases, threads: 1, print: c => ScenarioText(c));
        output.WriteLine($"{cases} generated scenarios checked on 1, 2 and 4 threads");
        Assert.Equal(Cases, cases);
    }

    /// <summary>Conservation, capacity and sign checks on every replication and year.</summary>
    private static void Check(ScenarioSpec spec, RunResult run, string yaml)
    {
        var m = run.Metrics;
        var p = spec.Periods[0].Parameters;
        int positions = p.Positions.Count;
        int stages = p.Stages.Length, sources = p.Hiring.Sources.Length, reasons = Enum.GetValues<ExitReason>().Length;
        string[] counts = ["positions", "headcount", "exits", "hires", "vacancies_unfilled", "cost.salary", "cost.stipend", "cost.hiring", "cost.total"];
        foreach (var rep in run.Replications)
        {
            double start = positions; // filled_share 1: the initial workforce fills every position
            for (int t = 0; t < rep.Years; t++)
            {
                string at = $"replication {rep.Replication}, year {spec.StartYear + t}";
                double end = rep[MetricCatalog.Headcount, t], hires = rep[MetricCatalog.Hires, t], exits = rep[MetricCatalog.Exits, t];
                Assert.True(start + hires - exits == end, $"{at}: {start} + {hires} hires − {exits} exits ≠ {end}\n{yaml}");
                Assert.True(end <= positions, $"{at}: headcount {end} above {positions} positions\n{yaml}");
                foreach (string name in counts.Concat(m.Names.Where(n => n.StartsWith("headcount.", StringComparison.Ordinal)
                             || n.StartsWith("exits.", StringComparison.Ordinal) || n.StartsWith("hires.", StringComparison.Ordinal))))
                {
                    double v = rep[m.IndexOf(name), t];
                    Assert.True(v >= 0, $"{at}: {name} = {v}\n{yaml}");
                }
                double byStage = 0, byReason = 0, bySource = 0;
                for (int s = 0; s < stages; s++) byStage += rep[m.HeadcountByStage + s, t];
                for (int r = 0; r < reasons; r++) byReason += rep[m.ExitsByReason + r, t];
                for (int s = 0; s < sources; s++) bySource += rep[m.HiresBySource + s, t];
                Assert.True(byStage == end && byReason == exits && bySource == hires,
                    $"{at}: by stage {byStage} vs {end}, by reason {byReason} vs {exits}, by source {bySource} vs {hires}\n{yaml}");
                var pt = spec.ParametersFor(spec.StartYear + t);
                for (int s = 0; s < stages; s++)
                    if (pt.Stages[s].Promotion is { } promo)
                    {
                        int slots = promo.Capacity.Slots(positions);
                        double held = rep[m.HeadcountByStage + s, t];
                        Assert.True(held <= slots, $"{at}: {held} in stage {pt.Stages[s].Id} above its {slots} slots\n{yaml}");
                    }
                start = end;
            }
        }
    }

    private static bool SameBytes(ReplicationResult a, ReplicationResult b) =>
        MemoryMarshal.AsBytes(a.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.Values.AsSpan()))
        && a.SurvivalAtRisk.AsSpan().SequenceEqual(b.SurvivalAtRisk) && a.SurvivalExits.AsSpan().SequenceEqual(b.SurvivalExits)
        && a.AtRiskByYos.AsSpan().SequenceEqual(b.AtRiskByYos) && a.ExitsByYos.AsSpan().SequenceEqual(b.ExitsByYos);

    /// <summary>A small valid scenario from the generator's choices (docs/scenario-format.md).</summary>
    internal static string ScenarioText(int[] c)
    {
        var inv = CultureInfo.InvariantCulture;
        int Pick(int i, int n) => c[i] % n;
        double Frac(int i, double lo, double hi) => Math.Round(lo + (hi - lo) * (c[i] % 1001) / 1000.0, 3);
        int positions = 20 + Pick(0, 380), years = 1 + Pick(1, 8), reps = 2 + Pick(2, 5), start = 2026;
        bool twoSegments = Pick(3, 2) == 1, ladder = Pick(4, 3) > 0, role = ladder && Pick(5, 2) == 1;
        bool reentrant = Pick(6, 2) == 1, bonus = Pick(7, 2) == 1, modifier = Pick(8, 2) == 1, policy = years > 1 && Pick(9, 2) == 1;
        bool ratings = ladder && Pick(10, 2) == 1;
        var sb = new StringBuilder();
        sb.Append(inv, $"scenario: generated\ntitle: Generated\nhorizon: {{start_year: {start}, years: {years}}}\nreplications: {reps}\nseed: {c[11]}\n");
        sb.Append(inv, $"workforce:\n  positions: {{count: {positions}}}\n");
        if (twoSegments)
        {
            double share = Frac(12, 0.1, 0.9);
            sb.Append(inv, $"  segments:\n    - {{id: high, share: {share}}}\n    - {{id: low, share: {Math.Round(1 - share, 3)}}}\n");
        }
        sb.Append(inv, $"  initial:\n    yos: {{uniform: {{min: 0, max: {5 + Pick(13, 30)}}}}}\n");
        sb.Append(inv, $"attrition:\n  hazard_by_yos: {{1: {Frac(14, 0, 0.4)}, 2: {Frac(15, 0, 0.3)}, 3: {Frac(16, 0, 0.2)}, 4: {Frac(17, 0.02, 0.6)}}}\n");
        if (modifier)
            sb.Append(ladder ? string.Create(inv, $"  modifiers:\n    - {{when: {{stage: lead}}, factor: {Frac(18, 0, 2)}}}\n")
                              : string.Create(inv, $"  modifiers:\n    - {{when: {{yos: {{min: 0, max: 2}}}}, factor: {Frac(18, 0, 3)}, from_year: {start + Pick(19, years)}}}\n"));
        sb.Append(inv, $"hiring:\n  fill_rate: {Frac(20, 0.3, 1)}\n  sources:\n");
        double novice = reentrant ? 0.5 : 0.7;
        sb.Append(inv, $"    - {{id: novice, kind: novice, share: {novice}}}\n    - {{id: experienced, kind: experienced, share: 0.3, yos: {{uniform: {{min: 1, max: 12}}}}}}\n");
        if (reentrant) sb.Append("    - {id: returners, kind: reentrant, share: 0.2, max_gap: 4, reasons: [resignation, move]}\n");
        if (ratings) sb.Append("evaluation:\n  levels:\n    - {id: low}\n    - {id: mid, from: -0.5}\n    - {id: high, from: 0.8}\n");
        if (ladder)
        {
            string capacity = Pick(21, 3) switch
            {
                0 => $"{{per_teachers: {2 + Pick(22, 20)}}}",
                1 => $"{{share: {Frac(22, 0, 0.5)}}}",
                _ => $"{{absolute: {Pick(22, 30)}}}",
            };
            sb.Append("career_ladder:\n  stages:\n    - {id: teacher, salary: 50000}\n    - id: lead\n      stipend: 3000\n      promotion:\n");
            sb.Append(inv, $"        from: teacher\n        min_yos: {Pick(23, 6)}\n        capacity: {capacity}\n        acceptance: {Frac(19, 0.2, 1)}\n");
            if (ratings) sb.Append("        ratings: [{at_least: mid, consecutive: 1}]\n");
        }
        if (role)
            sb.Append(inv, $"leadership_roles:\n  - {{id: coaching, held_by: lead, span: {1 + Pick(5, 8)}, effects: {{coached_hazard_factor: {Frac(16, 0.5, 1.5)}, coached_growth: 0.05}}}}\n");
        if (bonus)
            sb.Append(twoSegments ? string.Create(inv, $"bonuses:\n  - {{id: stay, amount: 2000, from_year: {start}, to_year: {start + Pick(7, years)}, when: {{segment: high}}, hazard_factor: {Frac(17, 0.5, 1)}}}\n")
                                   : string.Create(inv, $"bonuses:\n  - {{id: stay, amount: 1500, hazard_factor: {Frac(17, 0.5, 1)}}}\n"));
        if (policy)
            sb.Append(inv, $"policies:\n  - from_year: {start + 1 + Pick(9, years - 1)}\n    set:\n      hiring.fill_rate: {Frac(15, 0.3, 1)}\n      attrition.hazard_by_yos.1: {Frac(14, 0, 0.5)}\n");
        return sb.ToString();
    }
}
