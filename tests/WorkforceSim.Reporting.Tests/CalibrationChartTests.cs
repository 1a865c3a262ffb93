using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public sealed class CalibrationChartTests : IDisposable
{
    // A life-table.csv as wsim calibrate writes it: yos 2 has nobody at risk (empty hazard), yos 3 is the hard stop.
    private const string LifeTable =
        CalibrationCharts.LifeTableHeader + "\n" +
        "0,1,100,10,5,0.1,0.0552,0.1744,0.9,0.8256,0.9448,1,0.1,10\n" +
        "1,2,80,4,6,0.05,0.0196,0.1216,0.855,0.77,0.91,2-3,0.06,4.8\n" +
        "2,3,0,0,0,,0,1,0.855,0.77,0.91,2-3,0.06,0\n" +
        "3,4,6,6,0,1,0.6097,1,0,0,0,mandatory,1,6\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wsim-calchart-" + Guid.NewGuid().ToString("N")[..10]);

    public CalibrationChartTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyList<LifeTableChartRow> Rows()
    {
        string path = Path.Combine(_dir, "life-table.csv");
        File.WriteAllText(path, LifeTable);
        return CalibrationCharts.ReadLifeTable(path);
    }

    [Fact]
    public void The_life_table_is_read_with_empty_fields_as_NaN()
    {
        var rows = Rows();
        Assert.Equal(4, rows.Count);
        Assert.Equal((2, 3, 0), (rows[2].Yos, rows[2].YearOfService, rows[2].AtRisk));
        Assert.True(double.IsNaN(rows[2].Hazard));
        Assert.Equal("mandatory", rows[3].Band);
        Assert.Equal(4.8, rows[1].ExpectedExits);
    }

    [Fact]
    public void A_life_table_with_another_header_is_refused_with_its_location()
    {
        string path = Path.Combine(_dir, "other.csv");
        File.WriteAllText(path, "yos,hazard\n0,0.1\n");
        var e = Assert.Throws<InvalidDataException>(() => CalibrationCharts.ReadLifeTable(path));
        Assert.Contains("other.csv(1,1)", e.Message);
    }

    [Fact]
    public void Hazard_chart_holds_the_interval_band_the_raw_estimates_and_the_fitted_step_without_the_hard_stop()
    {
        var chart = CalibrationCharts.Hazard(Rows());
        Assert.Equal("calibration-hazard", chart.Name);
        var band = chart.Series[0];
        Assert.Equal(SeriesKind.Band, band.Kind);
        Assert.Equal([1.0, 2, 3], band.X.ToArray());
        Assert.Equal(0.0552, band.YLow[0]);
        Assert.Equal(0.1744, band.Y[0]);
        Assert.True(double.IsNaN(band.Y[2]) && double.IsNaN(band.YLow[2]), "a year nobody was at risk in has no band");
        Assert.Equal(SeriesKind.Markers, chart.Series[1].Kind);
        Assert.Equal(SeriesKind.StepLine, chart.Series[2].Kind);
        // The fitted step is centred on each year: from year - 1/2 to year + 1/2.
        Assert.Equal([0.5, 1.5, 2.5, 3.5], chart.Series[2].X.ToArray());
        Assert.Equal([0.1, 0.06, 0.06, 0.06], chart.Series[2].Y.ToArray());
        Assert.Equal(0, chart.YMin);
        Assert.Equal(0.125, chart.YMax!.Value, 12);
        Assert.Contains("Not drawn: year of service 4", chart.Caption);
    }

    [Fact]
    public void Hazard_chart_of_a_table_without_hard_stop_keeps_every_year()
    {
        var rows = Rows().Take(2).ToList();
        var chart = CalibrationCharts.Hazard(rows);
        Assert.Equal([1.0, 2], chart.Series[1].X.ToArray());
        Assert.DoesNotContain("Not drawn", chart.Caption);
    }

    [Fact]
    public void Survival_chart_starts_at_one_before_the_first_year_and_steps_with_its_band()
    {
        var chart = CalibrationCharts.Survival(Rows(), "90%");
        var (band, line) = (chart.Series[0], chart.Series[1]);
        Assert.Equal(SeriesKind.StepBand, band.Kind);
        Assert.Equal([0.0, 1, 2, 3, 4], line.X.ToArray());
        Assert.Equal([1, 0.9, 0.855, 0.855, 0], line.Y.ToArray());
        Assert.Equal([1, 0.8256, 0.77, 0.77, 0], band.YLow.ToArray());
        Assert.Contains("90%", band.Label);
    }

    [Fact]
    public void Observed_expected_chart_has_bars_of_exits_and_markers_of_expected_exits()
    {
        var chart = CalibrationCharts.ObservedExpected(Rows());
        Assert.Equal([10.0, 4, 0, 6], chart.Series[0].Y.ToArray());
        Assert.Equal([0.0, 0, 0, 0], chart.Series[0].YLow.ToArray());
        Assert.Equal([10, 4.8, 0, 6], chart.Series[1].Y.ToArray());
    }

    [Fact]
    public void Every_calibration_chart_renders_a_non_blank_png_of_the_default_size_and_an_svg_with_its_labels()
    {
        foreach (var chart in CalibrationCharts.All(Rows()))
        {
            var rendered = ChartRenderer.Save(chart, _dir);
            var (w, h, variance) = PngImage.Inspect(File.ReadAllBytes(Path.Combine(_dir, chart.Name + ".png")));
            Assert.Equal((ChartStyle.WidthPx, ChartStyle.HeightPx), (w, h));
            Assert.True(variance > 100, $"{chart.Name}: luminance variance {variance} looks blank");
            PngImage.Keep(chart.Name + ".png", rendered.Png);
            var texts = System.Xml.Linq.XDocument.Parse(File.ReadAllText(Path.Combine(_dir, chart.Name + ".svg")))
                .Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
            Assert.Contains(chart.Title, texts);
            Assert.Contains(chart.XLabel, texts);
            Assert.Contains(chart.YLabel, texts);
        }
    }
}
