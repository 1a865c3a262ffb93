using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>One row of the <c>life-table.csv</c> that <c>wsim calibrate</c> writes (docs/calibration.md); NaN for empty fields.</summary>
/// <param name="Yos">Completed years of service.</param>
/// <param name="YearOfService">Year being worked (yos + 1).</param>
/// <param name="AtRisk">Teacher-years at risk.</param>
/// <param name="Exits">Exits.</param>
/// <param name="Censored">Censored teachers.</param>
/// <param name="Hazard">Raw hazard exits / at risk.</param>
/// <param name="HazardLow">Lower bound of the hazard interval.</param>
/// <param name="HazardHigh">Upper bound of the hazard interval.</param>
/// <param name="Survival">Product-limit probability of completing year of service yos + 1.</param>
/// <param name="SurvivalLow">Lower bound of the survival interval.</param>
/// <param name="SurvivalHigh">Upper bound of the survival interval.</param>
/// <param name="Band">Band label ("3-5") or "mandatory".</param>
/// <param name="FittedHazard">The emitted hazard.</param>
/// <param name="ExpectedExits">Exits expected under the fitted model.</param>
public sealed record LifeTableChartRow(int Yos, int YearOfService, int AtRisk, int Exits, int Censored,
    double Hazard, double HazardLow, double HazardHigh, double Survival, double SurvivalLow, double SurvivalHigh,
    string Band, double FittedHazard, double ExpectedExits);

/// <summary>
/// Charts of a calibration, built from its <c>life-table.csv</c> (the file is the contract, so Reporting does not
/// depend on the calibration library): estimated hazards with their interval band and the fitted hazard; survival
/// with its Greenwood band; exits observed against those expected under the fitted model. Rendered by
/// <see cref="ChartRenderer"/> like every other chart.
/// </summary>
public static class CalibrationCharts
{
    /// <summary>The <c>band</c> value of the hard-stop year.</summary>
    public const string MandatoryBand = "mandatory";

    /// <summary>The header <c>wsim calibrate</c> writes (equal to the calibration library's LifeTableCsvWriter.Header).</summary>
    public const string LifeTableHeader =
        "yos,year_of_service,at_risk,exits,censored,hazard,hazard_ci_low,hazard_ci_high,survival,survival_ci_low,survival_ci_high,band,fitted_hazard,expected_exits";

    /// <summary>Reads a <c>life-table.csv</c>; errors name the file, line and column.</summary>
    public static ImmutableArray<LifeTableChartRow> ReadLifeTable(string path)
    {
        var t = CsvTable.Read(path, LifeTableHeader);
        double D(int row, int col) => t.Rows[row][col].Length == 0 ? double.NaN : t.Double(row, col);
        int I(int row, int col) => checked((int)t.Long(row, col));
        return [.. Enumerable.Range(0, t.Rows.Count).Select(r => new LifeTableChartRow(
            I(r, 0), I(r, 1), I(r, 2), I(r, 3), I(r, 4), D(r, 5), D(r, 6), D(r, 7), D(r, 8), D(r, 9), D(r, 10),
            t.Rows[r][11], D(r, 12), D(r, 13)))];
    }

    /// <summary>The three charts in report order: hazard, survival, observed vs expected exits.</summary>
    public static ImmutableArray<ChartDefinition> All(IReadOnlyList<LifeTableChartRow> rows, string confidenceLabel = "95%") =>
        [Hazard(rows, confidenceLabel), Survival(rows, confidenceLabel), ObservedExpected(rows)];

    /// <summary>
    /// Raw hazard by year of service (markers) with its interval band, and the fitted hazard (the emitted
    /// <c>hazard_by_yos</c>) as a step line centred on each year (from year − ½ to year + ½). Years nobody was at
    /// risk in are left out of the band and markers, and so is the hard-stop year (hazard 1, which would flatten
    /// the rest). The value axis stops a little above the largest hazard drawn, so the bands of very sparse years
    /// may run off the top.
    /// </summary>
    public static ChartDefinition Hazard(IReadOnlyList<LifeTableChartRow> rows, string confidenceLabel = "95%")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hardStop = rows.FirstOrDefault(r => r.Band == MandatoryBand);
        rows = [.. rows.Where(r => r.Band != MandatoryBand)];
        var x = rows.Select(r => (double)r.YearOfService).ToArray();
        double top = rows.SelectMany(r => new[] { r.Hazard, r.FittedHazard }).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return new ChartDefinition("calibration-hazard", "Estimated exit hazard by year of service",
            "Year of service (1 = first year)", "Annual exit probability (share/year)",
            [
                ChartSeries.Range($"Estimate, {confidenceLabel} interval", SeriesKind.Band, ChartStyle.SkyBlue, x,
                    rows.Select(r => r.AtRisk > 0 ? r.HazardLow : double.NaN), rows.Select(r => r.AtRisk > 0 ? r.HazardHigh : double.NaN)),
                ChartSeries.Points("Estimate (exits / at risk)", SeriesKind.Markers, ChartStyle.Blue, x, rows.Select(r => r.Hazard)),
                ChartSeries.Points("Fitted hazard (hazard_by_yos)", SeriesKind.StepLine, ChartStyle.Vermillion,
                    [.. x.Select(v => v - 0.5), .. x.Length > 0 ? [x[^1] + 0.5] : Array.Empty<double>()],
                    [.. rows.Select(r => r.FittedHazard), .. rows.Count > 0 ? [rows[^1].FittedHazard] : Array.Empty<double>()]),
            ],
            ValueFormat.Percent, XIsYear: false,
            $"Annual exit probability by year of service estimated from the roster, with its {confidenceLabel} interval, and the pooled/smoothed hazard written to hazard_by_yos."
            + (hardStop is null ? "" : $" Not drawn: year of service {hardStop.YearOfService.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which everyone at risk left (the hard stop, mandatory_exit_yos)."))
        { YMin = 0, YMax = Math.Min(1.02, Math.Max(0.05, top * 1.25)) };
    }

    /// <summary>
    /// Survival (share still teaching after completing k years of service, 1 at k = 0) as a step line with its
    /// Greenwood log(−log) band.
    /// </summary>
    public static ChartDefinition Survival(IReadOnlyList<LifeTableChartRow> rows, string confidenceLabel = "95%")
    {
        ArgumentNullException.ThrowIfNull(rows);
        double[] x = [0, .. rows.Select(r => (double)r.YearOfService)];
        double[] s = [1, .. rows.Select(r => r.Survival)];
        double[] lo = [1, .. rows.Select(r => r.SurvivalLow)];
        double[] hi = [1, .. rows.Select(r => r.SurvivalHigh)];
        return new ChartDefinition("calibration-survival", "Estimated survival in teaching",
            "Completed years of service (years)", "Still teaching (share of starters)",
            [
                ChartSeries.Range($"{confidenceLabel} confidence band", SeriesKind.StepBand, ChartStyle.SkyBlue, x, lo, hi),
                ChartSeries.Points("Product-limit estimate", SeriesKind.StepLine, ChartStyle.Blue, x, s),
            ],
            ValueFormat.Percent, XIsYear: false,
            $"Share of starting teachers still teaching after k completed years of service (product-limit over the estimated hazards, with left truncation and censoring), with a {confidenceLabel} Greenwood log(−log) band.")
        { YMin = 0, YMax = 1.02 };
    }

    /// <summary>Exits observed per year of service (bars) against the exits expected under the fitted model (markers).</summary>
    public static ChartDefinition ObservedExpected(IReadOnlyList<LifeTableChartRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var x = rows.Select(r => (double)r.YearOfService).ToArray();
        return new ChartDefinition("calibration-fit", "Exits observed and expected under the fitted model",
            "Year of service (1 = first year)", "Exits (teachers)",
            [
                ChartSeries.Range("Observed exits", SeriesKind.Bars, ChartStyle.SkyBlue, x, rows.Select(_ => 0.0), rows.Select(r => (double)r.Exits)),
                ChartSeries.Points("Expected under the fitted hazards", SeriesKind.Markers, ChartStyle.Vermillion, x, rows.Select(r => r.ExpectedExits)),
            ],
            ValueFormat.Number, XIsYear: false,
            "Exits per year of service in the roster (bars) and the exits the fitted hazards imply for the same teacher-years (markers); within a band the totals agree.")
        { YMin = 0 };
    }
}
