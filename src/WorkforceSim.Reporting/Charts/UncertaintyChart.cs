namespace WorkforceSim.Reporting.Charts;

/// <summary>
/// For a run with uncertain parameters: a key metric over the years with its three 95% intervals — total, due to
/// parameters, due to noise (uncertainty.csv).
/// </summary>
public static class UncertaintyChart
{
    /// <summary>Metrics tried in order; the first with rows is drawn.</summary>
    private static readonly (string Metric, string Label, ValueFormat Format)[] Candidates =
    [
        ("retention.hired_5y", "5-year retention of new hires", ValueFormat.Percent),
        ("attrition_rate", "Annual attrition", ValueFormat.Percent),
        ("headcount", "Headcount (teachers)", ValueFormat.Number),
    ];

    /// <summary>The chart, or null for a run without uncertain parameters.</summary>
    public static ChartDefinition? Build(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (metric, label, format) in Candidates)
        {
            var rows = model.Uncertainty.Where(r => r.Metric == metric).OrderBy(r => r.Year).ToList();
            if (rows.Count == 0) continue;
            var x = rows.Select(r => (double)r.Year).ToList();
            return new ChartDefinition("uncertainty", $"{label}: parameter uncertainty and noise", "Year", label,
                [
                    ChartSeries.Range("Total 95% interval", SeriesKind.Band, ChartStyle.SkyBlue, x, rows.Select(r => r.TotalLow), rows.Select(r => r.TotalHigh)),
                    ChartSeries.Range("Due to parameters", SeriesKind.Band, ChartStyle.Orange, x, rows.Select(r => r.ParametersLow), rows.Select(r => r.ParametersHigh)),
                    ChartSeries.Points("Due to noise (low)", SeriesKind.Line, ChartStyle.BluishGreen, x, rows.Select(r => r.NoiseLow), dashed: true),
                    ChartSeries.Points("Due to noise (high)", SeriesKind.Line, ChartStyle.BluishGreen, x, rows.Select(r => r.NoiseHigh), dashed: true),
                    ChartSeries.Points("Mean", SeriesKind.Line, ChartStyle.Black, x, rows.Select(r => r.Mean)),
                ],
                format, XIsYear: true,
                "Light band: 2.5th–97.5th percentile over every world and replication; orange band: the same percentiles of the world means " +
                "(parameter uncertainty); dashed lines: the spread of one realization around its world's mean (noise); line: mean.");
        }
        return null;
    }
}
