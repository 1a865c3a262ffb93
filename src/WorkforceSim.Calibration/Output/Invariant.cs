using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkforceSim.Calibration.Output;

/// <summary>Culture-invariant number and text formatting shared by the YAML and CSV writers.</summary>
internal static partial class Invariant
{
    /// <summary>A probability or factor: at least 4 and at most 6 decimals (0.0712, 0.000315).</summary>
    public static string Value(double x) => x.ToString("0.0000##", CultureInfo.InvariantCulture);

    /// <summary>An interval bound in a comment: 4 decimals.</summary>
    public static string Bound(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A CSV number with up to 8 decimals; NaN is an empty field.</summary>
    public static string Csv(double x) => double.IsNaN(x) ? "" : x.ToString("0.########", CultureInfo.InvariantCulture);

    public static string Int(int x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>0.95 → "95%".</summary>
    public static string Percent(double level) => (level * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Text safe for one YAML comment line.</summary>
    public static string CommentText(string text) => text.ReplaceLineEndings(" ");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainScalar();

    private static readonly HashSet<string> YamlKeywords =
        new(["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A YAML scalar: plain when unambiguous, else double-quoted.</summary>
    public static string YamlScalar(string text) => PlainScalar().IsMatch(text) && !YamlKeywords.Contains(text)
        ? text
        : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
