using System.Globalization;
using System.Text;
using WorkforceSim.Calibration;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;
using WorkforceSim.Core.Engine;
using WorkforceSim.Scenarios;
using Xunit.Abstractions;

namespace WorkforceSim.Cli.Tests;

/// <summary>
/// Round trip through the real engine: a scenario with known hazards and no modifiers (so the realized exit
/// probability of every teacher-year is exactly the table's), simulated with spells recorded, written as a spell
/// roster in the calibrate format, calibrated — and the true hazards must lie inside their intervals.
/// </summary>
[Trait("Category", "Statistical")]
public class EngineRosterRoundTripTests(ITestOutputHelper output)
{
    /// <summary>Hazard by completed yos 0..29 (years of service 1..30); later years reuse the last value.</summary>
    internal static readonly double[] TrueHazards =
    [
        0.12, 0.10, 0.08, 0.07, 0.06, 0.05, 0.05, 0.045, 0.04, 0.04,
        0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.05,
        0.06, 0.07, 0.08, 0.09, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20,
    ];

    internal static double TrueHazard(int yos) => TrueHazards[Math.Min(yos, TrueHazards.Length - 1)];

    /// <summary>
    /// 800 positions over 10 years from 2026, initial yos uniform 0..29, novices and experienced hires (prior
    /// service 2..10, so some spells start above yos 0), one stage, one segment, no modifiers, no pay elasticity, no
    /// mandatory exit, no re-entry: the exit probability of a teacher with yos y is TrueHazard(y).
    /// </summary>
    internal static string KnownHazardScenario(int positions = 800, int years = 10, ulong seed = 7) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        scenario: known_hazards
        title: Known hazards, no modifiers
        horizon: {start_year: 2026, years: {{years}} }
        replications: 1
        seed: {{seed}}
        workforce:
          positions: {count: {{positions}} }
          initial:
            yos: {uniform: {min: 0, max: 29} }
        attrition:
          hazard_by_yos: { {{string.Join(", ", TrueHazards.Select((h, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}: {h}")))}} }
        hiring:
          sources:
            - {id: novice, kind: novice, share: 0.7}
            - {id: experienced, kind: experienced, share: 0.3, yos: {uniform: {min: 2, max: 10} } }
        """);

    [Fact]
    public void Cli_round_trip_recovers_every_true_hazard_within_its_Bonferroni_interval()
    {
        // wsim run --emit-roster, then wsim calibrate --min-at-risk 1 (one band per year) at level 1 - 0.01/K for
        // the K years estimated: the chance that any true hazard falls outside is at most 1% (Bonferroni), so the
        // fixed seed stays a valid test when the engine's draws change. The report's life-table.csv gives the
        // per-year intervals.
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "known.yaml"), roster = Path.Combine(tmp, "roster.csv");
        File.WriteAllText(scenario, KnownHazardScenario(positions: 1500));
        var run = CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "run"), "--no-report", "--emit-roster", roster);
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("--window-start 2026", run.Out);

        var probe = CalibrationRunner.Run(new CalibrationOptions { RosterPath = roster, WindowStart = 2026, Estimation = new() { MinAtRisk = 1 } });
        Assert.True(probe.Success, string.Join("\n", probe.Diagnostics));
        int years = probe.Result!.Estimate.Bands.Length;
        Assert.True(years >= 35, $"only {years} years estimated");
        string level = (1 - 0.01 / years).ToString("R", CultureInfo.InvariantCulture);

        string report = Path.Combine(tmp, "report");
        var cal = CliHarness.Run("calibrate", roster, "--out", Path.Combine(tmp, "attrition.yaml"), "--window-start", "2026",
            "--min-at-risk", "1", "--confidence", level, "--report", report);
        Assert.True(cal.Code == 0, cal.Err);
        var rows = File.ReadAllLines(Path.Combine(report, "life-table.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(years, rows.Count);
        foreach (var r in rows)
        {
            int yos = int.Parse(r[0], CultureInfo.InvariantCulture);
            double low = double.Parse(r[6], CultureInfo.InvariantCulture), high = double.Parse(r[7], CultureInfo.InvariantCulture);
            Assert.True(low <= TrueHazard(yos) && TrueHazard(yos) <= high,
                $"yos {yos}: true {TrueHazard(yos)} outside [{low}, {high}] (at risk {r[2]}, exits {r[3]})");
        }
    }

    [Fact]
    public void Coverage_of_the_95_percent_intervals_over_100_seeds_is_near_95_percent()
    {
        // 100 seeds of an 800-teacher district over 10 years; for each seed the 95% Wilson interval of every
        // completed yos 0..29 (about 150-450 teacher-years each) is checked against the true hazard: 3,000 intervals.
        // Given the at-risk counts, the exits of different years are independent binomials, so the covered count
        // is a sum of (nearly) independent indicators with p ≈ 0.95: sd = √(0.95·0.05/3000) = 0.0040. Wilson's
        // coverage for these n and h oscillates around the nominal level by about ±0.01, so the tolerance is
        // 4 sd + 0.01 = 0.026: pooled coverage must lie in [0.924, 0.976]. For one year alone (yos 0, 100
        // intervals) sd = √(0.95·0.05/100) = 0.0218 and the tolerance 4 sd = 0.087.
        const int Seeds = 100, Years = 30;
        var spec = LoadSpec(KnownHazardScenario());
        int covered = 0, coveredFirst = 0;
        var perYos = new int[Years];
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var s = spec with { Seed = (ulong)seed };
            var spells = Simulator.RunReplication(s, 0, recordSpells: true).Spells!;
            string csv = SpellRosterWriter.Write(spells, ["teacher"], ["all"], s.LastYear);
            var run = CalibrationRunner.Run(new CalibrationOptions
            {
                RosterPath = $"seed{seed}.csv", RosterContent = Encoding.UTF8.GetBytes(csv), WindowStart = s.StartYear,
                Estimation = new EstimationSettings { MinAtRisk = 1 },
            });
            Assert.True(run.Success, string.Join("\n", run.Diagnostics));
            foreach (var row in run.Result!.Estimate.LifeTable.Where(r => r.Yos < Years))
            {
                if (!row.HazardCi.Contains(TrueHazards[row.Yos])) continue;
                covered++;
                perYos[row.Yos]++;
                if (row.Yos == 0) coveredFirst++;
            }
        }
        double coverage = covered / (double)(Seeds * Years), first = coveredFirst / (double)Seeds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pooled coverage {covered}/{Seeds * Years} = {coverage:0.0000}; yos 0: {first:0.00}"));
        output.WriteLine("per yos: " + string.Join(' ', perYos));
        double pooledTolerance = 4 * Math.Sqrt(0.95 * 0.05 / (Seeds * Years)) + 0.01;
        Assert.InRange(pooledTolerance, 0.0259, 0.0260);
        Assert.InRange(coverage, 0.95 - pooledTolerance, 0.95 + pooledTolerance);
        Assert.InRange(first, 0.95 - 4 * Math.Sqrt(0.95 * 0.05 / Seeds), 1.0);
    }

    [Fact]
    public void The_roster_reproduces_the_engines_own_at_risk_and_exit_counts_by_yos_exactly()
    {
        // Not statistical: the baseline (re-entrants who keep their service, experienced hires, a hard stop at 39
        // completed years, an effectiveness modifier) counts teacher-years at risk and exits by completed yos while
        // it simulates. Calibrating the emitted roster with the scenario's start year as window start must find the
        // same counts in every year of service.
        var spec = ScenarioLoader.Load(CliHarness.Scenario("baseline.yaml")).Spec!;
        var replication = Simulator.RunReplication(spec, 0, recordSpells: true);
        string csv = SpellRosterWriter.Write(replication.Spells!, ["teacher"], ["all"], spec.LastYear);
        var run = CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = "baseline-roster.csv", RosterContent = Encoding.UTF8.GetBytes(csv), WindowStart = spec.StartYear,
            Estimation = new EstimationSettings { MinAtRisk = 1 },
        });
        Assert.True(run.Success, string.Join("\n", run.Diagnostics));
        var table = run.Result!.Estimate.LifeTable;
        Assert.True(table.Length >= 35);
        Assert.Equal(replication.AtRiskByYos.Sum(), table.Sum(r => (long)r.AtRisk));
        foreach (var row in table)
        {
            Assert.True(replication.AtRiskByYos[row.Yos] == row.AtRisk, $"yos {row.Yos}: engine at risk {replication.AtRiskByYos[row.Yos]}, roster {row.AtRisk}");
            Assert.True(replication.ExitsByYos[row.Yos] == row.Exits, $"yos {row.Yos}: engine exits {replication.ExitsByYos[row.Yos]}, roster {row.Exits}");
        }
    }

    [Fact]
    public void The_emitted_roster_has_one_row_per_spell_that_taught_inside_the_horizon()
    {
        var spec = LoadSpec(KnownHazardScenario(positions: 200, years: 5));
        var spells = Simulator.RunReplication(spec, 0, recordSpells: true).Spells!;
        string csv = SpellRosterWriter.Write(spells, ["teacher"], ["all"], spec.LastYear);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SpellRosterWriter.Header, lines[0]);
        // Teachers hired for the year after the horizon never taught inside it and are left out.
        Assert.Equal(spells.Count(s => s.FirstYear <= spec.LastYear), lines.Length - 1);
        Assert.Contains(spells, s => s.FirstYear > spec.LastYear);
        var ids = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Every exit row names its reason; rows without an exit have none.
        foreach (var f in lines.Skip(1).Select(l => l.Split(',')))
            Assert.Equal(f[3].Length == 0, f[4].Length == 0);
        // Teachers at work at the start of the last year (all 200 positions filled) either left during it or are
        // still employed at the roster date.
        string last = spec.LastYear.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(200, lines.Skip(1).Select(l => l.Split(',')).Count(f => f[3].Length == 0 || f[3] == last));
    }

    internal static Core.Model.ScenarioSpec LoadSpec(string yaml)
    {
        string dir = CliHarness.TempDir();
        string path = Path.Combine(dir, "scenario.yaml");
        File.WriteAllText(path, yaml);
        var loaded = ScenarioLoader.Load(path);
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        return loaded.Spec!;
    }
}
