using System.Collections.Immutable;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Html;

namespace WorkforceSim.Reporting;

/// <summary>The files a report generation wrote.</summary>
/// <param name="ReportHtml">Path of report.html.</param>
/// <param name="ChartFiles">Paths of the chart files (PNG and SVG per chart).</param>
public sealed record ReportFiles(string ReportHtml, ImmutableArray<string> ChartFiles);

/// <summary>Regenerates the charts and <c>report.html</c> of a saved run folder (<c>wsim report DIR</c>).</summary>
public static class ReportGenerator
{
    /// <summary>Name of the charts folder inside a run folder.</summary>
    public const string ChartsFolder = "charts";
    /// <summary>Name of the report file.</summary>
    public const string ReportFile = "report.html";

    /// <summary>
    /// Reads the run folder (<see cref="ReportModel.Load"/>), writes every chart as PNG and SVG under <c>charts/</c> and
    /// writes <c>report.html</c>; each file is written to a temporary name and then moved into place.
    /// </summary>
    /// <exception cref="FileNotFoundException">A required file of the run folder is missing.</exception>
    /// <exception cref="InvalidDataException">A file of the run folder does not have the documented shape.</exception>
    public static ReportFiles Generate(string runDir)
    {
        var model = ReportModel.Load(runDir);
        string chartsDir = Path.Combine(runDir, ChartsFolder);
        Directory.CreateDirectory(chartsDir);
        var rendered = new List<RenderedChart>();
        var files = ImmutableArray.CreateBuilder<string>();
        foreach (var chart in ChartCatalog.For(model))
        {
            rendered.Add(ChartRenderer.Save(chart, chartsDir));
            files.Add(Path.Combine(chartsDir, chart.Name + ".png"));
            files.Add(Path.Combine(chartsDir, chart.Name + ".svg"));
        }
        string html = HtmlReport.Build(model, rendered);
        string reportPath = Path.Combine(runDir, ReportFile);
        AtomicOutput.WriteFile(reportPath, temp => File.WriteAllText(temp, html, new System.Text.UTF8Encoding(false)));
        return new ReportFiles(reportPath, files.ToImmutable());
    }
}
