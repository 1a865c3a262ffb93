using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>A line through (X, Y).</summary>
    Line,
    /// <summary>A step line through (X, Y), each value held until the next X (survival curves).</summary>
    StepLine,
    /// <summary>A filled band between <see cref="ChartSeries.YLow"/> and <see cref="ChartSeries.Y"/>.</summary>
    Band,
    /// <summary>A band drawn as a step function like <see cref="StepLine"/> (confidence band of a survival curve).</summary>
    StepBand,
    /// <summary>Bars at X from <see cref="ChartSeries.YLow"/> (base) to <see cref="ChartSeries.Y"/> (top).</summary>
    Bars,
    /// <summary>Markers at (X, Y), no line.</summary>
    Markers,
}

/// <summary>How tick labels of the value axis read.</summary>
public enum ValueFormat
{
    /// <summary>Plain numbers with k/M suffixes for large values.</summary>
    Number,
    /// <summary>Shares shown as percentages.</summary>
    Percent,
}

/// <summary>
/// One series exactly as handed to ScottPlot. Charts are built as data first (<see cref="ChartDefinition"/>) so tests
/// can compare the series with the report model without looking at pixels.
/// </summary>
/// <param name="Label">Legend text.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Color">Colour as "#RRGGBB" (Okabe–Ito palette, see <see cref="ChartStyle"/>).</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values (upper edge for bands, top for bars).</param>
/// <param name="YLow">Lower edge for bands, base for bars; empty otherwise.</param>
/// <param name="Dashed">Dashed line.</param>
public sealed record ChartSeries(string Label, SeriesKind Kind, string Color, ImmutableArray<double> X,
    ImmutableArray<double> Y, ImmutableArray<double> YLow, bool Dashed = false)
{
    /// <summary>A line, step line or markers series.</summary>
    public static ChartSeries Points(string label, SeriesKind kind, string color, IEnumerable<double> x, IEnumerable<double> y,
        bool dashed = false) => new(label, kind, color, [.. x], [.. y], [], dashed);

    /// <summary>A band or bar series between <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static ChartSeries Range(string label, SeriesKind kind, string color, IEnumerable<double> x, IEnumerable<double> low,
        IEnumerable<double> high) => new(label, kind, color, [.. x], [.. high], [.. low]);
}

/// <summary>A chart as data: file name, title, axis labels with units and the series in drawing order.</summary>
/// <param name="Name">File stem under <c>charts/</c> (e.g. <c>retention</c> → retention.png, retention.svg).</param>
/// <param name="Title">Title.</param>
/// <param name="XLabel">X-axis label with unit.</param>
/// <param name="YLabel">Y-axis label with unit.</param>
/// <param name="Series">Series, drawn first to last.</param>
/// <param name="YFormat">Value-axis tick format.</param>
/// <param name="XIsYear">Whether X holds calendar years (integer ticks, no thousands separator).</param>
/// <param name="Caption">One sentence for the report explaining what is drawn.</param>
public sealed record ChartDefinition(string Name, string Title, string XLabel, string YLabel,
    ImmutableArray<ChartSeries> Series, ValueFormat YFormat, bool XIsYear, string Caption)
{
    /// <summary>Fixed lower limit of the value axis, or null to fit the data.</summary>
    public double? YMin { get; init; }
    /// <summary>Fixed upper limit of the value axis, or null to fit the data.</summary>
    public double? YMax { get; init; }
    /// <summary>
    /// Bars drawn horizontally (a tornado chart): X holds category positions 1..n shown on the vertical axis with
    /// <see cref="CategoryLabels"/>, and the values run along the horizontal axis (labelled <c>YLabel</c>).
    /// </summary>
    public bool Horizontal { get; init; }
    /// <summary>Names of the categories at positions 1..n when <see cref="Horizontal"/>.</summary>
    public ImmutableArray<string> CategoryLabels { get; init; } = [];
}
