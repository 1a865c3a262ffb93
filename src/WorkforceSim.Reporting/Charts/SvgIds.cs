using System.Text.RegularExpressions;

namespace WorkforceSim.Reporting.Charts;

/// <summary>
/// SkiaSharp numbers SVG clip-path ids with a process-wide counter, so the same chart gets different ids on each
/// render. Renumbering them in order of appearance makes chart SVGs (and the report that inlines them) reproducible.
/// </summary>
internal static partial class SvgIds
{
    [GeneratedRegex(@"\bid=""([^""]+)""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"(url\(#|href=""#)([^)""]+)")]
    private static partial Regex Reference();

    /// <summary>Renames every id to <c>PREFIXn</c> (n = 1, 2, … in document order) and updates references to it.</summary>
    public static string Normalize(string svg, string prefix = "clip")
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in IdAttribute().Matches(svg))
            names.TryAdd(m.Groups[1].Value, prefix + (names.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (names.Count == 0) return svg;
        string s = IdAttribute().Replace(svg, m => $"id=\"{names[m.Groups[1].Value]}\"");
        return Reference().Replace(s, m => names.TryGetValue(m.Groups[2].Value, out var n) ? m.Groups[1].Value + n : m.Value);
    }
}
