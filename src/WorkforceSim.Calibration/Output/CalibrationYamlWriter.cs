using System.Globalization;
using System.Text;
using WorkforceSim.Calibration.Estimation;

namespace WorkforceSim.Calibration.Output;

/// <summary>What the YAML header says about where the numbers came from.</summary>
/// <param name="SourceName">Roster file name.</param>
/// <param name="SourceSha256">Lower-case hex SHA-256 of the roster bytes.</param>
/// <param name="FormatDescription">"spell roster" or "panel roster".</param>
/// <param name="Records">Spells (spell format) or rows (panel format) read.</param>
/// <param name="CommandLine">The command that produced the file, if known.</param>
/// <param name="GeneratedAt">When the file was generated.</param>
public sealed record CalibrationProvenance(string SourceName, string SourceSha256, string FormatDescription, int Records, string? CommandLine, DateTimeOffset GeneratedAt);

/// <summary>
/// Writes a calibrated <c>attrition:</c> block as a partial scenario: a comment header with the provenance, then
/// <c>hazard_by_yos</c>, <c>mandatory_exit_yos</c> (only when the data show a hard stop) and <c>modifiers</c> (only
/// when grouping factors were requested), each value followed by its interval as a comment. Output is
/// deterministic and culture-invariant, with LF line ends.
/// </summary>
public static class CalibrationYamlWriter
{
    /// <summary>The YAML text.</summary>
    public static string Write(AttritionEstimate estimate, CalibrationProvenance provenance)
    {
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append('\n');
        var data = estimate.RiskSet;
        var settings = estimate.Settings;
        string level = Invariant.Percent(settings.ConfidenceLevel);

        Line("# Attrition calibrated from a teacher roster by WorkforceSim (wsim calibrate).");
        Line("# Partial scenario: only an attrition: block; it cannot run on its own. Use it with 'extends: THIS_FILE'");
        Line("# in a scenario, or copy its keys into a scenario's attrition: block; see docs/calibration.md.");
        Line("#");
        Line($"# source:        {Invariant.CommentText(provenance.SourceName)}");
        Line($"# sha256:        {provenance.SourceSha256}");
        Line($"# format:        {provenance.FormatDescription}, {Invariant.Int(provenance.Records)} records");
        Line($"# window:        school years {Invariant.Int(data.WindowStart)}-{Invariant.Int(data.RosterYear)} (teachers employed in {Invariant.Int(data.WindowStart)} enter the risk set at their yos then)");
        Line($"# roster year:   {Invariant.Int(data.RosterYear)} (teachers still employed are censored after it)");
        Line($"# teachers:      {Invariant.Int(data.Teachers)}");
        Line($"# teacher-years: {Invariant.Int(data.TeacherYears)} at risk, {Invariant.Int(data.Exits)} exits, {Invariant.Int(data.Censored)} censored");
        Line($"# method:        discrete-time life table by completed yos; bands of >= {Invariant.Int(settings.MinAtRisk)} teacher-years at risk"
             + (settings.SmoothFromYos is { } s ? $"; non-decreasing from yos {Invariant.Int(s)} = year of service {Invariant.Int(s + 1)} (pool-adjacent-violators)" : ""));
        Line($"# intervals:     {level} {(settings.Interval == HazardInterval.Wilson ? "Wilson" : "Clopper-Pearson")} for hazards"
             + (settings.By.IsEmpty ? "" : $"; {level} Wald for hazard ratios (Poisson regression, log at-risk offset, yos-band fixed effects)"));
        Line($"# command:       {Invariant.CommentText(provenance.CommandLine ?? "(not recorded)")}");
        Line($"# generated:     {provenance.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");

        Line("attrition:");
        if (!settings.By.IsEmpty)
            Line($"  # hazard_by_yos is the hazard of the reference groups: {string.Join(", ", estimate.Modifiers.Where(m => m.Status == HazardRatioStatus.Reference).Select(m => $"{Name(m.Factor)} {m.Level}"))}");
        Line("  hazard_by_yos:");
        foreach (var band in estimate.Bands)
            for (int yos = band.FirstYos; yos <= band.LastYos; yos++)
                Line($"{$"    {Invariant.Int(yos + 1)}: {Invariant.Value(band.Hazard)}",-19}   # {HazardComment(estimate, band, yos, level)}");

        if (estimate.MandatoryExitYos is { } stop)
        {
            var row = estimate.LifeTable.First(r => r.Yos == stop);
            Line($"  mandatory_exit_yos: {Invariant.Int(stop)}   # all {Invariant.Int(row.AtRisk)} teachers at risk with {Invariant.Int(stop)} completed years left that year; none was seen beyond");
        }
        if (!settings.By.IsEmpty) WriteModifiers(estimate, level, Line);
        return yaml.ToString();
    }

    private static string HazardComment(AttritionEstimate estimate, HazardBand band, int yos, string level)
    {
        string ci = $"{level} CI {Invariant.Bound(band.Ci.Low)}-{Invariant.Bound(band.Ci.High)}";
        if (band.FirstYos == band.LastYos)
            return $"{ci}, at risk {Invariant.Int(band.AtRisk)}, exits {Invariant.Int(band.Exits)}";
        var row = estimate.LifeTable[yos];
        string kind = band.Smoothed ? "smoothed band" : "band";
        return $"{ci}; {kind} {band.Label}: at risk {Invariant.Int(band.AtRisk)}, exits {Invariant.Int(band.Exits)}; this year {Invariant.Int(row.AtRisk)}/{Invariant.Int(row.Exits)}";
    }

    private static void WriteModifiers(AttritionEstimate estimate, string level, Action<string> line)
    {
        line(estimate.Modifiers.Any(m => m.Status == HazardRatioStatus.Estimated) ? "  modifiers:" : "  modifiers: []");
        foreach (var m in estimate.Modifiers)
        {
            string counts = $"at risk {Invariant.Int(m.AtRisk)}, exits {Invariant.Int(m.Exits)}";
            switch (m.Status)
            {
                case HazardRatioStatus.Estimated:
                    line($"    - when: {{ {Name(m.Factor)}: {Invariant.YamlScalar(m.Level)} }}");
                    line($"      factor: {Invariant.Value(m.Ratio)}   # {level} CI {Invariant.Bound(m.Ci.Low)}-{Invariant.Bound(m.Ci.High)}, {counts}");
                    break;
                case HazardRatioStatus.Reference:
                    line($"    # {Name(m.Factor)} {Invariant.CommentText(m.Level)}: reference (factor 1, the largest group with exits), {counts}");
                    break;
                case HazardRatioStatus.NoExits:
                    line($"    # {Name(m.Factor)} {Invariant.CommentText(m.Level)}: no exits observed, no modifier emitted, {counts}");
                    break;
                case HazardRatioStatus.NotIdentified:
                    line($"    # {Name(m.Factor)} {Invariant.CommentText(m.Level)}: not separable from the yos bands or other groups, no modifier emitted, {counts}");
                    break;
            }
        }
    }

    private static string Name(GroupingFactor factor) => factor == GroupingFactor.Stage ? "stage" : "segment";
}
