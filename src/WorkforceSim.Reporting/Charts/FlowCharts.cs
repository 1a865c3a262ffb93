namespace WorkforceSim.Reporting.Charts;

/// <summary>Stacked bars per year: exits by reason, hires by source and cost by component.</summary>
public static class FlowCharts
{
    /// <summary>Mean exits per year by reason, or null when the run has no exit reasons.</summary>
    public static ChartDefinition? Exits(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.ExitReasons.Select((r, i) =>
            new StackLayer(Capitalize(ChartStyle.Humanize(r)), ChartStyle.ReasonColor(r, i), model.Series("exits." + r).Mean));
        return Build(model, "exits", "Exits per year by reason", "Teachers leaving (teachers/year)", layers, ValueFormat.Number,
            "Mean number of teachers leaving during each year, by reason.");
    }

    /// <summary>Mean hires per year by source, or null when the run has no hiring sources.</summary>
    public static ChartDefinition? Hires(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.HiringSources.Select((s, i) =>
            new StackLayer(Capitalize(ChartStyle.Humanize(s)), ChartStyle.SourceColor(i), model.Series("hires." + s).Mean));
        return Build(model, "hires", "Hires per year by source", "Teachers hired (teachers/year)", layers, ValueFormat.Number,
            "Mean number of teachers hired in each year's hiring round, by source.");
    }

    /// <summary>Mean cost per year: salaries, stipends (with bonuses) and hiring, or null when no cost is recorded.</summary>
    public static ChartDefinition? Cost(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        StackLayer[] layers =
        [
            new("Salaries", ChartStyle.Blue, model.Series("cost.salary").Mean),
            new("Stipends and bonuses", ChartStyle.Orange, model.Series("cost.stipend").Mean),
            new("Hiring", ChartStyle.BluishGreen, model.Series("cost.hiring").Mean),
        ];
        return Build(model, "cost", "Cost per year", "Cost (currency/year)", layers.Where(l => l.Values.Any(v => v > 0)),
            ValueFormat.Number, "Mean cost per year: salaries, stipends and bonuses, and hiring costs (stacked), pro rata for teachers leaving mid-year.");
    }

    private static ChartDefinition? Build(ReportModel model, string name, string title, string yLabel,
        IEnumerable<StackLayer> layers, ValueFormat format, string caption)
    {
        var list = layers.ToList();
        if (list.Count == 0) return null;
        var x = model.Years.Select(y => (double)y).ToArray();
        return new ChartDefinition(name, title, "Year", yLabel, Stacking.Stack(x, list, SeriesKind.Bars), format,
            XIsYear: true, caption);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
