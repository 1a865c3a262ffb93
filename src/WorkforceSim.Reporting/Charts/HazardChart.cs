namespace WorkforceSim.Reporting.Charts;

/// <summary>Input exit hazard by year of service against the realized rate with its 95% band (optional hazard.csv).</summary>
public static class HazardChart
{
    /// <summary>The chart, or null when the run folder has no hazard.csv.</summary>
    public static ChartDefinition? Build(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = model.Hazard;
        if (rows.IsEmpty) return null;
        var x = rows.Select(r => (double)r.YearOfService).ToArray();
        return new ChartDefinition("hazard", "Attrition hazard by year of service", "Year of service (1 = first year)",
            "Annual exit probability (share/year)",
            [
                ChartSeries.Range("Realized, 95% band", SeriesKind.Band, ChartStyle.SkyBlue, x,
                    rows.Select(r => r.CiLow), rows.Select(r => r.CiHigh)),
                ChartSeries.Points("Realized", SeriesKind.Line, ChartStyle.Blue, x, rows.Select(r => r.Realized)),
                ChartSeries.Points("Input hazard", SeriesKind.Line, ChartStyle.Vermillion, x, rows.Select(r => r.InputHazard), dashed: true),
            ],
            ValueFormat.Percent, XIsYear: false,
            "Exit probability by year of service as given in the scenario (dashed) and as realized in the simulation, with a 95% band.")
        { YMin = 0 };
    }
}
