using System.Text;
using System.Text.RegularExpressions;

namespace WorkforceSim.Reporting.Html;

/// <summary>Escaping and SVG inlining for the report, which must stay well-formed XML as well as valid HTML.</summary>
internal static partial class HtmlText
{
    /// <summary>Escapes text for element content and double-quoted attributes (only the five XML entities).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var b = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': b.Append("&amp;"); break;
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '"': b.Append("&quot;"); break;
                case '\'': b.Append("&#39;"); break;
                default:
                    // Control characters other than tab and line breaks are not allowed in XML.
                    if (c < ' ' && c is not ('\t' or '\n' or '\r')) b.Append('\uFFFD');
                    else b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"\bid=""([^""]+)""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex(@"href=""#([^""]+)""")]
    private static partial Regex HrefReference();

    [GeneratedRegex(@"\s+xmlns(:xlink)?=""[^""]*""")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex SvgStartTag();

    /// <summary>
    /// Prepares a ScottPlot SVG document for inlining: drops the XML declaration and the namespace declarations
    /// (HTML puts &lt;svg&gt; in the SVG namespace by itself), prefixes every id and its references with
    /// <paramref name="idPrefix"/> so clip paths of different charts cannot collide, and makes the drawing scale to
    /// the page width with a viewBox.
    /// </summary>
    public static string InlineSvg(string svg, string idPrefix, int widthPx, int heightPx, string label)
    {
        string s = XmlDeclaration().Replace(svg, "");
        if (!s.Contains("xlink:", StringComparison.Ordinal)) s = NamespaceDeclaration().Replace(s, "");
        s = IdAttribute().Replace(s, m => $"id=\"{idPrefix}-{m.Groups[1].Value}\"");
        s = UrlReference().Replace(s, m => $"url(#{idPrefix}-{m.Groups[1].Value})");
        s = HrefReference().Replace(s, m => $"href=\"#{idPrefix}-{m.Groups[1].Value}\"");
        return SvgStartTag().Replace(s,
            $"<svg viewBox=\"0 0 {widthPx} {heightPx}\" role=\"img\" aria-label=\"{Escape(label)}\" class=\"chart\">", 1).Trim();
    }
}
