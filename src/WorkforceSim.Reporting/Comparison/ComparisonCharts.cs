using System.Collections.Immutable;
using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Reporting.Charts;

namespace WorkforceSim.Reporting.Comparison;

/// <summary>Charts of a comparison: paired differences over time with their 95% band, and overlaid retention curves.</summary>
public static class ComparisonCharts
{
    /// <summary>Metrics drawn as difference-over-time charts, with axis label and format.</summary>
    public static readonly ImmutableArray<(string Metric, string Label, ValueFormat Format)> KeyMetrics =
    [
        ("retention.hired_5y", "5-year retention of new hires", ValueFormat.Percent),
        ("attrition_rate", "Annual attrition", ValueFormat.Percent),
        ("novice_share", "Novice share", ValueFormat.Percent),
        ("mean_effectiveness", "Mean effectiveness (teacher SD units)", ValueFormat.Number),
        ("cost.total", "Annual cost (currency)", ValueFormat.Number),
    ];

    /// <summary>All charts of the comparison, in report order.</summary>
    public static ImmutableArray<ChartDefinition> For(ComparisonData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var charts = ImmutableArray.CreateBuilder<ChartDefinition>();
        foreach (var (metric, label, format) in KeyMetrics)
            if (Difference(data, metric, label, format) is { } c) charts.Add(c);
        if (Retention(data) is { } r) charts.Add(r);
        if (CostEffectivenessPlane(data) is { } ce) charts.Add(ce);
        return charts.ToImmutable();
    }

    /// <summary>
    /// The cost-effectiveness plane: added cost over the horizon against extra teachers retained, one cloud per
    /// alternative — its worlds (world means) under parameter uncertainty, else its replications — with each cloud's
    /// mean and the zero axes (right of the vertical axis: more teachers kept; above the horizontal: more spent).
    /// </summary>
    public static ChartDefinition? CostEffectivenessPlane(ComparisonData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.CostEffectPoints.IsEmpty) return null;
        bool worlds = data.Uncertainty is not null;
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        var alts = data.Scenarios.Skip(1).ToList();
        var all = data.CostEffectPoints.Where(p => double.IsFinite(p.DeltaCost) && double.IsFinite(p.DeltaEffects[0])).ToList();
        if (all.Count == 0) return null;
        for (int i = 0; i < alts.Count; i++)
        {
            var pts = all.Where(p => p.Alternative == alts[i].Label).ToList();
            if (pts.Count == 0) continue;
            string color = ChartStyle.Sequence[i % ChartStyle.Sequence.Count];
            series.Add(ChartSeries.Points($"{alts[i].Label}: {(worlds ? "worlds" : "replications")}", SeriesKind.Markers, color,
                pts.Select(p => p.DeltaEffects[0]), pts.Select(p => p.DeltaCost)));
            var mean = data.CostEffectiveness.FirstOrDefault(r => r.Alternative == alts[i].Label && r.Effect.Id == CostEffect.TeachersRetained.Id);
            if (mean is not null)
                series.Add(ChartSeries.Points($"{alts[i].Label}: mean", SeriesKind.Markers, ChartStyle.Black, [mean.DeltaEffect], [mean.DeltaCost]));
        }
        double xMin = Math.Min(0, all.Min(p => p.DeltaEffects[0])), xMax = Math.Max(0, all.Max(p => p.DeltaEffects[0]));
        double yMin = Math.Min(0, all.Min(p => p.DeltaCost)), yMax = Math.Max(0, all.Max(p => p.DeltaCost));
        series.Add(ChartSeries.Points("No difference", SeriesKind.Line, ChartStyle.Grey, [xMin, xMax], [0, 0], dashed: true));
        series.Add(ChartSeries.Points("", SeriesKind.Line, ChartStyle.Grey, [0, 0], [yMin, yMax], dashed: true));
        return new ChartDefinition("cost-effectiveness", $"Cost-effectiveness against {data.Base.Label}",
            "Extra teachers retained over the horizon (exits avoided)", "Added cost over the horizon (currency)", series.ToImmutable(),
            ValueFormat.Number, XIsYear: false,
            (worlds
                ? "Each point is one world (a draw of the uncertain parameters), averaged over its replications; "
                : "Each point is one replication; ") +
            "black points are each alternative's mean. Right of the vertical line the alternative keeps more teachers; above the horizontal line it costs more. " +
            "The slope from the origin to a point is the added cost per extra teacher retained.");
    }

    /// <summary>Difference (alternative − base) of a metric by year, one band and line per alternative, and a zero line.</summary>
    public static ChartDefinition? Difference(ComparisonData data, string metric, string label, ValueFormat format)
    {
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        var alts = data.Scenarios.Skip(1).ToList();
        double minYear = double.MaxValue, maxYear = double.MinValue;
        for (int i = 0; i < alts.Count; i++)
        {
            var rows = data.Differences.Where(d => d.Alternative == alts[i].Label && d.Metric == metric).OrderBy(d => d.Year).ToList();
            if (rows.Count == 0) continue;
            string color = ChartStyle.Sequence[i % ChartStyle.Sequence.Count];
            var x = rows.Select(r => (double)r.Year).ToList();
            minYear = Math.Min(minYear, x[0]);
            maxYear = Math.Max(maxYear, x[^1]);
            series.Add(ChartSeries.Range($"{alts[i].Label}: 95% CI", SeriesKind.Band, color, x,
                rows.Select(r => r.Stats.DiffCiLow), rows.Select(r => r.Stats.DiffCiHigh)));
            series.Add(ChartSeries.Points($"{alts[i].Label} − {data.Base.Label}", SeriesKind.Line, color, x,
                rows.Select(r => r.Stats.DiffMean)));
        }
        if (series.Count == 0) return null;
        series.Add(ChartSeries.Points("No difference", SeriesKind.Line, ChartStyle.Black, [minYear, maxYear], [0, 0], dashed: true));
        string name = "diff-" + metric.Replace('.', '-').Replace('_', '-');
        return new ChartDefinition(name, $"Difference from {data.Base.Label}: {label}", "Year", $"Difference in {char.ToLowerInvariant(label[0])}{label[1..]}",
            series.ToImmutable(), format, XIsYear: true,
            "Mean paired difference (alternative − base, same random numbers replication by replication) with its 95% confidence band.");
    }

    /// <summary>Kaplan–Meier retention of hired teachers of every scenario, overlaid.</summary>
    public static ChartDefinition? Retention(ComparisonData data)
    {
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        int i = 0;
        foreach (var s in data.Scenarios)
        {
            var rows = s.Summary.Survival;
            string color = i == 0 ? ChartStyle.Black : ChartStyle.Sequence[(i - 1) % ChartStyle.Sequence.Count];
            i++;
            if (rows.Length < 2) continue;
            var x = rows.Select(r => (double)r.YearsSinceHire).ToList();
            series.Add(ChartSeries.Range($"{s.Label}: 95% band", SeriesKind.StepBand, i == 1 ? ChartStyle.Grey : color, x,
                rows.Select(r => r.CiLow), rows.Select(r => r.CiHigh)));
            series.Add(ChartSeries.Points(s.Label, SeriesKind.StepLine, color, x, rows.Select(r => r.Survival), dashed: i == 1));
        }
        if (series.Count == 0) return null;
        return new ChartDefinition("retention-overlay", "Retention of hired teachers, all scenarios", "Years since hire (years)",
            "Still teaching (share of hires)", series.ToImmutable(), ValueFormat.Percent, XIsYear: false,
            "Kaplan–Meier retention of teachers hired during the run for each scenario (base dashed), with 95% bands.")
        { YMin = 0, YMax = 1.02 };
    }
}
