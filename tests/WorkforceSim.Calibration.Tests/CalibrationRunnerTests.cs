using System.Globalization;
using System.Text;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration.Tests;

public class CalibrationRunnerTests
{
    private static readonly DateTimeOffset Generated = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static string HandRosterCsv()
    {
        var csv = new StringBuilder("teacher_id,hire_year,prior_yos,exit_year\n");
        foreach (var s in LifeTableTests.HandSpells) csv.Append(CultureInfo.InvariantCulture, $"{s.TeacherId},{s.HireYear},{s.PriorYos},{s.ExitYear}\n");
        return csv.ToString();
    }

    private static CalibrationRunResult Run(string csv, EstimationSettings? settings = null, int? windowStart = null) =>
        CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = "data/hand.csv",
            RosterContent = Encoding.UTF8.GetBytes(csv),
            WindowStart = windowStart,
            Estimation = settings ?? new EstimationSettings { MinAtRisk = 1 },
            CommandLine = "wsim calibrate data/hand.csv --min-at-risk 1",
            GeneratedAt = Generated,
        });

    [Fact]
    public void Yaml_has_a_provenance_header_and_one_commented_hazard_per_year_of_service()
    {
        var result = Run(HandRosterCsv(), windowStart: 2020).Result!;
        string[] lines = result.YamlText.Split('\n');

        Assert.Contains("# source:        hand.csv", lines);
        Assert.Contains(lines, l => l.StartsWith("# sha256:        ", StringComparison.Ordinal) && l.Length == 17 + 64);
        Assert.Contains("# window:        school years 2020-2023 (teachers employed in 2020 enter the risk set at their yos then)", lines);
        Assert.Contains("# teacher-years: 27 at risk, 7 exits, 5 censored", lines);
        Assert.Contains("# command:       wsim calibrate data/hand.csv --min-at-risk 1", lines);
        Assert.Contains("# generated:     2026-11-22T12:00:00Z", lines);
        Assert.Contains("attrition:", lines);
        Assert.Contains("    1: 0.285714       # 95% CI 0.0822-0.6411, at risk 7, exits 2", lines);
        Assert.Contains("    3: 0.0000         # 95% CI 0.0000-0.3903, at risk 6, exits 0", lines);
        Assert.Contains("    6: 1.0000         # 95% CI 0.2065-1.0000, at risk 1, exits 1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("mandatory_exit_yos", StringComparison.Ordinal)); // 1 at risk is no evidence of a hard stop
        Assert.DoesNotContain(lines, l => l.Contains("modifiers", StringComparison.Ordinal));
    }

    [Fact]
    public void Pooled_years_share_their_band_hazard_and_say_so()
    {
        var yaml = Run(HandRosterCsv(), new EstimationSettings { MinAtRisk = 12 }, windowStart: 2020).Result!.YamlText;
        // yos 0-1 pool to 13 at risk, 3 exits; yos 2-5 to 14 at risk, 4 exits.
        Assert.Contains("    1: 0.230769       # 95% CI 0.0818-0.5026; band 1-2: at risk 13, exits 3; this year 7/2", yaml);
        Assert.Contains("    2: 0.230769       # ", yaml);
        Assert.Contains("    6: 0.285714       # ", yaml);
    }

    [Fact]
    public void Output_is_identical_under_a_decimal_comma_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var invariant = Run(HandRosterCsv(), windowStart: 2020).Result!;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var german = Run(HandRosterCsv(), windowStart: 2020).Result!;
            Assert.Equal(invariant.YamlText, german.YamlText);
            Assert.Equal(invariant.LifeTableCsv, german.LifeTableCsv);
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void Life_table_csv_has_the_chart_columns_and_one_row_per_yos()
    {
        string[] lines = Run(HandRosterCsv(), windowStart: 2020).Result!.LifeTableCsv.TrimEnd('\n').Split('\n');
        Assert.Equal(
            "yos,year_of_service,at_risk,exits,censored,hazard,hazard_ci_low,hazard_ci_high,survival,survival_ci_low,survival_ci_high,band,fitted_hazard,expected_exits",
            lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("0,1,7,2,1,0.28571429,0.08221", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,0.28571429,2", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_hard_stop_in_the_data_becomes_mandatory_exit_yos()
    {
        // Ten teachers reach 3 completed years (hired 2017, window 2017-2020) and all leave in 2020.
        var csv = new StringBuilder("teacher_id,hire_year,exit_year\n");
        for (int i = 0; i < 10; i++) csv.Append(CultureInfo.InvariantCulture, $"s{i},2017,2020\n");
        for (int i = 0; i < 40; i++) csv.Append(CultureInfo.InvariantCulture, $"n{i},{2018 + i % 3},\n");

        var result = Run(csv.ToString(), windowStart: 2017).Result!;

        Assert.Equal(3, result.Estimate.MandatoryExitYos);
        Assert.Equal(3, result.Estimate.HazardByYearOfService.Length);
        Assert.Contains("  mandatory_exit_yos: 3   # all 10 teachers at risk with 3 completed years left that year; none was seen beyond", result.YamlText);
        Assert.Contains("3,4,10,10,0,1,", result.LifeTableCsv);
        Assert.Contains(",mandatory,1,10\n", result.LifeTableCsv);
    }

    [Fact]
    public void Modifiers_are_emitted_as_scenario_conditions_with_their_intervals()
    {
        var csv = new StringBuilder("teacher_id,hire_year,exit_year,stage\n");
        for (int i = 0; i < 400; i++)
            csv.Append(CultureInfo.InvariantCulture, $"t{i},{2015 + i % 5},{(i % 7 == 0 ? 2019 : (int?)null)},{(i % 3 == 0 ? "team lead" : "teacher")}\n");

        var yaml = Run(csv.ToString(), new EstimationSettings { By = [GroupingFactor.Stage] }).Result!.YamlText;

        Assert.Contains("  # hazard_by_yos is the hazard of the reference groups: stage teacher", yaml);
        Assert.Contains("  modifiers:\n    # stage teacher: reference (factor 1, the largest group with exits), at risk", yaml);
        Assert.Contains("    - when: { stage: \"team lead\" }\n      factor: ", yaml);
    }

    [Fact]
    public void Bad_rows_come_back_as_diagnostics_and_no_result()
    {
        var run = Run("teacher_id,hire_year,exit_year\na,2019,2017\nb,x,\n");
        Assert.False(run.Success);
        Assert.Null(run.Result);
        Assert.Equal(["data/hand.csv(2,3): error WS5201", "data/hand.csv(3,2): error WS5101"], run.Diagnostics.Select(d => d.ToString()[..32]));
    }

    [Fact]
    public void Bad_options_and_an_empty_window_are_reported_not_thrown()
    {
        var options = Run(HandRosterCsv(), new EstimationSettings { MinAtRisk = 0, ConfidenceLevel = 1.5 });
        Assert.Equal(["WS5206", "WS5206"], options.Diagnostics.Select(d => d.Code));
        Assert.Equal("WS5204", Run(HandRosterCsv(), windowStart: 2030).Diagnostics.Single().Code);
        var missing = CalibrationRunner.Run(new CalibrationOptions { RosterPath = "/nonexistent/roster.csv" });
        Assert.Equal("WS5000", missing.Diagnostics.Single().Code);
    }

    [Fact]
    public void A_panel_roster_of_the_same_teachers_gives_the_same_life_table()
    {
        // Each spell written out year by year inside the window 2020-2023, with yes on the exit year.
        var panel = new StringBuilder("teacher_id;school_year;yos;left\n");
        foreach (var s in LifeTableTests.HandSpells)
            for (int year = Math.Max(s.HireYear, 2020); year <= (s.ExitYear ?? 2023); year++)
                panel.Append(CultureInfo.InvariantCulture, $"{s.TeacherId};{year};{s.PriorYos + year - s.HireYear};{(year == s.ExitYear ? "yes" : "no")}\n");

        var fromPanel = Run(panel.ToString()).Result!;
        var fromSpells = Run(HandRosterCsv(), windowStart: 2020).Result!;

        Assert.Equal(RosterFormat.Panel, fromPanel.Format);
        Assert.Equal(fromSpells.LifeTableCsv, fromPanel.LifeTableCsv);
        Assert.Equal(fromSpells.Estimate.RiskSet.Teachers, fromPanel.Estimate.RiskSet.Teachers);
    }

    [Fact]
    public void Default_window_of_a_spell_roster_starts_at_its_first_exit()
    {
        var result = Run(HandRosterCsv()).Result!;
        Assert.Equal(2019, result.Estimate.RiskSet.WindowStart); // J left in 2019
        Assert.Equal(2023, result.Estimate.RiskSet.RosterYear);
        Assert.Equal(RosterFormat.Spell, result.Format);
    }
}
