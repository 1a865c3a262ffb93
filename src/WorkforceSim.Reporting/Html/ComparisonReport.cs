using System.Globalization;
using System.Text;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Comparison;

namespace WorkforceSim.Reporting.Html;

/// <summary>Builds the comparison's <c>report.html</c> in the run report's style: one self-contained page.</summary>
public static class ComparisonReport
{
    /// <summary>The page.</summary>
    public static string Build(ComparisonData data, IReadOnlyList<RenderedChart> charts)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(charts);
        var inv = CultureInfo.InvariantCulture;
        var m = data.Base.Manifest;
        var b = new StringBuilder(256 * 1024);
        string title = "Comparison with " + data.Base.Label;
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        b.Append("<title>").Append(HtmlText.Escape(title)).Append(" — WorkforceSim comparison</title>\n");
        b.Append("<style>\n").Append(HtmlReport.Css).Append("\n</style>\n</head>\n<body>\n");
        b.Append("<header>\n<h1>").Append(HtmlText.Escape(title)).Append("</h1>\n<p class=\"subtitle\">Base <code>")
            .Append(HtmlText.Escape(data.Base.Label)).Append("</code> against ")
            .Append(HtmlText.Escape(string.Join(", ", data.Scenarios.Skip(1).Select(s => s.Label)))).Append("; ")
            .Append(m.StartYear).Append('–').Append(m.StartYear + m.Years - 1).Append(", ")
            .Append(ReportFormat.Count(m.Replications)).Append(" replications each, seed ").Append(m.Seed).Append("</p>\n</header>\n");

        b.Append("<section class=\"indicators\">\n<h2>Key indicator differences</h2>\n");
        b.Append("<p class=\"note\">Every scenario ran with the same seed and replications, so replication <i>r</i> of an alternative ")
            .Append("meets the same random draws as replication <i>r</i> of the base wherever the policy does not change a teacher's situation. ")
            .Append("The difference is therefore measured replication by replication (a paired comparison); its interval is much tighter than ")
            .Append("that of two independent runs. The variance reduction factor says how many times more replications independent runs would need.</p>\n");
        foreach (var alt in data.Scenarios.Skip(1))
        {
            b.Append("<h3>").Append(HtmlText.Escape(alt.Label)).Append(" − ").Append(HtmlText.Escape(data.Base.Label)).Append("</h3>\n");
            b.Append("<table>\n<thead><tr><th>Indicator</th><th>Base</th><th>Alternative</th><th>Difference</th><th>95% CI (paired)</th>")
                .Append("<th>95% CI half-width if independent</th><th>Variance reduction</th></tr></thead>\n<tbody>\n");
            foreach (var k in data.KeyDifferences.Where(k => k.Alternative == alt.Label))
            {
                var s = k.Stats;
                string vr = double.IsNaN(s.VarianceReduction) ? "n/a" : double.IsPositiveInfinity(s.VarianceReduction) ? "∞" : s.VarianceReduction.ToString("0.0", inv) + "×";
                b.Append("<tr><td>").Append(HtmlText.Escape(k.Label)).Append("</td><td class=\"num\">")
                    .Append(HtmlText.Escape(ReportFormat.Value(s.BaseMean, k.Unit))).Append("</td><td class=\"num\">")
                    .Append(HtmlText.Escape(ReportFormat.Value(s.AltMean, k.Unit))).Append("</td><td class=\"num\">")
                    .Append(HtmlText.Escape(Signed(s.DiffMean, k.Unit))).Append("</td><td class=\"num\">")
                    .Append(HtmlText.Escape(Signed(s.DiffCiLow, k.Unit))).Append(" – ").Append(HtmlText.Escape(Signed(s.DiffCiHigh, k.Unit)))
                    .Append("</td><td class=\"num\">±").Append(HtmlText.Escape(ReportFormat.Value(s.IndependentCiHalfWidth, k.Unit)))
                    .Append("</td><td class=\"num\">").Append(HtmlText.Escape(vr)).Append("</td></tr>\n");
            }
            b.Append("</tbody>\n</table>\n");
        }
        b.Append("</section>\n");

        b.Append("<section class=\"charts\">\n<h2>Charts</h2>\n");
        foreach (var c in charts)
        {
            var d = c.Definition;
            b.Append("<figure id=\"chart-").Append(HtmlText.Escape(d.Name)).Append("\">\n")
                .Append(HtmlText.InlineSvg(c.Svg, "chart-" + d.Name, c.WidthPx, c.HeightPx, d.Title)).Append('\n')
                .Append("<figcaption>").Append(HtmlText.Escape(d.Caption)).Append("</figcaption>\n</figure>\n");
        }
        b.Append("</section>\n");

        b.Append("<section class=\"inputs\">\n<h2>Inputs that differ</h2>\n");
        if (data.Inputs.IsEmpty)
            b.Append("<p class=\"note\">The resolved scenarios are identical (after <code>extends</code> and defaults).</p>\n");
        else
        {
            b.Append("<table>\n<thead><tr><th>Alternative</th><th>Parameter</th><th>Base</th><th>Alternative</th></tr></thead>\n<tbody>\n");
            foreach (var r in data.Inputs)
                b.Append("<tr><td>").Append(HtmlText.Escape(r.Alternative)).Append("</td><td><code>").Append(HtmlText.Escape(r.Path))
                    .Append("</code></td><td>").Append(HtmlText.Escape(r.BaseValue)).Append("</td><td>").Append(HtmlText.Escape(r.AltValue)).Append("</td></tr>\n");
            b.Append("</tbody>\n</table>\n");
        }
        b.Append("</section>\n");

        b.Append("<section class=\"metadata\">\n<h2>Runs</h2>\n<table><thead><tr><th>Role</th><th>Scenario</th><th>File</th><th>SHA-256</th><th>Run folder</th></tr></thead><tbody>\n");
        int i = 0;
        foreach (var s in data.Scenarios)
            b.Append("<tr><td>").Append(i++ == 0 ? "base" : "alternative").Append("</td><td>").Append(HtmlText.Escape(s.Manifest.ScenarioTitle))
                .Append("</td><td>").Append(HtmlText.Escape(s.Manifest.ScenarioFile)).Append("</td><td><code>").Append(HtmlText.Escape(s.Manifest.ScenarioSha256))
                .Append("</code></td><td>").Append(HtmlText.Escape(ComparisonOutputWriter.ScenariosFolder + "/" + s.Folder)).Append("</td></tr>\n");
        b.Append("</tbody></table>\n</section>\n");
        b.Append("<footer class=\"note\"><p>Generated by WorkforceSim ").Append(HtmlText.Escape(data.ToolVersion))
            .Append(" (differences.csv, inputs-diff.csv, summary.json).</p></footer>\n</body>\n</html>\n");
        return b.ToString();
    }

    private static string Signed(double v, string unit)
    {
        string s = ReportFormat.Value(v, unit);
        return v > 0 ? "+" + s : s;
    }
}
