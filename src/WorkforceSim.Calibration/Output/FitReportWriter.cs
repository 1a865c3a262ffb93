using System.Globalization;
using System.Text;
using WorkforceSim.Calibration.Estimation;

namespace WorkforceSim.Calibration.Output;

/// <summary>
/// Writes the fit report of a calibration as Markdown (<c>fit-report.md</c> of <c>wsim calibrate --report</c>): the
/// data summary, the bands with their intervals, the modifiers, and per year of service the at-risk, exit and
/// censored counts with the raw hazard beside the fitted one and the exits observed beside those expected under the
/// fitted model. Culture-invariant, LF line ends, deterministic for the same result.
/// </summary>
public static class FitReportWriter
{
    /// <summary>
    /// The Markdown text. <paramref name="charts"/> are (file, caption) pairs of images in the same folder, linked
    /// under "Charts" in the order given.
    /// </summary>
    public static string Write(CalibrationResult result, IEnumerable<(string File, string Caption)> charts)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        var estimate = result.Estimate;
        var data = estimate.RiskSet;
        var settings = estimate.Settings;
        var p = result.Provenance;
        string level = Invariant.Percent(settings.ConfidenceLevel);

        Line("# Attrition calibration: fit report");
        Line();
        Line($"Roster `{p.SourceName}` ({p.FormatDescription}, {Invariant.Int(p.Records)} records, sha256 `{p.SourceSha256}`).");
        Line($"Generated {p.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
             + (p.CommandLine is null ? "." : $" by `{p.CommandLine}`."));
        Line();
        Line("| | |");
        Line("|---|---|");
        Line($"| window | school years {Invariant.Int(data.WindowStart)}-{Invariant.Int(data.RosterYear)} (teachers employed in {Invariant.Int(data.WindowStart)} enter at their yos then) |");
        Line($"| roster year | {Invariant.Int(data.RosterYear)} (teachers still employed are censored after it) |");
        Line($"| teachers | {Invariant.Int(data.Teachers)} |");
        Line($"| teacher-years at risk | {Invariant.Int(data.TeacherYears)} |");
        Line($"| exits | {Invariant.Int(data.Exits)} |");
        Line($"| censored | {Invariant.Int(data.Censored)} |");
        Line($"| bands | at least {Invariant.Int(settings.MinAtRisk)} teacher-years at risk each"
             + (settings.SmoothFromYos is { } s ? $"; non-decreasing from yos {Invariant.Int(s)} (year of service {Invariant.Int(s + 1)})" : "") + " |");
        Line($"| intervals | {level} {(settings.Interval == HazardInterval.Wilson ? "Wilson" : "Clopper-Pearson")} for hazards, {level} Greenwood log(-log) for survival"
             + (settings.By.IsEmpty ? "" : $", {level} Wald for hazard ratios") + " |");
        if (estimate.MandatoryExitYos is { } stop)
            Line($"| hard stop | `mandatory_exit_yos: {Invariant.Int(stop)}` (everyone at risk with {Invariant.Int(stop)} completed years left) |");
        Line();

        var chartList = charts.ToList();
        if (chartList.Count > 0)
        {
            Line("## Charts");
            Line();
            foreach (var (file, caption) in chartList)
            {
                Line($"![{caption}]({file})");
                Line();
                Line($"*{caption}*");
                Line();
            }
        }

        Line("## Fitted hazard bands");
        Line();
        Line("Years of service are the `hazard_by_yos` keys (1 = first year = 0 completed years). Within a band, observed and expected exits agree in total.");
        Line();
        Line($"| years of service | at risk | exits | fitted hazard | {level} CI | smoothed |");
        Line("|---|---:|---:|---:|---|---|");
        foreach (var b in estimate.Bands)
            Line($"| {b.Label} | {Invariant.Int(b.AtRisk)} | {Invariant.Int(b.Exits)} | {Invariant.Value(b.Hazard)} | {Invariant.Bound(b.Ci.Low)}-{Invariant.Bound(b.Ci.High)} | {(b.Smoothed ? "yes" : "")} |");
        Line();

        if (!estimate.Modifiers.IsEmpty)
        {
            Line("## Modifiers (hazard ratios)");
            Line();
            Line($"| factor | level | status | ratio | {level} CI | at risk | exits |");
            Line("|---|---|---|---:|---|---:|---:|");
            foreach (var m in estimate.Modifiers)
            {
                bool estimated = m.Status == HazardRatioStatus.Estimated;
                string ratio = m.Status switch
                {
                    HazardRatioStatus.Estimated => Invariant.Value(m.Ratio),
                    HazardRatioStatus.Reference => "1 (reference)",
                    _ => "",
                };
                Line($"| {m.Factor.ToString().ToLowerInvariant()} | {m.Level} | {Status(m.Status)} | {ratio} | {(estimated ? $"{Invariant.Bound(m.Ci.Low)}-{Invariant.Bound(m.Ci.High)}" : "")} | {Invariant.Int(m.AtRisk)} | {Invariant.Int(m.Exits)} |");
            }
            Line();
        }

        Line("## Life table and observed vs expected exits");
        Line();
        Line("Per completed yos: teacher-years at risk, exits and censored teachers; the raw hazard exits/at risk with its interval; "
             + "product-limit survival (probability of completing the year) with its interval; the fitted hazard (the emitted `hazard_by_yos` value) "
             + "and the exits expected under the fitted model. A standardized residual (O - E)/sqrt(E) beyond about ±2 marks a year the bands fit poorly.");
        Line();
        Line($"| yos | year of service | at risk | exits | censored | hazard | {level} CI | survival | {level} CI | band | fitted hazard | expected exits | (O-E)/sqrt(E) |");
        Line("|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|---:|---:|");
        double observed = 0, expected = 0, chiSquare = 0;
        int chiYears = 0;
        foreach (var r in estimate.LifeTable)
        {
            bool hasExpected = double.IsFinite(r.ExpectedExits);
            string residual = "";
            if (hasExpected && r.ExpectedExits > 0)
            {
                double z = (r.Exits - r.ExpectedExits) / Math.Sqrt(r.ExpectedExits);
                residual = z.ToString("0.00", CultureInfo.InvariantCulture);
                if (r.Band != "mandatory") { chiSquare += z * z; chiYears++; }
            }
            if (hasExpected) { observed += r.Exits; expected += r.ExpectedExits; }
            Line($"| {Invariant.Int(r.Yos)} | {Invariant.Int(r.YearOfService)} | {Invariant.Int(r.AtRisk)} | {Invariant.Int(r.Exits)} | {Invariant.Int(r.Censored)} "
                 + $"| {Number(r.Hazard)} | {(r.AtRisk > 0 ? $"{Invariant.Bound(r.HazardCi.Low)}-{Invariant.Bound(r.HazardCi.High)}" : "")} "
                 + $"| {Number(r.Survival)} | {Invariant.Bound(r.SurvivalCi.Low)}-{Invariant.Bound(r.SurvivalCi.High)} "
                 + $"| {r.Band} | {Number(r.FittedHazard)} | {(hasExpected ? r.ExpectedExits.ToString("0.0", CultureInfo.InvariantCulture) : "")} | {residual} |");
        }
        Line();
        Line($"Total: {observed.ToString("0", CultureInfo.InvariantCulture)} exits observed, {expected.ToString("0.0", CultureInfo.InvariantCulture)} expected; "
             + $"sum of squared residuals {chiSquare.ToString("0.0", CultureInfo.InvariantCulture)} over {Invariant.Int(chiYears)} years in {Invariant.Int(estimate.Bands.Length)} bands "
             + $"(when the bands fit, roughly chi-square with {Invariant.Int(Math.Max(0, chiYears - estimate.Bands.Length))} degrees of freedom, i.e. about that large; "
             + "single-year bands fit exactly, and smoothing or modifiers change the count).");
        return md.ToString();
    }

    private static string Number(double x) => double.IsFinite(x) ? Invariant.Value(x) : "";

    private static string Status(HazardRatioStatus status) => status switch
    {
        HazardRatioStatus.Reference => "reference",
        HazardRatioStatus.Estimated => "estimated",
        HazardRatioStatus.NoExits => "no exits: no modifier",
        _ => "not identified",
    };
}
