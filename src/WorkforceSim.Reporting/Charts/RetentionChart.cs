using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>Kaplan–Meier retention of hired teachers by years since hire, with its 95% band (survival.csv).</summary>
public static class RetentionChart
{
    /// <summary>The chart, or null when no teacher was hired (survival.csv has only the hire row).</summary>
    public static ChartDefinition? Build(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = model.Survival;
        if (rows.Length < 2) return null;
        var x = rows.Select(r => (double)r.YearsSinceHire).ToArray();
        return new ChartDefinition("retention", "Retention of hired teachers",
            "Years since hire (years)", "Still teaching (share of hires)",
            [
                ChartSeries.Range("95% confidence band", SeriesKind.StepBand, ChartStyle.SkyBlue, x,
                    rows.Select(r => r.CiLow), rows.Select(r => r.CiHigh)),
                ChartSeries.Points("Kaplan–Meier estimate", SeriesKind.StepLine, ChartStyle.Blue, x, rows.Select(r => r.Survival)),
            ],
            ValueFormat.Percent, XIsYear: false,
            "Share of teachers hired during the run who are still teaching k years after hire (Kaplan–Meier, pooled over replications, censored at the horizon), with a 95% log(−log) confidence band.")
        { YMin = 0, YMax = 1.02 };
    }
}
