using System.Collections.Immutable;
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
        return charts.ToImmutable();
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
