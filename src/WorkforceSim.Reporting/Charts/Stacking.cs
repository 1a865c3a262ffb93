using System.Collections.Immutable;

namespace WorkforceSim.Reporting.Charts;

/// <summary>A named layer of a stacked chart.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Color">Colour.</param>
/// <param name="Values">Values per X (NaN counts as 0).</param>
public sealed record StackLayer(string Label, string Color, double[] Values);

/// <summary>Turns layers into stacked bars or areas: each layer runs from the sum of those below it to that sum plus its value.</summary>
public static class Stacking
{
    /// <summary>Stacked series of <paramref name="kind"/> (<see cref="SeriesKind.Bars"/> or <see cref="SeriesKind.Band"/>), bottom layer first.</summary>
    public static ImmutableArray<ChartSeries> Stack(double[] x, IEnumerable<StackLayer> layers, SeriesKind kind)
    {
        var running = new double[x.Length];
        var series = ImmutableArray.CreateBuilder<ChartSeries>();
        foreach (var layer in layers)
        {
            var low = (double[])running.Clone();
            for (int i = 0; i < x.Length; i++)
                running[i] += double.IsNaN(layer.Values[i]) ? 0 : layer.Values[i];
            series.Add(ChartSeries.Range(layer.Label, kind, layer.Color, x, low, running));
        }
        return series.ToImmutable();
    }
}
