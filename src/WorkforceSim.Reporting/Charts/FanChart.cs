namespace WorkforceSim.Reporting.Charts;

/// <summary>
/// Fan charts of a metric over the years: the P5–P95 and P25–P75 ranges over replications (the quartiles come from
/// replications.csv; a model built without it falls back to the 95% confidence interval of the mean) and the median.
/// </summary>
public static class FanChart
{
    /// <summary>Fan chart of total headcount.</summary>
    public static ChartDefinition? Headcount(ReportModel model) =>
        Build(model, "headcount", "fan-headcount", "Total headcount: spread over replications", "Teachers at year end (headcount)",
            ValueFormat.Number);

    /// <summary>Fan chart of mean effectiveness.</summary>
    public static ChartDefinition? Effectiveness(ReportModel model) =>
        Build(model, "mean_effectiveness", "fan-effectiveness", "Mean effectiveness: spread over replications",
            "Mean effectiveness (teacher SD units)", ValueFormat.Number);

    private static ChartDefinition? Build(ReportModel model, string metric, string name, string title, string yLabel, ValueFormat format)
    {
        ArgumentNullException.ThrowIfNull(model);
        var s = model.Series(metric);
        if (!s.HasData) return null;
        return new ChartDefinition(name, title, "Year", yLabel,
            [
                ChartSeries.Range("P5–P95 of replications", SeriesKind.Band, ChartStyle.SkyBlue, s.Years, s.P05, s.P95),
                s.P25 is not null && s.P75 is not null
                    ? ChartSeries.Range("P25–P75 of replications", SeriesKind.Band, ChartStyle.Blue, s.Years, s.P25, s.P75)
                    : ChartSeries.Range("95% CI of the mean", SeriesKind.Band, ChartStyle.Blue, s.Years, s.CiLow, s.CiHigh),
                ChartSeries.Points("Median", SeriesKind.Line, ChartStyle.Black, s.Years, s.P50),
            ],
            format, XIsYear: true,
            s.P25 is not null
                ? "Light band: 5th to 95th percentile over replications; dark band: 25th to 75th percentile; line: median."
                : "Light band: 5th to 95th percentile over replications; dark band: 95% confidence interval of the mean; line: median.");
    }
}
