using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkforceSim.Scenarios;

/// <summary>
/// Writes a resolved scenario (<see cref="ScenarioLoadResult.Resolved"/>: after <c>extends</c>, with defaults filled in)
/// as a self-contained scenario file that loads back to the same scenario: block-style YAML, top-level keys in the
/// order of docs/scenario-format.md, <c>id</c> first in list items, numbers in shortest round-trip form, text quoted
/// unless it is a plain word. Output is deterministic, culture-invariant, with LF line ends.
/// </summary>
public static partial class ScenarioYamlWriter
{
    /// <summary>Top-level keys in the documented order; any other key follows in its own order.</summary>
    private static readonly string[] TopOrder =
    [
        "scenario", "title", "description", "horizon", "replications", "seed", "cycle", "workforce", "attrition", "hiring",
        "effectiveness", "evaluation", "compensation", "career_ladder", "leadership_roles", "bonuses", "policies",
    ];

    private static readonly JsonSerializerOptions QuotedText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*$")]
    private static partial Regex PlainWord();

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex Digits();

    /// <summary>The YAML text.</summary>
    /// <param name="resolved">The scenario tree: maps, lists, and null/bool/long/int/double/string scalars.</param>
    /// <param name="header">Comment lines written first (without the leading <c>#</c>); line breaks inside are replaced by spaces.</param>
    public static string Write(IReadOnlyDictionary<string, object?> resolved, IEnumerable<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var b = new StringBuilder(16 * 1024);
        foreach (var line in header ?? [])
            b.Append("# ").Append(line.Replace('\r', ' ').Replace('\n', ' ')).Append('\n');
        var keys = TopOrder.Where(resolved.ContainsKey).Concat(resolved.Keys.Where(k => !TopOrder.Contains(k)));
        foreach (var key in keys)
            Entry(b, 0, key, resolved[key]);
        return b.ToString();
    }

    private static void Entry(StringBuilder b, int indent, string key, object? value)
    {
        b.Append(' ', indent).Append(Key(key)).Append(':');
        Value(b, indent, value);
    }

    /// <summary>Writes a value after "key:" or "- ": inline for scalars and empty collections, else on the next lines.</summary>
    private static void Value(StringBuilder b, int indent, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> { Count: 0 } or IDictionary<string, object?> { Count: 0 }:
                b.Append(" {}\n");
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                b.Append('\n');
                foreach (var (k, v) in Ordered(map)) Entry(b, indent + 2, k, v);
                break;
            case System.Collections.IList { Count: 0 }:
                b.Append(" []\n");
                break;
            case System.Collections.IList list:
                b.Append('\n');
                foreach (var item in list) Item(b, indent + 2, item);
                break;
            default:
                b.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void Item(StringBuilder b, int indent, object? item)
    {
        if (item is IEnumerable<KeyValuePair<string, object?>> map && map.Any())
        {
            // "- first: value" then the other keys aligned under it.
            bool first = true;
            foreach (var (k, v) in Ordered(map))
            {
                if (first) { b.Append(' ', indent).Append("- ").Append(Key(k)).Append(':'); Value(b, indent + 2, v); first = false; }
                else Entry(b, indent + 2, k, v);
            }
            return;
        }
        b.Append(' ', indent).Append('-');
        Value(b, indent, item);
    }

    private static IEnumerable<KeyValuePair<string, object?>> Ordered(IEnumerable<KeyValuePair<string, object?>> map) =>
        map.OrderBy(e => e.Key == "id" ? 0 : 1); // stable: the map's own order otherwise

    private static string Key(string key) => PlainWord().IsMatch(key) && !IsReserved(key) || Digits().IsMatch(key) ? key : Quote(key);

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool v => v ? "true" : "false",
        long v => v.ToString(CultureInfo.InvariantCulture),
        int v => v.ToString(CultureInfo.InvariantCulture),
        double v => Number(v),
        float v => Number(v),
        string s => PlainWord().IsMatch(s) && !IsReserved(s) ? s : Quote(s),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Number(double v) =>
        double.IsNaN(v) ? ".nan" : double.IsPositiveInfinity(v) ? ".inf" : double.IsNegativeInfinity(v) ? "-.inf"
        : v == 0 ? "0" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Words a YAML reader takes for something other than text.</summary>
    private static bool IsReserved(string s) =>
        s.ToLowerInvariant() is "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n";

    /// <summary>A double-quoted YAML scalar (JSON string escapes are valid YAML escapes).</summary>
    private static string Quote(string s) => JsonSerializer.Serialize(s, QuotedText);
}
