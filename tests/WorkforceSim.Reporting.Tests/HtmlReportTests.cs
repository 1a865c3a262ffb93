using System.Text.RegularExpressions;
using System.Xml;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string GenerateFixtureReport(string name = "run", bool withHazard = false)
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub(name));
        if (withHazard)
            File.WriteAllText(Path.Combine(dir, "hazard.csv"), "year_of_service,input_hazard,realized,ci_low,ci_high\n1,0.15,0.16,0.14,0.18\n");
        var files = ReportGenerator.Generate(dir);
        return File.ReadAllText(files.ReportHtml);
    }

    private static XmlDocument ParseAsXml(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        var doc = new XmlDocument();
        doc.Load(reader);
        return doc;
    }

    [Fact]
    public void Report_is_well_formed_xml()
    {
        var doc = ParseAsXml(GenerateFixtureReport());
        Assert.Equal("html", doc.DocumentElement!.Name);
    }

    [Fact]
    public void Element_ids_are_unique_across_the_inlined_charts()
    {
        var doc = ParseAsXml(GenerateFixtureReport());
        var ids = doc.SelectNodes("//@id")!.Cast<XmlAttribute>().Select(a => a.Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (Match m in UrlReference().Matches(doc.OuterXml))
            Assert.Contains(m.Groups[1].Value, ids);
    }

    [Fact]
    public void Report_has_no_external_reference()
    {
        string html = GenerateFixtureReport(withHazard: true);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in SrcOrHref().Matches(html))
            Assert.StartsWith("#", m.Groups[2].Value);
    }

    [Fact]
    public void Every_chart_is_inlined_as_svg()
    {
        string html = GenerateFixtureReport(withHazard: true);
        Assert.Equal(8, Regex.Count(html, "<svg "));
        Assert.DoesNotContain("<?xml", html);
        foreach (var name in new[] { "retention", "headcount", "exits", "hires", "hazard", "fan-headcount", "fan-effectiveness", "cost" })
            Assert.Contains($"<figure id=\"chart-{name}\">", html);
        Assert.DoesNotContain("hazard-rate chart is not shown", html);
    }

    [Fact]
    public void Without_hazard_csv_the_report_says_why_that_chart_is_missing()
    {
        string html = GenerateFixtureReport();
        Assert.Equal(7, Regex.Count(html, "<svg "));
        Assert.Contains("no hazard.csv", html);
    }

    [Fact]
    public void User_text_is_escaped()
    {
        string html = GenerateFixtureReport();
        Assert.Contains("Career ladder &lt;pilot&gt; &amp; &quot;coaching&quot;", html);
        Assert.DoesNotContain("<pilot>", html);
        Assert.Contains("Raise &lt;stipend&gt; &amp; see", html);
    }

    [Fact]
    public void Report_shows_indicators_parameters_policies_and_run_metadata()
    {
        string html = GenerateFixtureReport();
        Assert.Contains("5-year retention of new hires", html);
        Assert.Contains("<td class=\"num\">54.8%</td>", html);
        Assert.Contains("Team leads coach up to 6 colleagues", html);
        Assert.Contains("<code>career_ladder.stages[team_lead].stipend</code> = 5000", html);
        Assert.Contains("<td class=\"num\">2027</td>", html);
        Assert.Contains("<th>hazard_by_yos</th><td>0.15, 0.12, 0.1</td>", html);
        Assert.Contains("<td>team_lead</td><td>50000</td><td>2500.5</td>", html);
        Assert.Contains("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", html);
        Assert.Contains("<tr><th>Seed</th><td>42</td></tr>", html);
        Assert.Contains("<tr><th>Threads</th><td>2</td></tr>", html);
        Assert.Contains("<tr><th>Wall time</th><td>1.5 s</td></tr>", html);
        Assert.Contains("<tr><th>Tool version</th><td>0.1.0-test</td></tr>", html);
    }

    [Fact]
    public void Report_is_print_friendly()
    {
        string html = GenerateFixtureReport();
        Assert.Contains("@page", html);
        Assert.Contains("break-inside: avoid", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void Numbers_are_culture_invariant_and_the_report_is_the_same_under_de_DE()
    {
        string invariant = CultureSwap.Under("", () => GenerateFixtureReport("inv"));
        string german = CultureSwap.Under("de-DE", () => GenerateFixtureReport("de"));
        Assert.Equal(invariant, german);
        Assert.Contains("5,294,000", german);        // annual cost, comma thousands separator
        Assert.Contains("54.8%", german);
        Assert.DoesNotContain("54,8", german);
    }

    [Fact]
    public void Generate_writes_charts_and_report_and_leaves_no_temporary_files()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        var files = ReportGenerator.Generate(dir);
        ReportGenerator.Generate(dir);   // regenerating replaces the files in place
        Assert.Equal(Path.Combine(dir, "report.html"), files.ReportHtml);
        Assert.Equal(14, files.ChartFiles.Length);
        Assert.All(files.ChartFiles, f => Assert.True(File.Exists(f), f));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir, ".*", SearchOption.AllDirectories));
        Assert.Equal(["charts", "hazard.csv", "manifest.json", "replications.csv", "report.html", "summary.json", "survival.csv", "yearly.csv"],
            Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order());
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex(@"\b(src|href)\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SrcOrHref();
}
