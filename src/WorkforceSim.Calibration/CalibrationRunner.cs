using System.Collections.Immutable;
using System.Security.Cryptography;
using WorkforceSim.Calibration.Diagnostics;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Output;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration;

/// <summary>
/// The calibration pipeline behind <c>wsim calibrate</c>: read the roster, build the risk set, estimate, render.
/// It reads the roster but writes nothing; the CLI writes the texts atomically.
/// </summary>
public static class CalibrationRunner
{
    /// <summary>Largest roster read (512 MiB: a panel roster of 100,000 teachers over 30 years is about 150 MB).</summary>
    public const long MaxRosterBytes = 512L << 20;

    /// <summary>Runs a calibration. Every input problem comes back as a located diagnostic, never as an exception.</summary>
    public static CalibrationRunResult Run(CalibrationOptions options)
    {
        string file = options.RosterPath;
        var optionErrors = CheckOptions(options);
        if (!optionErrors.IsEmpty) return Fail(optionErrors);

        byte[] bytes;
        try
        {
            // The size is checked before reading, so a wrong path (a disk image, a log) cannot exhaust memory.
            long size = options.RosterContent?.Length ?? (Directory.Exists(file) ? throw new IOException("it is a directory") : new FileInfo(file).Length);
            if (size > MaxRosterBytes) return Fail([RosterErrors.TooLarge(file, size, MaxRosterBytes)]);
            bytes = options.RosterContent?.ToArray() ?? File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail([RosterErrors.Unreadable(file, e.Message)]);
        }

        var read = RosterReader.Read(file, bytes, options.SchoolYearStartMonth, options.Estimation.By);
        if (read.Roster is not { } roster) return Fail(read.Diagnostics);

        int windowStart = options.WindowStart ?? roster.DefaultWindowStart;
        int rosterYear = options.RosterYear ?? roster.LatestYear;
        if (windowStart > rosterYear) return Fail([RosterErrors.BadWindow(file, windowStart, rosterYear)]);
        var riskSet = RiskSet.FromRoster(roster, windowStart, rosterYear);
        if (riskSet.TeacherYears == 0) return Fail([RosterErrors.NoTeacherYears(file, windowStart, rosterYear)]);

        var estimate = AttritionCalibrator.Calibrate(riskSet, options.Estimation);
        var provenance = new CalibrationProvenance(
            Path.GetFileName(file),
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            roster.Format == RosterFormat.Spell ? "spell roster" : "panel roster",
            roster.Format == RosterFormat.Spell ? roster.Spells.Length : roster.Rows.Length,
            options.CommandLine,
            options.GeneratedAt ?? DateTimeOffset.UtcNow);
        var result = new CalibrationResult(estimate, roster.Format, provenance,
            CalibrationYamlWriter.Write(estimate, provenance), LifeTableCsvWriter.Write(estimate));
        return new CalibrationRunResult(result, []);
    }

    private static CalibrationRunResult Fail(ImmutableArray<CalibrationDiagnostic> diagnostics) => new(null, diagnostics);

    private static ImmutableArray<CalibrationDiagnostic> CheckOptions(CalibrationOptions options)
    {
        var errors = ImmutableArray.CreateBuilder<CalibrationDiagnostic>();
        var s = options.Estimation;
        void Check(bool ok, string option, FormattableString problem, string fix)
        {
            if (!ok) errors.Add(RosterErrors.BadOption(options.RosterPath, option, FormattableString.Invariant(problem), fix));
        }
        Check(s.MinAtRisk >= 1, "--min-at-risk", $"must be at least 1, but is {s.MinAtRisk}", "pass a count of teacher-years such as 30");
        Check(s.ConfidenceLevel is > 0 and < 1, "--confidence", $"must lie strictly between 0 and 1, but is {s.ConfidenceLevel}", "pass a level such as 0.95");
        Check(s.SmoothFromYos is null or >= 0, "--smooth-from", $"must be a completed yos of at least 0, but is {s.SmoothFromYos}", "pass the yos where the retirement ramp starts, e.g. 20");
        Check(s.MinAtRiskForHardStop >= 1, "--hard-stop-min", $"must be at least 1, but is {s.MinAtRiskForHardStop}", "pass a count such as 5");
        Check(s.By.Distinct().Count() == s.By.Length, "--by", $"names a factor twice", "list each of stage, segment at most once");
        Check(options.SchoolYearStartMonth is >= 1 and <= 12, "--school-year-start", $"must be a month 1-12, but is {options.SchoolYearStartMonth}", "pass 8 for a school year starting in August");
        return errors.ToImmutable();
    }
}
