using System.Globalization;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios.Yaml;

/// <summary>
/// A YAML node with the file and position it came from. Trees are never mutated after reading: merging and
/// policies build new parent nodes and reuse the children, so every value keeps pointing at its own source.
/// </summary>
internal abstract class YNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>Number of nodes in this subtree (for the alias-expansion budget).</summary>
    public abstract int Size { get; }

    /// <summary>A short word for the node's kind, used in "expected a map, found a list".</summary>
    public abstract string KindName { get; }
}

/// <summary>A scalar. Quoted and block scalars are always strings; plain scalars are typed by <see cref="ScalarValue"/>.</summary>
internal sealed class YScalar(SourceLocation location, string text, bool plain) : YNode(location)
{
    public string Text { get; } = text;
    public bool Plain { get; } = plain;

    /// <summary>Set on keys that a policy path created; unknown-key errors then speak about the policy path.</summary>
    public string? PolicyPath { get; init; }

    public override int Size => 1;
    public override string KindName => ScalarValue.Of(this) switch
    {
        null => "an empty value",
        bool => "a boolean",
        long or double => "a number",
        _ => "a string",
    };

    public override string ToString() => Text;
}

/// <summary>A mapping, in document order. Keys are unique (duplicates are reported and dropped when reading).</summary>
internal sealed class YMap(SourceLocation location, IReadOnlyList<KeyValuePair<YScalar, YNode>> entries) : YNode(location)
{
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;
    public override int Size { get; } = 1 + entries.Sum(e => 1 + e.Value.Size);
    public override string KindName => "a map";

    public YNode? this[string key] => Find(key)?.Value;

    public KeyValuePair<YScalar, YNode>? Find(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Text == key) return e;
        return null;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (replaced in place, or appended).</summary>
    public YMap With(YScalar key, YNode value)
    {
        var list = new List<KeyValuePair<YScalar, YNode>>(Entries);
        int i = list.FindIndex(e => e.Key.Text == key.Text);
        if (i >= 0) list[i] = new(list[i].Key, value);
        else list.Add(new(key, value));
        return new YMap(Location, list);
    }

    /// <summary>A copy without the given keys.</summary>
    public YMap Without(params string[] keys) =>
        new(Location, [.. Entries.Where(e => !keys.Contains(e.Key.Text))]);
}

/// <summary>A sequence.</summary>
internal sealed class YSeq(SourceLocation location, IReadOnlyList<YNode> items) : YNode(location)
{
    public IReadOnlyList<YNode> Items { get; } = items;
    public override int Size { get; } = 1 + items.Sum(i => i.Size);
    public override string KindName => "a list";
}

/// <summary>YAML 1.2 core-schema typing of plain scalars, culture-invariant.</summary>
internal static class ScalarValue
{
    /// <summary>null, bool, long, double or string.</summary>
    public static object? Of(YScalar s)
    {
        if (!s.Plain) return s.Text;
        string t = s.Text;
        switch (t)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (LooksNumeric(t))
        {
            if (IsIntegerText(t) && long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                return l;
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                return d;
        }
        return t;
    }

    private static bool IsIntegerText(string t)
    {
        int start = t[0] is '+' or '-' ? 1 : 0;
        if (start == t.Length) return false;
        for (int i = start; i < t.Length; i++)
            if (!char.IsAsciiDigit(t[i])) return false;
        return true;
    }

    // Digits, one optional sign, a dot and an exponent: the YAML 1.2 core float pattern, without NumberStyles' extras
    // (thousands separators, currency, surrounding spaces) so that "1,5" and " 1" stay strings.
    private static bool LooksNumeric(string t)
    {
        int i = 0;
        if (t[i] is '+' or '-') i++;
        int digits = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; digits++; }
        if (i < t.Length && t[i] == '.') { i++; while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; digits++; } }
        if (digits == 0) return false;
        if (i < t.Length && t[i] is 'e' or 'E')
        {
            i++;
            if (i < t.Length && t[i] is '+' or '-') i++;
            int exp = 0;
            while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == t.Length;
    }
}
