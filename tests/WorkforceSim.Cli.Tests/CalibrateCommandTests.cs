using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using WorkforceSim.Calibration.Output;
using WorkforceSim.Core.Engine;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli.Tests;

public class CalibrateCommandTests
{
    /// <summary>A roster emitted by the engine from the known-hazard scenario (two segments when asked).</summary>
    private static (string Dir, string Roster, string Scenario) EngineRoster(string scenarioYaml)
    {
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "scenario.yaml"), roster = Path.Combine(tmp, "roster.csv");
        File.WriteAllText(scenario, scenarioYaml);
        var run = CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "run"), "--no-report", "--emit-roster", roster);
        Assert.True(run.Code == 0, run.Err);
        return (tmp, roster, scenario);
    }

    [Fact]
    public void Bad_rows_are_all_reported_with_line_numbers_exit_2_and_nothing_is_written()
    {
        string tmp = CliHarness.TempDir();
        string roster = Path.Combine(tmp, "bad.csv");
        File.WriteAllText(roster, string.Join('\n',
            "teacher_id,hire_year,prior_yos,exit_year",
            "A,2018,0,2020",
            "B,20x9,0,",          // line 3: not a year
            "C,2019,0,2016",      // line 4: exit before hire
            "D,2019,-2,",         // line 5: negative service
            "A,2017,0,2021",      // line 6: duplicate id
            "E,2016,0,2019") + "\n");
        string yaml = Path.Combine(tmp, "attrition.yaml"), report = Path.Combine(tmp, "report");

        var (code, stdout, stderr) = CliHarness.Run("calibrate", roster, "--out", yaml, "--report", report);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Matches(@"bad\.csv\(3,2\): error WS5101: ", stderr);
        Assert.Matches(@"bad\.csv\(4,4\): error WS5201: ", stderr);
        Assert.Matches(@"bad\.csv\(5,3\): error WS5104: ", stderr);
        Assert.Matches(@"bad\.csv\(6,1\): error WS5202: ", stderr);
        Assert.Contains("4 error(s); nothing was written", stderr);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(yaml));
        Assert.False(Directory.Exists(report));
        Assert.Equal(["bad.csv"], Directory.GetFileSystemEntries(tmp).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--by", "school", "--by lists 'school'")]
    [InlineData("--interval", "bayes", "--interval must be wilson or exact")]
    [InlineData("--confidence", "0,95", "--confidence must be a number")]
    [InlineData("--min-at-risk", "0", "error WS5206: option --min-at-risk must be at least 1")]
    [InlineData("--confidence", "1.5", "error WS5206: option --confidence must lie strictly between 0 and 1")]
    public void Bad_options_exit_2_naming_the_option_and_write_nothing(string option, string value, string message)
    {
        var (dir, roster, _) = EngineRoster(EngineRosterRoundTripTests.KnownHazardScenario(positions: 100, years: 3));
        string yaml = Path.Combine(dir, "attrition.yaml");
        var (code, _, stderr) = CliHarness.Run("calibrate", roster, "--out", yaml, option, value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(yaml));
    }

    [Fact]
    public void An_existing_yaml_file_is_kept_unless_force_is_given()
    {
        var (dir, roster, _) = EngineRoster(EngineRosterRoundTripTests.KnownHazardScenario(positions: 100, years: 3));
        string yaml = Path.Combine(dir, "attrition.yaml");
        File.WriteAllText(yaml, "keep me\n");
        var refused = CliHarness.Run("calibrate", roster, "--out", yaml);
        Assert.Equal(ExitCodes.InvalidInput, refused.Code);
        Assert.Contains("--force", refused.Err);
        Assert.Equal("keep me\n", File.ReadAllText(yaml));
        var forced = CliHarness.Run("calibrate", roster, "--out", yaml, "--force");
        Assert.True(forced.Code == 0, forced.Err);
        Assert.StartsWith("# Attrition calibrated", File.ReadAllText(yaml));
        Assert.DoesNotContain(Directory.GetFiles(dir), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void The_attrition_block_pasted_into_the_scenario_validates_and_runs_and_recovers_the_segment_ratio()
    {
        // Two segments, segment "b" with a 0.7 modifier; the segment is fixed for a spell, so the spell roster
        // identifies it. The 99.9% interval of the estimated ratio must contain 0.7.
        string scenarioYaml = EngineRosterRoundTripTests.KnownHazardScenario(positions: 3000, years: 8)
            .Replace("  positions: {count: 3000 }", "  positions: {count: 3000 }\n  segments:\n    - {id: a, share: 0.6}\n    - {id: b, share: 0.4}", StringComparison.Ordinal)
            .Replace("hiring:", "  modifiers:\n    - {when: {segment: b}, factor: 0.7}\nhiring:", StringComparison.Ordinal);
        var (dir, roster, scenario) = EngineRoster(scenarioYaml);
        Assert.True(ScenarioLoader.Load(scenario).Success);
        string yaml = Path.Combine(dir, "attrition.yaml");

        var (code, stdout, stderr) = CliHarness.Run("calibrate", roster, "--out", yaml, "--window-start", "2026", "--by", "segment",
            "--smooth-from", "20", "--confidence", "0.999");

        Assert.True(code == 0, stderr);
        Assert.Contains("attrition: " + yaml, stdout);
        string text = File.ReadAllText(yaml);
        Assert.Contains("# command:       wsim calibrate ", text);
        var factor = Regex.Match(text, @"- when: \{ segment: b \}\n\s+factor: ([0-9.]+)\s+# 99\.9% CI ([0-9.]+)-([0-9.]+)");
        Assert.True(factor.Success, text);
        double low = double.Parse(factor.Groups[2].Value, CultureInfo.InvariantCulture), high = double.Parse(factor.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.True(low <= 0.7 && 0.7 <= high, $"segment b ratio interval [{low}, {high}] misses 0.7");

        // Paste: replace the scenario's attrition block with the calibrated one.
        string block = text[text.IndexOf("\nattrition:", StringComparison.Ordinal)..].TrimStart('\n');
        var lines = File.ReadAllLines(scenario).ToList();
        int start = lines.IndexOf("attrition:"), end = lines.IndexOf("hiring:");
        lines.RemoveRange(start, end - start);
        lines.Insert(start, block);
        string pasted = Path.Combine(dir, "calibrated.yaml");
        File.WriteAllText(pasted, string.Join('\n', lines) + "\n");

        var loaded = ScenarioLoader.Load(pasted);
        Assert.True(loaded.Success, string.Join("\n", loaded.Diagnostics));
        var spec = loaded.Spec!;
        Assert.True(spec.Periods[0].Parameters.Attrition.HazardByYearOfService.Length >= 30);
        Assert.Single(spec.Periods[0].Parameters.Attrition.Modifiers);
        var run = CliHarness.Run("run", pasted, "--out", Path.Combine(dir, "calibrated-run"), "-r", "2", "--no-report");
        Assert.True(run.Code == 0, run.Err);
        Assert.True(Simulator.RunReplication(spec, 0).Values.Length > 0);
    }

    [Fact]
    public void Report_writes_the_life_table_the_fit_report_and_png_and_svg_charts()
    {
        var (dir, roster, _) = EngineRoster(EngineRosterRoundTripTests.KnownHazardScenario(positions: 400, years: 6));
        string report = Path.Combine(dir, "report");
        var (code, stdout, stderr) = CliHarness.Run("calibrate", roster, "--out", Path.Combine(dir, "a.yaml"), "--report", report,
            "--window-start", "2026", "--min-at-risk", "50");
        Assert.True(code == 0, stderr);
        Assert.Contains(Path.Combine(report, "fit-report.md"), stdout);

        string[] expected =
        [
            "calibration-fit.png", "calibration-fit.svg", "calibration-hazard.png", "calibration-hazard.svg",
            "calibration-survival.png", "calibration-survival.svg", "fit-report.md", "life-table.csv",
        ];
        Assert.Equal(expected, Directory.GetFiles(report).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Directory.GetDirectories(dir), d => Path.GetFileName(d).StartsWith('.'));

        string lifeTable = File.ReadAllText(Path.Combine(report, "life-table.csv"));
        Assert.StartsWith(LifeTableCsvWriter.Header + "\n", lifeTable);
        Assert.Equal(LifeTableCsvWriter.Header, CalibrationCharts.LifeTableHeader);

        foreach (var name in new[] { "calibration-hazard", "calibration-survival", "calibration-fit" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(report, name + ".png"));
            Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), $"{name}.png signature");
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal((ChartStyle.WidthPx, ChartStyle.HeightPx),
                ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20))));
            Assert.True(png.Length > 10_000, $"{name}.png is only {png.Length} bytes");
            string svg = File.ReadAllText(Path.Combine(report, name + ".svg"));
            Assert.Contains("<text", svg);
            new System.Xml.XmlDocument().LoadXml(svg);
        }
        Assert.Contains("Estimated exit hazard by year of service", File.ReadAllText(Path.Combine(report, "calibration-hazard.svg")));

        string md = File.ReadAllText(Path.Combine(report, "fit-report.md"));
        Assert.Contains("# Attrition calibration: fit report", md);
        Assert.Contains("![", md);
        Assert.Contains("(calibration-hazard.png)", md);
        Assert.Contains("| yos | year of service | at risk | exits | censored |", md);
        // One table row per life-table row, and observed = expected in total (exits are matched within each band).
        int lifeRows = lifeTable.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(lifeRows, md.Split('\n').Count(l => Regex.IsMatch(l, @"^\| \d+ \| \d+ \| \d+ \| \d+ \| \d+ \|")));
        var total = Regex.Match(md, @"Total: (\d+) exits observed, ([0-9.]+) expected");
        Assert.True(total.Success, md);
        Assert.Equal(double.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture), 0.051);
    }

    [Fact]
    public void Help_lists_every_calibrate_option_and_run_lists_emit_roster()
    {
        var (code, stdout, _) = CliHarness.Run("calibrate", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--out", "--by", "--report", "--min-at-risk", "--smooth-from", "--window-start", "--roster-year",
                     "--school-year-start", "--confidence", "--interval", "--hard-stop-min", "--force" })
            Assert.Contains(option, stdout);
        var run = CliHarness.Run("run", "--help");
        Assert.Contains("--emit-roster", run.Out);
        Assert.Contains("--emit-roster-replication", run.Out);
    }

    [Fact]
    public void The_shipped_synthetic_roster_is_what_its_README_command_generates_and_it_calibrates()
    {
        // scenarios/data/README.md: run baseline.yaml with --replications 1 --emit-roster. If the engine's draws
        // change, this fails until the file (and the README's counts and hash) are regenerated with that command.
        string tmp = CliHarness.TempDir();
        string shipped = Path.Combine(CliHarness.RepoRoot, "scenarios", "data", "baseline-roster.csv"), fresh = Path.Combine(tmp, "roster.csv");
        var run = CliHarness.Run("run", CliHarness.Scenario("baseline.yaml"), "--out", Path.Combine(tmp, "run"), "--replications", "1",
            "--no-report", "--emit-roster", fresh);
        Assert.True(run.Code == 0, run.Err);
        Assert.True(File.ReadAllText(shipped) == File.ReadAllText(fresh),
            "scenarios/data/baseline-roster.csv differs from what the engine now writes; regenerate it with the command in scenarios/data/README.md");
        Assert.True(new FileInfo(shipped).Length < 2_000_000);

        var (code, stdout, stderr) = CliHarness.Run("calibrate", shipped, "--out", Path.Combine(tmp, "attrition.yaml"), "--window-start", "2026",
            "--smooth-from", "20");
        Assert.True(code == 0, stderr);
        Assert.Contains("spell roster, 10295 teachers, school years 2026-2040", stdout);
        Assert.Contains("mandatory_exit_yos: 39", stdout);
    }

    [Fact]
    public void A_scenario_can_extend_the_calibrated_file_and_runs_with_its_hazards()
    {
        string tmp = CliHarness.TempDir();
        string shipped = Path.Combine(CliHarness.RepoRoot, "scenarios", "data", "baseline-roster.csv");
        var cal = CliHarness.Run("calibrate", shipped, "--out", Path.Combine(tmp, "attrition.yaml"), "--window-start", "2026");
        Assert.True(cal.Code == 0, cal.Err);
        // The baseline without its own hazard table, extending the calibrated file instead.
        string baseline = File.ReadAllText(CliHarness.Scenario("baseline.yaml"));
        var lines = baseline.Split('\n').ToList();
        int start = lines.FindIndex(l => l.StartsWith("  hazard_by_yos:", StringComparison.Ordinal));
        Assert.True(start > 0, "baseline.yaml has no hazard_by_yos block to remove");
        int end = lines.FindIndex(start + 1, l => l.TrimEnd() == "  }"); // the flow map's closing brace
        Assert.True(end > start, "the hazard table's closing brace was not found");
        lines.RemoveRange(start, end - start + 1);
        lines.RemoveAll(l => l.StartsWith("  mandatory_exit_yos:", StringComparison.Ordinal));
        string mine = "extends: attrition.yaml\n" + string.Join('\n', lines).Replace("scenario: baseline", "scenario: calibrated", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(tmp, "mine.yaml"), mine);
        var load = WorkforceSim.Scenarios.ScenarioLoader.Load(Path.Combine(tmp, "mine.yaml"));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var a = load.Spec!.Periods[0].Parameters.Attrition;
        Assert.Equal(39, a.MandatoryExitYos);                       // from the calibrated file
        Assert.InRange(a.HazardByYearOfService[0], 0.09, 0.13);      // the roster's first-year rate (about 0.11)
        Assert.Equal(0.8, a.EndOfYearShare);                         // the scenario's own attrition keys still apply
    }

    [Fact]
    public void Emit_roster_to_a_folder_is_refused_before_simulating()
    {
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "s.yaml");
        File.WriteAllText(scenario, EngineRosterRoundTripTests.KnownHazardScenario(positions: 50, years: 2));
        var (code, _, stderr) = CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "out"), "--emit-roster", tmp);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is a folder", stderr);
        Assert.False(Directory.Exists(Path.Combine(tmp, "out")));
    }

    [Fact]
    public void Emit_roster_refuses_a_replication_the_run_does_not_have()
    {
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "s.yaml"), roster = Path.Combine(tmp, "roster.csv");
        File.WriteAllText(scenario, EngineRosterRoundTripTests.KnownHazardScenario(positions: 50, years: 2));
        var (code, _, stderr) = CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "out"), "-r", "2",
            "--emit-roster", roster, "--emit-roster-replication", "2");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--emit-roster-replication must lie in 0..1", stderr);
        Assert.False(File.Exists(roster));
        Assert.False(Directory.Exists(Path.Combine(tmp, "out")));
    }

    [Fact]
    public void Emit_roster_of_another_replication_writes_that_replications_spells()
    {
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "s.yaml");
        File.WriteAllText(scenario, EngineRosterRoundTripTests.KnownHazardScenario(positions: 100, years: 4));
        string r0 = Path.Combine(tmp, "r0.csv"), r1 = Path.Combine(tmp, "r1.csv");
        Assert.Equal(0, CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "a"), "-r", "3", "--no-report", "--emit-roster", r0).Code);
        Assert.Equal(0, CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "b"), "-r", "3", "--no-report", "--emit-roster", r1,
            "--emit-roster-replication", "1").Code);
        Assert.NotEqual(File.ReadAllText(r0), File.ReadAllText(r1));
        var spec = EngineRosterRoundTripTests.LoadSpec(File.ReadAllText(scenario));
        string expected = Calibration.Roster.SpellRosterWriter.Write(Simulator.RunReplication(spec, 1, recordSpells: true).Spells!,
            ["teacher"], ["all"], spec.LastYear);
        Assert.Equal(expected, File.ReadAllText(r1));
    }
}

public class CalibrateCultureTests
{
    [Fact]
    public void Outputs_are_identical_under_a_decimal_comma_culture()
    {
        string tmp = CliHarness.TempDir();
        string scenario = Path.Combine(tmp, "s.yaml"), roster = Path.Combine(tmp, "roster.csv");
        File.WriteAllText(scenario, EngineRosterRoundTripTests.KnownHazardScenario(positions: 300, years: 5));
        Assert.Equal(0, CliHarness.Run("run", scenario, "--out", Path.Combine(tmp, "run"), "--no-report", "--emit-roster", roster).Code);

        (string Out, string Yaml, string Md, string Csv) Calibrate(string name)
        {
            string dir = Path.Combine(tmp, name);
            var r = CliHarness.Run("calibrate", roster, "--out", dir + ".yaml", "--report", dir, "--confidence", "0.9", "--smooth-from", "20");
            Assert.True(r.Code == 0, r.Err);
            static string NoTime(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME");
            return (NoTime(r.Out.Replace(name, "X", StringComparison.Ordinal)), NoTime(File.ReadAllText(dir + ".yaml").Replace(name, "X", StringComparison.Ordinal)),
                NoTime(File.ReadAllText(Path.Combine(dir, "fit-report.md")).Replace(name, "X", StringComparison.Ordinal)), File.ReadAllText(Path.Combine(dir, "life-table.csv")));
        }

        var invariant = Calibrate("out-invariant");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var german = Calibrate("out-german");
            Assert.Equal(invariant, german);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Contains("0.", invariant.Md);
        Assert.Contains("90% CI", invariant.Yaml);
    }
}
