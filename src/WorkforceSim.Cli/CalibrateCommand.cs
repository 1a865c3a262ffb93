using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using WorkforceSim.Calibration;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Output;
using WorkforceSim.Calibration.Roster;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Charts;

namespace WorkforceSim.Cli;

/// <summary>
/// <c>wsim calibrate ROSTER.csv --out attrition.yaml [--report DIR]</c>: estimates exit hazards from an HR roster
/// (docs/calibration.md). Every roster problem is printed at once and nothing is written; otherwise the YAML file
/// and the report folder are each written atomically.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var roster = new Argument<string>("roster") { Description = "Roster CSV: one row per spell or per teacher and year (docs/roster-format.md)." };
        var outFile = new Option<string>("--out", "-o") { Description = "YAML file for the attrition: block (must not exist unless --force).", Required = true };
        var by = new Option<string?>("--by") { Description = "Estimate hazard-ratio modifiers for these groupings: stage, segment or stage,segment." };
        var report = new Option<string?>("--report") { Description = "Folder for life-table.csv, fit-report.md and the charts (must not exist or be empty unless --force)." };
        var minAtRisk = new Option<int>("--min-at-risk") { Description = "Minimum teacher-years at risk per hazard band; sparser years are pooled.", DefaultValueFactory = _ => 30 };
        var smoothFrom = new Option<int?>("--smooth-from") { Description = "Force hazards non-decreasing from this completed yos on (the retirement ramp)." };
        var windowStart = new Option<int?>("--window-start") { Description = "First school year the roster covers (left truncation). For rosters from 'wsim run --emit-roster': the scenario's start year." };
        var rosterYear = new Option<int?>("--roster-year") { Description = "Last school year whose exits are fully recorded (default: the latest year in the file)." };
        var schoolYearStart = new Option<int>("--school-year-start") { Description = "Month a school year starts, for turning dates into school years.", DefaultValueFactory = _ => 8 };
        var confidence = new Option<string>("--confidence") { Description = "Confidence level of every interval, e.g. 0.95.", DefaultValueFactory = _ => "0.95" };
        var interval = new Option<string>("--interval") { Description = "Interval for hazards: wilson or exact (Clopper-Pearson).", DefaultValueFactory = _ => "wilson" };
        var hardStopMin = new Option<int>("--hard-stop-min") { Description = "Teachers needed at the highest yos, all leaving, to declare mandatory_exit_yos.", DefaultValueFactory = _ => 5 };
        var force = new Option<bool>("--force") { Description = "Replace an existing YAML file and a non-empty report folder." };
        var cmd = new Command("calibrate", "Estimate attrition hazards (an attrition: block with confidence intervals) from an HR roster.")
        {
            roster, outFile, by, report, minAtRisk, smoothFrom, windowStart, rosterYear, schoolYearStart, confidence, interval, hardStopMin, force,
        };
        cmd.SetAction(parse =>
        {
            var request = new CalibrateRequest(
                parse.GetValue(roster)!, parse.GetValue(outFile)!, parse.GetValue(report), parse.GetValue(by),
                parse.GetValue(minAtRisk), parse.GetValue(smoothFrom), parse.GetValue(windowStart), parse.GetValue(rosterYear),
                parse.GetValue(schoolYearStart), parse.GetValue(confidence)!, parse.GetValue(interval)!, parse.GetValue(hardStopMin),
                parse.GetValue(force), "wsim " + string.Join(' ', parse.Tokens.Select(t => Quote(t.Value))));
            return Execute(request, stdout, stderr);
        });
        return cmd;
    }

    private sealed record CalibrateRequest(string Roster, string Out, string? Report, string? By, int MinAtRisk, int? SmoothFrom,
        int? WindowStart, int? RosterYear, int SchoolYearStart, string Confidence, string Interval, int HardStopMin, bool Force,
        string CommandLine);

    private static int Execute(CalibrateRequest r, TextWriter stdout, TextWriter stderr)
    {
        int Invalid(string message)
        {
            stderr.WriteLine($"wsim: error: {message}");
            return ExitCodes.InvalidInput;
        }

        if (!TryParseBy(r.By, out var factors, out string? byError)) return Invalid(byError!);
        HazardInterval? method = r.Interval.Trim().ToLowerInvariant() switch
        {
            "wilson" => HazardInterval.Wilson,
            "exact" or "clopper-pearson" or "clopper_pearson" => HazardInterval.ClopperPearson,
            _ => null,
        };
        if (method is null) return Invalid($"--interval must be wilson or exact, but is '{r.Interval}'.");
        if (!double.TryParse(r.Confidence, NumberStyles.Float, CultureInfo.InvariantCulture, out double level))
            return Invalid($"--confidence must be a number such as 0.95 (with a decimal point), but is '{r.Confidence}'.");
        if (Directory.Exists(r.Out)) return Invalid($"the output path '{r.Out}' is a folder — give a file name such as attrition.yaml.");
        if (File.Exists(r.Out) && !r.Force) return Invalid($"the output file '{r.Out}' exists — choose another name or pass --force to replace it.");
        if (r.Report is not null && !OutputFolder.IsUsable(r.Report, r.Force, out string? why)) return Invalid(why!);

        var run = CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = r.Roster,
            WindowStart = r.WindowStart,
            RosterYear = r.RosterYear,
            SchoolYearStartMonth = r.SchoolYearStart,
            CommandLine = r.CommandLine,
            Estimation = new EstimationSettings
            {
                MinAtRisk = r.MinAtRisk,
                SmoothFromYos = r.SmoothFrom,
                By = factors,
                ConfidenceLevel = level,
                Interval = method.Value,
                MinAtRiskForHardStop = r.HardStopMin,
            },
        });
        if (run.Result is not { } result)
        {
            foreach (var d in run.Diagnostics) stderr.WriteLine(d.ToString());
            stderr.WriteLine($"{r.Roster}: {run.Diagnostics.Length} error(s); nothing was written.");
            return ExitCodes.InvalidInput;
        }

        if (r.Report is not null) CalibrationReport.Write(r.Report, result, r.Force);
        AtomicOutput.WriteFile(r.Out, temp => File.WriteAllText(temp, result.YamlText));
        PrintSummary(stdout, result, r.Out, r.Report);
        return ExitCodes.Ok;
    }

    private static bool TryParseBy(string? text, out ImmutableArray<GroupingFactor> factors, out string? error)
    {
        factors = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var list = ImmutableArray.CreateBuilder<GroupingFactor>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "stage": list.Add(GroupingFactor.Stage); break;
                case "segment": list.Add(GroupingFactor.Segment); break;
                default:
                    error = $"--by lists '{part}', which is not a grouping — use stage, segment or stage,segment.";
                    return false;
            }
        }
        factors = list.ToImmutable();
        return true;
    }

    private static void PrintSummary(TextWriter stdout, CalibrationResult result, string outFile, string? reportDir)
    {
        var e = result.Estimate;
        var data = e.RiskSet;
        var inv = CultureInfo.InvariantCulture;
        string level = (e.Settings.ConfidenceLevel * 100).ToString("0.##", inv) + "%";
        stdout.WriteLine(string.Create(inv,
            $"{result.Provenance.SourceName}: {result.Provenance.FormatDescription}, {data.Teachers} teachers, school years {data.WindowStart}-{data.RosterYear}"));
        stdout.WriteLine(string.Create(inv, $"  {data.TeacherYears} teacher-years at risk, {data.Exits} exits, {data.Censored} censored"));
        stdout.WriteLine();
        stdout.WriteLine($"  {"years of service",-16}  {"at risk",8}  {"exits",6}  {"hazard",8}  {level + " CI",-15}");
        foreach (var b in e.Bands)
            stdout.WriteLine(string.Create(inv,
                $"  {b.Label,-16}  {b.AtRisk,8}  {b.Exits,6}  {b.Hazard,8:0.0000}  {b.Ci.Low:0.0000}-{b.Ci.High:0.0000}{(b.Smoothed ? "  smoothed" : "")}"));
        if (e.MandatoryExitYos is { } stop) stdout.WriteLine(string.Create(inv, $"  mandatory_exit_yos: {stop}"));
        foreach (var m in e.Modifiers.Where(m => m.Status == HazardRatioStatus.Estimated))
            stdout.WriteLine(string.Create(inv,
                $"  {m.Factor.ToString().ToLowerInvariant()} {m.Level}: hazard ratio {m.Ratio:0.000} ({level} CI {m.Ci.Low:0.000}-{m.Ci.High:0.000})"));
        stdout.WriteLine();
        stdout.WriteLine($"  attrition: {outFile}");
        if (reportDir is not null) stdout.WriteLine($"  report:    {Path.Combine(reportDir, CalibrationReport.FitReportFile)}");
    }

    private static string Quote(string token) =>
        token.Length > 0 && token.All(c => char.IsLetterOrDigit(c) || "-_./,:=+@".Contains(c)) ? token : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>The <c>--report</c> folder of <c>wsim calibrate</c>: life table, charts and fit report, written as one atomic folder.</summary>
internal static class CalibrationReport
{
    public const string LifeTableFile = "life-table.csv", FitReportFile = "fit-report.md";

    /// <summary>Writes the folder; the charts are built from the life-table.csv written into it.</summary>
    public static void Write(string dir, CalibrationResult result, bool overwrite)
    {
        AtomicOutput.WriteFolder(dir, overwrite, temp =>
        {
            string lifeTable = Path.Combine(temp, LifeTableFile);
            File.WriteAllText(lifeTable, result.LifeTableCsv);
            string level = (result.Estimate.Settings.ConfidenceLevel * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
            var charts = CalibrationCharts.All(CalibrationCharts.ReadLifeTable(lifeTable), level);
            foreach (var chart in charts) ChartRenderer.Save(chart, temp);
            string markdown = FitReportWriter.Write(result, charts.Select(c => (c.Name + ".png", c.Caption)));
            File.WriteAllText(Path.Combine(temp, FitReportFile), markdown);
        });
    }
}

/// <summary><c>wsim run --emit-roster FILE</c>: the spells of one replication as a calibrate spell roster.</summary>
internal static class RosterEmitter
{
    /// <summary>Checks the options before anything is simulated.</summary>
    public static bool IsUsable(string path, int replication, int replications, out string? why)
    {
        why = replication < 0 || replication >= replications
            ? $"--emit-roster-replication must lie in 0..{replications - 1} (the run has {replications} replications), but is {replication}."
            : Directory.Exists(path) ? $"--emit-roster '{path}' is a folder — give a file name such as roster.csv." : null;
        return why is null;
    }

    /// <summary>Writes the roster of replication <paramref name="replication"/> atomically; returns the number of spells written.</summary>
    public static int Write(string path, RunResult result, int replication)
    {
        var spec = result.Spec;
        var spells = result.Replications[replication].Spells
            ?? throw new InvalidOperationException($"Spells of replication {replication} were not recorded.");
        string csv = SpellRosterWriter.Write(spells, StageIds(spec), [.. spec.Segments.Select(s => s.Id)], spec.LastYear);
        AtomicOutput.WriteFile(path, temp => File.WriteAllText(temp, csv));
        return spells.Count(s => s.FirstYear <= spec.LastYear);
    }

    private static string[] StageIds(ScenarioSpec spec) => [.. spec.Periods[0].Parameters.Stages.Select(s => s.Id)];
}
