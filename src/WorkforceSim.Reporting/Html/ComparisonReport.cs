using System.Globalization;
using System.Text;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Uncertainty;
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
            .Append(data.Uncertainty is { } un ? $"{ReportFormat.Count(un.Worlds)} worlds × " : "")
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
        if (data.Uncertainty is not null) AppendBenefit(b, data);
        AppendCostEffectiveness(b, data);

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

    /// <summary>Under parameter uncertainty: per alternative and indicator, the probability that the alternative is better.</summary>
    private static void AppendBenefit(StringBuilder b, ComparisonData data)
    {
        var u = data.Uncertainty!;
        var inv = CultureInfo.InvariantCulture;
        b.Append("<section class=\"benefit\">\n<h2>Under parameter uncertainty</h2>\n<p class=\"note\">Some parameters are distributions, so ")
            .Append("every scenario ran in the same ").Append(ReportFormat.Count(u.Worlds)).Append(" worlds (a world draws every uncertain parameter; a parameter ")
            .Append("two scenarios share is drawn at the same probability in both) with ").Append(ReportFormat.Count(u.Replications))
            .Append(" replications each. The probability of benefit is the share of worlds in which the alternative's mean is better than the base's ")
            .Append("(a world with no difference counts one half); the intervals split the difference's uncertainty into the part due to the parameters ")
            .Append("(2.5th–97.5th percentile of the world mean differences) and the whole (every world and replication).</p>\n");
        foreach (var alt in data.Scenarios.Skip(1))
        {
            b.Append("<h3>").Append(HtmlText.Escape(alt.Label)).Append(" − ").Append(HtmlText.Escape(data.Base.Label)).Append("</h3>\n");
            b.Append("<table>\n<thead><tr><th>Indicator</th><th>Better when</th><th>Expected difference</th><th>95% CI</th>")
                .Append("<th>Probability of benefit</th><th>Difference due to parameters</th><th>Difference, total</th></tr></thead>\n<tbody>\n");
            foreach (var r in u.Benefits.Where(r => r.Alternative == alt.Label))
            {
                var s = r.Stats;
                b.Append("<tr><td>").Append(HtmlText.Escape(r.Label)).Append("</td><td>").Append(r.Better is { } dir ? BetterDirection.Name(dir) : "—")
                    .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(s.DiffMean, r.Unit)))
                    .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(s.DiffCiLow, r.Unit))).Append(" – ").Append(HtmlText.Escape(Signed(s.DiffCiHigh, r.Unit)))
                    .Append("</td><td class=\"num\">").Append(double.IsNaN(r.ProbabilityOfBenefit) ? "n/a" : (r.ProbabilityOfBenefit * 100).ToString("0", inv) + "%")
                    .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(r.Difference.Parameters.Low, r.Unit))).Append(" – ").Append(HtmlText.Escape(Signed(r.Difference.Parameters.High, r.Unit)))
                    .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(r.Difference.Total.Low, r.Unit))).Append(" – ").Append(HtmlText.Escape(Signed(r.Difference.Total.High, r.Unit)))
                    .Append("</td></tr>\n");
            }
            b.Append("</tbody>\n</table>\n");
        }
        b.Append("</section>\n");
    }

    /// <summary>Added cost per extra teacher retained, per extra top-quintile teacher retained and per avoided vacancy.</summary>
    private static void AppendCostEffectiveness(StringBuilder b, ComparisonData data)
    {
        if (data.CostEffectiveness.IsEmpty) return;
        bool worlds = data.Uncertainty is not null;
        b.Append("<section class=\"cost-effectiveness\">\n<h2>Cost-effectiveness</h2>\n<p class=\"note\">Added cost = the difference in ")
            .Append("<code>cost.total</code> (salaries, stipends and bonuses, hiring cost per hire) summed over the horizon, undiscounted. Effects over the horizon: ")
            .Append("teachers retained = exits avoided; top-quintile teachers retained = exits of teachers in the top effectiveness quintile avoided; ")
            .Append("avoided vacancies = position-years that start a school year unfilled. The cost per unit is the ratio of the mean added cost to the ")
            .Append("mean extra effect, with Fieller's 95% interval; when the extra effect cannot be told apart from zero the ratio is not defined, and when ")
            .Append("the alternative costs less and does better (dominant) or costs more and does worse (dominated) no price is quoted.")
            .Append(worlds ? " The last column is the 2.5th–97.5th percentile of the ratio over worlds (parameter uncertainty), given when every world retains more." : "")
            .Append("</p>\n<table>\n<thead><tr><th>Alternative</th><th>Per</th><th>Added cost</th><th>Extra units</th><th>Cost per unit</th><th>95% CI (Fieller)</th>")
            .Append(worlds ? "<th>Over worlds</th>" : "").Append("</tr></thead>\n<tbody>\n");
        foreach (var r in data.CostEffectiveness)
        {
            b.Append("<tr><td>").Append(HtmlText.Escape(r.Alternative)).Append("</td><td>").Append(HtmlText.Escape(r.Effect.Label))
                .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(r.DeltaCost, "currency")))
                .Append("</td><td class=\"num\">").Append(HtmlText.Escape(Signed(r.DeltaEffect, r.Effect.Unit)))
                .Append("</td><td>").Append(HtmlText.Escape(RatioText(r)))
                .Append("</td><td class=\"num\">").Append(double.IsNaN(r.RatioCi.Low) ? "—" : HtmlText.Escape(ReportFormat.Value(r.RatioCi.Low, "currency") + " – " + ReportFormat.Value(r.RatioCi.High, "currency")))
                .Append("</td>");
            if (worlds)
                b.Append("<td class=\"num\">").Append(double.IsNaN(r.WorldRatio.Low) ? "—" : HtmlText.Escape(ReportFormat.Value(r.WorldRatio.Low, "currency") + " – " + ReportFormat.Value(r.WorldRatio.High, "currency")))
                    .Append("</td>");
            b.Append("</tr>\n");
        }
        b.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The ratio in words: a price, or why there is none.</summary>
    public static string RatioText(CostEffectivenessRow r) => r.Status switch
    {
        CostEffectStatus.Defined => ReportFormat.Value(r.Ratio, "currency") + " per " + r.Effect.Unit,
        CostEffectStatus.CheaperButWorse => "saves " + ReportFormat.Value(r.Ratio, "currency") + " per " + r.Effect.Unit + " lost",
        CostEffectStatus.Dominant => "dominant: costs less, retains more",
        CostEffectStatus.Dominated => "dominated: costs more, retains fewer",
        _ => "not defined: no measurable extra effect",
    };

    private static string Signed(double v, string unit)
    {
        string s = ReportFormat.Value(v, unit);
        return v > 0 ? "+" + s : s;
    }
}
