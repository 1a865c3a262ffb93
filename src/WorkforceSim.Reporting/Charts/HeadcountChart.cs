using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>Mean end-of-year headcount by ladder stage (stacked areas), budgeted positions and unfilled vacancies.</summary>
public static class HeadcountChart
{
    /// <summary>The chart, or null when the run has no stage headcounts.</summary>
    public static ChartDefinition? Build(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stages = model.Stages;
        if (stages.Length == 0) return null;
        var positions = model.Series("positions");
        var x = positions.Years;
        var layers = stages.Select((s, i) =>
            new StackLayer("Stage: " + ChartStyle.Humanize(s), ChartStyle.StageColor(i), model.Series("headcount." + s).Mean));
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        series.AddRange(Stacking.Stack(x, layers, SeriesKind.Band));
        var vacancies = model.Series("vacancies_unfilled").Mean;
        if (vacancies.Any(v => v > 0))
        {
            var low = positions.Mean.Select((p, t) => p - Math.Max(0, double.IsNaN(vacancies[t]) ? 0 : vacancies[t]));
            series.Add(ChartSeries.Range("Unfilled vacancies", SeriesKind.Band, ChartStyle.Grey, x, low, positions.Mean));
        }
        series.Add(ChartSeries.Points("Budgeted positions", SeriesKind.Line, ChartStyle.Black, x, positions.Mean, dashed: true));
        return new ChartDefinition("headcount", "Teachers by ladder stage", "Year", "Teachers at year end (headcount)",
            series.ToImmutable(), ValueFormat.Number, XIsYear: true,
            "Mean end-of-year headcount by career-ladder stage (stacked), the budgeted positions (dashed) and the mean unfilled vacancies between them (grey).");
    }
}
