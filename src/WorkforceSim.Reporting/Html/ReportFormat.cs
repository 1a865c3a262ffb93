using System.Globalization;

namespace WorkforceSim.Reporting.Html;

/// <summary>Human number text for the report, always culture-invariant (decimal point, comma thousands separator).</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A value in an indicator's unit: shares as percentages with one decimal ("54.8%"), currency as whole units with
    /// thousands separators ("5,294,000"), counts with one decimal ("97.9"). NaN reads "n/a".
    /// </summary>
    public static string Value(double value, string unit)
    {
        if (double.IsNaN(value)) return "n/a";
        return unit switch
        {
            "share" or "share/year" => (value * 100).ToString("0.0", Invariant) + "%",
            "currency/year" or "currency" => value.ToString("#,##0", Invariant),
            _ => value.ToString("#,##0.0", Invariant),
        };
    }

    /// <summary>The unit as shown next to a value: "per year" for rates and annual costs, else the unit word.</summary>
    public static string Unit(string unit) => unit switch
    {
        "share" => "share",
        "share/year" => "share per year",
        "currency/year" => "currency per year",
        _ => unit,
    };

    /// <summary>A scalar of the resolved scenario or the manifest: shortest round-trip numbers, true/false, "(none)" for null.</summary>
    public static string Scalar(object? value) => value switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        double d => InvariantNumber.Format(d),
        float f => InvariantNumber.Format(f),
        decimal m => m.ToString(Invariant),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    /// <summary>Seconds with three significant decimals ("12.345 s").</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.###", Invariant) + " s";

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(double value) => value.ToString("#,##0", Invariant);
}
