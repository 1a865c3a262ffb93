using System.Text;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;
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
        return Align(rows, lastLeft: true);
    }

    /// <summary>
    /// For a run with uncertain parameters: each key indicator's three 95% intervals (total, due to parameters, due to
    /// noise) and the share of its variance that comes from the parameters.
    /// </summary>
    public static string UncertaintyToText(IEnumerable<KeyIndicatorUncertainty> indicators)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var rows = new List<string[]> { new[] { "95% intervals", "total", "due to parameters", "due to noise", "parameter share" } };
        rows.AddRange(indicators.Select(k =>
        {
            var u = k.Uncertainty;
            string unit = k.Indicator.Unit;
            string Range(Interval i) => ReportFormat.Value(i.Low, unit) + " – " + ReportFormat.Value(i.High, unit);
            double share = u.Components.ParameterShare;
            return new[]
            {
                k.Indicator.Label, Range(u.Total), Range(u.Parameters), Range(u.Noise),
                double.IsNaN(share) ? "n/a" : (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%",
            };
        }));
        return Align(rows, lastLeft: false);
    }

    /// <summary>First column left-aligned, the others right-aligned (the last left-aligned when asked), two spaces apart.</summary>
    private static string Align(List<string[]> rows, bool lastLeft)
    {
        int columns = rows[0].Length;
        int[] widths = [.. Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length))];
        var b = new StringBuilder();
        foreach (var row in rows)
        {
            for (int c = 0; c < columns; c++)
            {
                bool last = c == columns - 1;
                if (c == 0) b.Append(row[c].PadRight(widths[c]));
                else if (last && lastLeft) b.Append(row[c]);
                else b.Append(row[c].PadLeft(widths[c]));
                if (!last) b.Append("  ");
            }
            b.Append('\n');
        }
        return b.ToString();
    }
}
