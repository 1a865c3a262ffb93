using System.Collections.Immutable;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Sweeps.Sensitivity;

namespace WorkforceSim.Sweeps;

/// <summary>Sweep charts: a tornado of standardized regression coefficients per outcome, one-parameter response curves.</summary>
public static class SweepCharts
{
    /// <summary>Every chart, in a fixed order.</summary>
    internal static ImmutableArray<ChartDefinition> For(SweepLayout layout, List<PointResult> points, List<SampleStatistics?[]> stats,
        bool[] numeric, List<SensitivityRow> sensitivity)
    {
        var charts = ImmutableArray.CreateBuilder<ChartDefinition>();
        foreach (var o in layout.Outcomes)
        {
            // Tornado: horizontal bars from 0 to the SRC, the parameter with the largest |SRC| at the top.
            var src = sensitivity.Where(r => r.Outcome == o.Name && r.Method == "src" && double.IsFinite(r.Estimate))
                .OrderBy(r => Math.Abs(r.Estimate)).ThenByDescending(r => r.Parameter, StringComparer.Ordinal).ToList();
            if (src.Count == 0) continue;
            ChartSeries Bars(string label, string color, bool positive)
            {
                var rows = src.Select((r, i) => (r, i)).Where(p => (p.r.Estimate >= 0) == positive).ToList();
                return ChartSeries.Range(label, SeriesKind.Bars, color, rows.Select(p => p.i + 1.0), rows.Select(_ => 0.0), rows.Select(p => p.r.Estimate));
            }
            charts.Add(new ChartDefinition("tornado-" + Slug(o.Name), $"Sensitivity of {o.Name}", "Parameter",
                "Standardized regression coefficient (outcome SDs per parameter SD)",
                [Bars("Raises the outcome", ChartStyle.Blue, positive: true), Bars("Lowers the outcome", ChartStyle.Vermillion, positive: false)],
                ValueFormat.Number, XIsYear: false,
                "Standardized regression coefficients of the outcome's point means on the parameters: the change in outcome SDs per parameter SD, largest effect at the top.")
            {
                Horizontal = true,
                CategoryLabels = [.. src.Select(r => r.Parameter)],
            });
        }
        if (layout.Outcomes.Length == 0) return charts.ToImmutable();
        for (int j = 0; j < layout.Parameters.Length; j++)
        {
            if (!numeric[j]) continue;
            var curve = Response(points, stats, j, 0);
            if (curve.Count < 2) continue;
            string p = layout.Parameters[j].Name, o = layout.Outcomes[0].Name;
            charts.Add(new ChartDefinition("response-" + Slug(p), $"{o} by {p}", p, o,
                [
                    ChartSeries.Range("95% CI over points", SeriesKind.Band, ChartStyle.SkyBlue, curve.Select(c => c.X), curve.Select(c => c.Low), curve.Select(c => c.High)),
                    ChartSeries.Points("Mean over points", SeriesKind.Line, ChartStyle.Blue, curve.Select(c => c.X), curve.Select(c => c.Mean)),
                    ChartSeries.Points("Points", SeriesKind.Markers, ChartStyle.Grey,
                        points.Where((_, i) => stats[i][0] is not null).Select(pt => (double)pt.Values[j]),
                        points.Where((_, i) => stats[i][0] is not null).Select(pt => stats[pt.Index][0]!.Value.Mean)),
                ],
                ValueFormat.Number, XIsYear: false,
                "Point means of the outcome against one parameter (the others vary as the design says), averaged within bins of the parameter, with the 95% interval of that average."));
        }
        return charts.ToImmutable();
    }

    /// <summary>Bins of parameter j (distinct values when at most 12, else 10 equal-count bins): mean x, mean y and its 95% interval.</summary>
    internal static List<(double X, double Mean, double Low, double High)> Response(List<PointResult> points, List<SampleStatistics?[]> stats, int j, int o)
    {
        var pairs = points.Where((_, i) => stats[i][o] is not null)
            .Select(p => (X: (double)p.Values[j], Y: stats[p.Index][o]!.Value.Mean)).OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        var distinct = pairs.Select(p => p.X).Distinct().ToList();
        List<List<(double X, double Y)>> bins = distinct.Count <= 12
            ? [.. distinct.Select(x => pairs.Where(p => p.X == x).ToList())]
            : [.. Enumerable.Range(0, 10).Select(b => pairs.Skip(b * pairs.Count / 10).Take((b + 1) * pairs.Count / 10 - b * pairs.Count / 10).ToList()).Where(l => l.Count > 0)];
        return [.. bins.Select(bin =>
        {
            var s = SampleStatistics.Of([.. bin.Select(p => p.Y)]);
            return (bin.Average(p => p.X), s.Mean, s.CiLow, s.CiHigh);
        })];
    }

    private static string Slug(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
