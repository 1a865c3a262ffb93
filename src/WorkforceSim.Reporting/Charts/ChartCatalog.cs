using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>Every chart of a report, in report order; charts without data are left out.</summary>
public static class ChartCatalog
{
    /// <summary>The charts a model supports.</summary>
    public static ImmutableArray<ChartDefinition> For(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ChartDefinition?[] all =
        [
            RetentionChart.Build(model),
            HeadcountChart.Build(model),
            FlowCharts.Exits(model),
            FlowCharts.Hires(model),
            HazardChart.Build(model),
            FanChart.Headcount(model),
            FanChart.Effectiveness(model),
            FlowCharts.Cost(model),
            UncertaintyChart.Build(model),
        ];
        return [.. all.OfType<ChartDefinition>()];
    }
}
