using ScottPlot;
using ScottPlot.TickGenerators;

namespace WorkforceSim.Reporting.Charts;

/// <summary>Turns a <see cref="ChartDefinition"/> into a ScottPlot plot and saves it as PNG and SVG.</summary>
public static class ChartRenderer
{
    private const float TitleSize = 22, LabelSize = 17, TickSize = 14, LegendSize = 14;

    /// <summary>Builds the ScottPlot plot: every series of the definition, in order, with the shared style.</summary>
    public static Plot ToPlot(ChartDefinition chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        foreach (var s in chart.Series) Add(plot, s, chart.Horizontal);

        plot.Title(chart.Title);
        plot.XLabel(chart.Horizontal ? chart.YLabel : chart.XLabel);
        plot.YLabel(chart.Horizontal ? chart.XLabel : chart.YLabel);
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.FontName = ChartFonts.Family;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.FontSize = LabelSize;
            axis.Label.FontName = ChartFonts.Family;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = TickSize;
            axis.TickLabelStyle.FontName = ChartFonts.Family;
        }
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            LabelFormatter = chart.XIsYear ? ChartStyle.FormatYear : v => ChartStyle.FormatValue(v, ValueFormat.Number),
            IntegerTicksOnly = true,
        };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => ChartStyle.FormatValue(v, chart.YFormat) };
        if (chart.Horizontal)
        {
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = v => ChartStyle.FormatValue(v, chart.YFormat) };
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. Enumerable.Range(1, chart.CategoryLabels.Length).Select(i => (double)i)], [.. chart.CategoryLabels]);
        }
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = ChartFonts.Family;
        plot.ShowLegend(Edge.Bottom);
        if (chart.Series.Any(s => s.Kind is SeriesKind.Bars or SeriesKind.Band) && !chart.Horizontal)
            plot.Axes.Margins(bottom: 0);
        if (chart.YMin is not null || chart.YMax is not null)
        {
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(chart.YMin ?? limits.Bottom, chart.YMax ?? limits.Top);
        }
        return plot;
    }

    /// <summary>Renders a chart as PNG bytes and SVG text of the given pixel size.</summary>
    public static RenderedChart Render(ChartDefinition chart, int widthPx = ChartStyle.WidthPx, int heightPx = ChartStyle.HeightPx)
    {
        var plot = ToPlot(chart);
        return new RenderedChart(chart, plot.GetImageBytes(widthPx, heightPx, ImageFormat.Png), SvgIds.Normalize(plot.GetSvgXml(widthPx, heightPx)),
            widthPx, heightPx);
    }

    /// <summary>Renders a chart as SVG text only (no PNG), for pages that show charts as SVG.</summary>
    public static string RenderSvg(ChartDefinition chart, int widthPx = ChartStyle.WidthPx, int heightPx = ChartStyle.HeightPx) =>
        SvgIds.Normalize(ToPlot(chart).GetSvgXml(widthPx, heightPx));

    /// <summary>Writes <c>NAME.png</c> and <c>NAME.svg</c> into <paramref name="folder"/>, each atomically.</summary>
    public static RenderedChart Save(ChartDefinition chart, string folder,
        int widthPx = ChartStyle.WidthPx, int heightPx = ChartStyle.HeightPx)
    {
        var rendered = Render(chart, widthPx, heightPx);
        AtomicOutput.WriteFile(Path.Combine(folder, chart.Name + ".png"), temp => File.WriteAllBytes(temp, rendered.Png));
        AtomicOutput.WriteFile(Path.Combine(folder, chart.Name + ".svg"), temp => File.WriteAllText(temp, rendered.Svg));
        return rendered;
    }

    /// <summary>
    /// Points of a step function: each value is held until the next X, so (x0, x1, x1, x2, ...) with values
    /// (v0, v0, v1, v1, ...); the last value is drawn as a single point.
    /// </summary>
    internal static (double[] X, double[] Low, double[] High) StepExpand(double[] x, double[] low, double[] high)
    {
        int n = x.Length;
        if (n < 2) return (x, low, high);
        int m = 2 * n - 1;
        double[] sx = new double[m], sl = new double[m], sh = new double[m];
        for (int i = 0; i < n; i++)
        {
            sx[2 * i] = x[i]; sl[2 * i] = low[i]; sh[2 * i] = high[i];
            if (i + 1 < n) { sx[2 * i + 1] = x[i + 1]; sl[2 * i + 1] = low[i]; sh[2 * i + 1] = high[i]; }
        }
        return (sx, sl, sh);
    }

    /// <summary>
    /// The points of a series that ScottPlot gets: those where X, Y and (for bands and bars) the lower Y are all finite.
    /// Undefined years (NaN) are left out rather than drawn as gaps or spikes.
    /// </summary>
    internal static (double[] X, double[] Y, double[] YLow) FinitePoints(ChartSeries s)
    {
        bool hasLow = !s.YLow.IsDefaultOrEmpty;
        var keep = Enumerable.Range(0, s.X.Length)
            .Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]) && (!hasLow || double.IsFinite(s.YLow[i])))
            .ToArray();
        return ([.. keep.Select(i => s.X[i])], [.. keep.Select(i => s.Y[i])], hasLow ? [.. keep.Select(i => s.YLow[i])] : []);
    }

    private static void Add(Plot plot, ChartSeries s, bool horizontal)
    {
        var color = Color.FromHex(s.Color);
        var (x, y, yLow) = FinitePoints(s);
        if (x.Length == 0) return;
        switch (s.Kind)
        {
            case SeriesKind.Line:
            case SeriesKind.StepLine:
            case SeriesKind.Markers:
            {
                var scatter = plot.Add.Scatter(x, y, color);
                scatter.LegendText = s.Label;
                scatter.LineWidth = s.Kind == SeriesKind.Markers ? 0 : 2.5f;
                scatter.MarkerSize = s.Kind == SeriesKind.Markers ? 9 : 0;
                if (s.Dashed) scatter.LinePattern = LinePattern.Dashed;
                if (s.Kind == SeriesKind.StepLine) scatter.ConnectStyle = ConnectStyle.StepHorizontal;
                break;
            }
            case SeriesKind.Band:
            case SeriesKind.StepBand:
            {
                double[] low = yLow;
                if (s.Kind == SeriesKind.StepBand) (x, low, y) = StepExpand(x, low, y);
                var fill = plot.Add.FillY(x, low, y);
                fill.LegendText = s.Label;
                fill.FillColor = color.WithAlpha(0.45);
                fill.LineWidth = 0;
                break;
            }
            case SeriesKind.Bars:
            {
                var bars = new List<Bar>(x.Length);
                for (int i = 0; i < x.Length; i++)
                    bars.Add(new Bar { Position = x[i], ValueBase = yLow[i], Value = y[i], FillColor = color, LineWidth = 0, Size = 0.8 });
                var barPlot = plot.Add.Bars(bars);
                barPlot.LegendText = s.Label;
                barPlot.Horizontal = horizontal;
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(s), s.Kind, "Unknown series kind.");
        }
    }
}

/// <summary>A rendered chart.</summary>
/// <param name="Definition">What was drawn.</param>
/// <param name="Png">PNG file bytes.</param>
/// <param name="Svg">SVG document text.</param>
/// <param name="WidthPx">Width in pixels.</param>
/// <param name="HeightPx">Height in pixels.</param>
public sealed record RenderedChart(ChartDefinition Definition, byte[] Png, string Svg, int WidthPx, int HeightPx);
