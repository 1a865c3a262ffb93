using System.Xml;
using ScottPlot;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public sealed class ChartTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly ReportModel _model;

    public ChartTests()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        File.WriteAllText(Path.Combine(dir, ReportModel.HazardFile),
            "year_of_service,input_hazard,realized,ci_low,ci_high\n1,0.15,0.16,0.14,0.18\n2,0.12,0.11,0.09,0.13\n3,0.1,0.1,0.08,0.12\n");
        _model = ReportModel.Load(dir);
    }

    public void Dispose() => _tmp.Dispose();

    private ChartDefinition Chart(string name) => ChartCatalog.For(_model).Single(c => c.Name == name);

    private static List<string> SvgTexts(string svg) =>
        [.. System.Xml.Linq.XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim())];

    private static ChartSeries Series(ChartDefinition chart, string label) => chart.Series.Single(s => s.Label == label);

    [Fact]
    public void The_catalog_has_every_chart_in_report_order()
    {
        Assert.Equal(["retention", "headcount", "exits", "hires", "hazard", "fan-headcount", "fan-effectiveness", "cost"],
            ChartCatalog.For(_model).Select(c => c.Name));
    }

    [Fact]
    public void The_hazard_chart_is_left_out_without_hazard_csv()
    {
        var withoutHazard = new ReportModel
        {
            Manifest = _model.Manifest, Yearly = _model.Yearly, Survival = _model.Survival, KeyIndicators = _model.KeyIndicators,
        };
        Assert.Null(HazardChart.Build(withoutHazard));
        Assert.DoesNotContain(ChartCatalog.For(withoutHazard), c => c.Name == "hazard");
    }

    [Fact]
    public void Retention_series_are_the_survival_rows()
    {
        var chart = Chart("retention");
        double[] k = [.. _model.Survival.Select(r => (double)r.YearsSinceHire)];
        var line = Series(chart, "Kaplan–Meier estimate");
        Assert.Equal(SeriesKind.StepLine, line.Kind);
        Assert.Equal(k, line.X);
        Assert.Equal(_model.Survival.Select(r => r.Survival), line.Y);
        var band = Series(chart, "95% confidence band");
        Assert.Equal(_model.Survival.Select(r => r.CiLow), band.YLow);
        Assert.Equal(_model.Survival.Select(r => r.CiHigh), band.Y);
        Assert.Contains("(years)", chart.XLabel);
    }

    [Fact]
    public void Headcount_stacks_stage_means_under_positions_and_marks_vacancies()
    {
        var chart = Chart("headcount");
        var teacher = _model.Series("headcount.teacher").Mean;
        var lead = _model.Series("headcount.team_lead").Mean;
        var positions = _model.Series("positions").Mean;
        var vacancies = _model.Series("vacancies_unfilled").Mean;
        var s0 = Series(chart, "Stage: teacher");
        var s1 = Series(chart, "Stage: team lead");
        Assert.Equal(new double[teacher.Length], s0.YLow);
        Assert.Equal(teacher, s0.Y);
        Assert.Equal(teacher, s1.YLow);
        Assert.Equal(teacher.Zip(lead, (a, b) => a + b), s1.Y);
        Assert.Equal(positions, Series(chart, "Budgeted positions").Y);
        var gap = Series(chart, "Unfilled vacancies");
        Assert.Equal(positions.Zip(vacancies, (p, v) => p - v), gap.YLow);
        Assert.Equal(positions, gap.Y);
        Assert.Equal([2025.0, 2026, 2027, 2028, 2029], s0.X.ToArray());
    }

    [Fact]
    public void Each_stage_keeps_its_palette_colour()
    {
        var chart = Chart("headcount");
        Assert.Equal(ChartStyle.StageColor(0), Series(chart, "Stage: teacher").Color);
        Assert.Equal(ChartStyle.StageColor(1), Series(chart, "Stage: team lead").Color);
        string[] okabeIto = [ChartStyle.Black, ChartStyle.Orange, ChartStyle.SkyBlue, ChartStyle.BluishGreen, ChartStyle.Yellow,
            ChartStyle.Blue, ChartStyle.Vermillion, ChartStyle.ReddishPurple, ChartStyle.Grey];
        Assert.All(ChartCatalog.For(_model).SelectMany(c => c.Series), s => Assert.Contains(s.Color, okabeIto));
    }

    [Theory]
    [InlineData("exits", "exits.", new[] { "resignation", "retirement", "dismissal", "move" })]
    [InlineData("hires", "hires.", new[] { "novice", "experienced" })]
    [InlineData("cost", "cost.", new[] { "salary", "stipend", "hiring" })]
    public void Stacked_bars_are_the_cumulative_yearly_means(string name, string prefix, string[] parts)
    {
        var chart = Chart(name);
        Assert.Equal(parts.Length, chart.Series.Length);
        var running = new double[_model.Years.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var s = chart.Series[i];
            Assert.Equal(SeriesKind.Bars, s.Kind);
            Assert.Equal(running, s.YLow);
            var mean = _model.Series(prefix + parts[i]).Mean;
            running = [.. running.Zip(mean, (a, b) => a + b)];
            Assert.Equal(running, s.Y);
        }
    }

    [Fact]
    public void Hazard_series_are_the_hazard_csv_rows()
    {
        var chart = Chart("hazard");
        Assert.Equal([1.0, 2, 3], Series(chart, "Input hazard").X.ToArray());
        Assert.Equal([0.15, 0.12, 0.1], Series(chart, "Input hazard").Y.ToArray());
        Assert.Equal([0.16, 0.11, 0.1], Series(chart, "Realized").Y.ToArray());
        Assert.Equal([0.14, 0.09, 0.08], Series(chart, "Realized, 95% band").YLow.ToArray());
        Assert.Equal([0.18, 0.13, 0.12], Series(chart, "Realized, 95% band").Y.ToArray());
    }

    [Theory]
    [InlineData("fan-headcount", "headcount")]
    [InlineData("fan-effectiveness", "mean_effectiveness")]
    public void Fan_charts_draw_the_5_25_75_95_percentiles_and_the_median(string name, string metric)
    {
        var chart = Chart(name);
        var s = _model.Series(metric);
        Assert.Equal(s.P05, Series(chart, "P5–P95 of replications").YLow);
        Assert.Equal(s.P95, Series(chart, "P5–P95 of replications").Y);
        Assert.Equal(s.P50, Series(chart, "Median").Y);
        // The quartiles are read back from replications.csv: compare with R-7 quantiles of the fixture's own values.
        var run = RunResultBuilder.Realistic();
        int m = run.Metrics.IndexOf(metric);
        for (int t = 0; t < run.Spec.Years; t++)
        {
            var sorted = run.Replications.Select(r => r[m, t]).Order().ToArray();
            Assert.Equal(WorkforceSim.Core.Results.SampleStatistics.QuantileR7(sorted, 0.25), Series(chart, "P25–P75 of replications").YLow.ToArray()[t], 12);
            Assert.Equal(WorkforceSim.Core.Results.SampleStatistics.QuantileR7(sorted, 0.75), Series(chart, "P25–P75 of replications").Y.ToArray()[t], 12);
        }
        Assert.True(Series(chart, "P25–P75 of replications").Y.ToArray().Zip(Series(chart, "P25–P75 of replications").YLow.ToArray()).Any(p => p.First > p.Second),
            "the fixture's replications differ, so the interquartile band must have some width");
    }

    [Fact]
    public void The_renderer_hands_the_series_to_ScottPlot_unchanged()
    {
        foreach (var chart in ChartCatalog.For(_model))
        {
            var plottables = ChartRenderer.ToPlot(chart).GetPlottables().ToList();
            Assert.Equal(chart.Series.Length, plottables.Count);
            for (int i = 0; i < chart.Series.Length; i++)
            {
                var s = chart.Series[i];
                Assert.All(s.X.Concat(s.Y).Concat(s.YLow), v => Assert.True(double.IsFinite(v)));
                switch (plottables[i])
                {
                    case ScottPlot.Plottables.Scatter scatter:
                        var points = scatter.Data.GetScatterPoints();
                        Assert.Equal(s.X, points.Select(p => p.X));
                        Assert.Equal(s.Y, points.Select(p => p.Y));
                        Assert.Equal(s.Label, scatter.LegendText);
                        Assert.Equal(Color.FromHex(s.Color), scatter.Color);
                        break;
                    case ScottPlot.Plottables.BarPlot bars:
                        Assert.Equal(SeriesKind.Bars, s.Kind);
                        Assert.Equal(s.X, bars.Bars.Select(b => b.Position));
                        Assert.Equal(s.YLow, bars.Bars.Select(b => b.ValueBase));
                        Assert.Equal(s.Y, bars.Bars.Select(b => b.Value));
                        Assert.All(bars.Bars, b => Assert.Equal(Color.FromHex(s.Color), b.FillColor));
                        Assert.Equal(s.Label, bars.LegendText);
                        break;
                    case ScottPlot.Plottables.FillY fill:
                        // FillY keeps its points private: check the extent it reports instead.
                        Assert.True(s.Kind is SeriesKind.Band or SeriesKind.StepBand);
                        var limits = fill.GetAxisLimits();
                        Assert.Equal(s.X.Min(), limits.Left, 9);
                        Assert.Equal(s.X.Max(), limits.Right, 9);
                        Assert.Equal(s.YLow.Where(double.IsFinite).Min(), limits.Bottom, 9);
                        Assert.Equal(s.Y.Where(double.IsFinite).Max(), limits.Top, 9);
                        Assert.Equal(s.Label, fill.LegendText);
                        break;
                    default:
                        Assert.Fail($"{chart.Name}: unexpected plottable {plottables[i].GetType().Name}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Undefined_points_are_left_out_of_what_ScottPlot_gets()
    {
        var s = ChartSeries.Range("band", SeriesKind.Band, ChartStyle.Blue, [1, 2, 3, 4], [0, double.NaN, 0, 1], [1, 1, 2, double.NaN]);
        var (x, y, low) = ChartRenderer.FinitePoints(s);
        Assert.Equal([1.0, 3], x);
        Assert.Equal([1.0, 2], y);
        Assert.Equal([0.0, 0], low);
    }

    [Fact]
    public void A_one_year_one_replication_run_without_hires_still_renders()
    {
        var spec = RunResultBuilder.Spec(years: 1);
        var run = RunResultBuilder.Run(spec, 1, (m, _, _) => m == Core.Results.MetricCatalog.MeanEffectiveness ? double.NaN : 3.0);
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("tiny"), run);
        var model = ReportModel.Load(dir);
        Assert.Null(RetentionChart.Build(model));        // nobody hired: only the hire row
        Assert.Null(FanChart.Effectiveness(model));      // undefined in every year
        var charts = ChartCatalog.For(model);
        Assert.Equal(["headcount", "exits", "hires", "fan-headcount", "cost"], charts.Select(c => c.Name));
        foreach (var chart in charts)
            Assert.True(PngImage.Inspect(ChartRenderer.Render(chart).Png).LuminanceVariance > 100, chart.Name);
        Assert.Contains("<svg ", File.ReadAllText(ReportGenerator.Generate(dir).ReportHtml));
    }

    [Fact]
    public void Step_bands_hold_each_value_until_the_next_x()
    {
        var (x, low, high) = ChartRenderer.StepExpand([0, 1, 2], [1, 0.7, 0.5], [1, 0.9, 0.8]);
        Assert.Equal([0.0, 1, 1, 2, 2], x);
        Assert.Equal([1, 1, 0.7, 0.7, 0.5], low);
        Assert.Equal([1, 1, 0.9, 0.9, 0.8], high);
    }

    [Fact]
    public void Every_chart_renders_a_non_blank_png_of_the_stated_size_and_an_svg_with_text()
    {
        foreach (var chart in ChartCatalog.For(_model))
        {
            var rendered = ChartRenderer.Render(chart, 900, 540);
            var (w, h, variance) = PngImage.Inspect(rendered.Png);
            Assert.Equal((900, 540), (w, h));
            Assert.True(variance > 100, $"{chart.Name}: luminance variance {variance} looks blank");
            PngImage.Keep(chart.Name + ".png", rendered.Png);
            Assert.Contains("<text", rendered.Svg);
            Assert.DoesNotContain("Serif", rendered.Svg);
            Assert.Contains(chart.Title, SvgTexts(rendered.Svg));
            Assert.Contains(chart.XLabel, SvgTexts(rendered.Svg));
            Assert.Contains(chart.YLabel, SvgTexts(rendered.Svg));
            new XmlDocument().LoadXml(rendered.Svg);
        }
    }

    [Fact]
    public void Rendering_the_same_chart_twice_gives_the_same_bytes()
    {
        var first = ChartRenderer.Render(Chart("retention"));
        var second = ChartRenderer.Render(Chart("retention"));
        Assert.Equal(first.Png, second.Png);
        string a = first.Svg, b = second.Svg;
        Assert.Equal(a, b);
        Assert.Contains("id=\"clip1\"", a);
        Assert.Contains("url(#clip1)", a);
    }

    [Fact]
    public void Save_writes_png_and_svg_without_leaving_temporary_files()
    {
        string dir = _tmp.Sub("charts");
        Directory.CreateDirectory(dir);
        ChartRenderer.Save(Chart("retention"), dir);
        Assert.Equal(["retention.png", "retention.svg"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Assert.Equal((ChartStyle.WidthPx, ChartStyle.HeightPx),
            PngImage.Inspect(File.ReadAllBytes(Path.Combine(dir, "retention.png"))) is var (w, h, _) ? (w, h) : default);
    }

    [Fact]
    public void Charts_use_the_embedded_DejaVu_fonts()
    {
        ChartFonts.EnsureRegistered();
        Assert.Equal("DejaVu Sans", Fonts.Default);
        var bold = Fonts.GetTypeface("DejaVu Sans", bold: true, italic: false);
        var regular = Fonts.GetTypeface("DejaVu Sans", bold: false, italic: false);
        Assert.Equal("DejaVu Sans", regular.FamilyName);
        Assert.True(bold.IsBold);
        Assert.False(regular.IsBold);
        var fonts = System.Xml.Linq.XDocument.Parse(ChartRenderer.Render(Chart("cost")).Svg).Descendants()
            .Where(e => e.Name.LocalName == "text").Select(e => (string?)e.Attribute("font-family")).Distinct().ToList();
        Assert.Equal(["DejaVu Sans"], fonts);
    }

    [Fact]
    public void Tick_labels_are_culture_invariant()
    {
        var svg = CultureSwap.Under("de-DE", () => ChartRenderer.Render(Chart("fan-effectiveness")).Svg);
        var texts = SvgTexts(svg);
        Assert.Contains("0.1", texts);
        Assert.Contains("2025", texts);
        Assert.DoesNotContain(texts, t => t.Contains("0,1", StringComparison.Ordinal));
        Assert.Equal("50%", CultureSwap.Under("de-DE", () => ChartStyle.FormatValue(0.5, ValueFormat.Percent)));
        Assert.Equal("12.5k", CultureSwap.Under("de-DE", () => ChartStyle.FormatValue(12_500, ValueFormat.Number)));
        Assert.Equal("5.29M", CultureSwap.Under("de-DE", () => ChartStyle.FormatValue(5_294_000, ValueFormat.Number)));
        Assert.Equal("2025", CultureSwap.Under("de-DE", () => ChartStyle.FormatYear(2025)));
    }
}

public class HorizontalBarChartTests
{
    [Fact]
    public void Horizontal_bar_charts_name_their_categories_on_the_vertical_axis()
    {
        var chart = new ChartDefinition("tornado-x", "Sensitivity of x", "Parameter", "Standardized regression coefficient",
            [ChartSeries.Range("Raises the outcome", SeriesKind.Bars, ChartStyle.Blue, [1.0, 2.0], [0.0, 0.0], [0.2, 0.7]),
             ChartSeries.Range("Lowers the outcome", SeriesKind.Bars, ChartStyle.Vermillion, [3.0], [0.0], [-0.9])],
            ValueFormat.Number, XIsYear: false, "caption")
        {
            Horizontal = true,
            CategoryLabels = ["stipend_small", "span_middle", "fill_rate_big"],
        };
        var plot = ChartRenderer.ToPlot(chart);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().ToList();
        Assert.Equal(2, bars.Count);
        Assert.All(bars.SelectMany(b => b.Bars), b => Assert.Equal(ScottPlot.Orientation.Horizontal, b.Orientation));
        var rendered = ChartRenderer.Render(chart);
        foreach (var label in chart.CategoryLabels)
            Assert.Contains(label, rendered.Svg);
        Assert.True(PngImage.Inspect(rendered.Png).LuminanceVariance > 100);
    }
}
