using System.Text;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Html;

namespace WorkforceSim.Reporting;

/// <summary>The key indicators as a plain-text table for the console (the CLI's printed summary).</summary>
public static class KeyIndicatorTable
{
    /// <summary>
    /// An aligned table with the columns Indicator, Mean, 95% CI and Unit, numbers formatted as in the report
    /// (culture-invariant), lines ending in "\n".
    /// </summary>
    public static string ToText(IEnumerable<KeyIndicator> indicators)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var rows = new List<string[]> { new[] { "Indicator", "Mean", "95% CI", "Unit" } };
        rows.AddRange(indicators.Select(k => new[]
        {
            k.Label,
            ReportFormat.Value(k.Mean, k.Unit),
            ReportFormat.Value(k.CiLow, k.Unit) + " – " + ReportFormat.Value(k.CiHigh, k.Unit),
            ReportFormat.Unit(k.Unit),
        }));
        int[] widths = [.. Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length))];
        var b = new StringBuilder();
        foreach (var row in rows)
        {
            b.Append(row[0].PadRight(widths[0])).Append("  ")
                .Append(row[1].PadLeft(widths[1])).Append("  ")
                .Append(row[2].PadLeft(widths[2])).Append("  ")
                .Append(row[3]);
            b.Append('\n');
        }
        return b.ToString();
    }
}
