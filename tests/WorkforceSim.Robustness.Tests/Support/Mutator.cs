using System.Text;
using System.Text.RegularExpressions;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>The kind of file being mutated: some mutations only make sense for one of them.</summary>
internal enum InputFormat { Yaml, Csv }

/// <summary>
/// Deterministic structure-aware mutations of a seed file: byte flips, truncation, deleted and duplicated lines,
/// swapped value types, huge and negative numbers, NaN/Infinity, very long strings, deep nesting, anchors and alias
/// bombs, invalid UTF-8, control characters. Input (seed, n) is a pure function of its coordinates (<see cref="FuzzHash"/>).
/// </summary>
internal static partial class Mutator
{
    public static readonly string[] Operators =
    [
        "flip", "truncate", "delete-line", "duplicate-line", "swap-type", "huge-number", "nan-inf", "long-string",
        "deep-nesting", "alias", "non-utf8", "control-chars", "swap-lines", "delimiters",
    ];

    /// <summary>Mutation <paramref name="n"/> of <paramref name="seed"/> (file <paramref name="fileIndex"/>): 1–3 operators applied in turn.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] seed, InputFormat format, int fileIndex, int n)
    {
        var h = FuzzHash.For((ulong)fileIndex, (ulong)n, (ulong)format);
        var bytes = seed;
        var applied = new List<string>();
        int count = 1 + h.Below(0, 3);
        for (int i = 0; i < count; i++)
        {
            int op = h.Below(1 + 10 * i, Operators.Length);
            bytes = Apply(Operators[op], bytes, format, h, 2 + 10 * i);
            applied.Add(Operators[op]);
        }
        return (bytes, string.Join("+", applied));
    }

    private static byte[] Apply(string op, byte[] b, InputFormat format, FuzzHash h, int r)
    {
        int Pos(int k) => b.Length == 0 ? 0 : h.Below(r + k, b.Length);
        switch (op)
        {
            case "flip":
            {
                var c = (byte[])b.Clone();
                for (int k = 0; k < 1 + h.Below(r, 4) && c.Length > 0; k++) c[Pos(k + 1)] ^= (byte)(1 << h.Below(r + 5 + k, 8));
                return c;
            }
            case "truncate":
                return b[..Pos(1)];
            case "delete-line" or "duplicate-line" or "swap-lines":
            {
                var lines = Lines(b);
                if (lines.Count == 0) return b;
                int i = h.Below(r, lines.Count), j = h.Below(r + 1, lines.Count);
                if (op == "delete-line") lines.RemoveAt(i);
                else if (op == "duplicate-line") lines.Insert(i, lines[i]);
                else (lines[i], lines[j]) = (lines[j], lines[i]);
                return Join(lines);
            }
            case "swap-type":
                return ReplaceValue(b, h, r, format == InputFormat.Yaml
                    ? ["[1, 2]", "{a: 1}", "\"text\"", "true", "~", "null", "- x", "''", "2026-01-01", "0x1F", "1_000", "!!binary aGk=", "!custom x", "|\n  block"]
                    : ["\"quoted\"", "", "true", "x,y", "2026-13-45", "1/2/3", "abc", "\"unterminated", "-", "٣"]);
            case "huge-number":
                return ReplaceNumber(b, h, r, ["-1", "-999999999999", "1e309", "-1e309", "99999999999999999999", "2147483648",
                    "-2147483649", "9223372036854775808", "0", "1e-320", "-0", "4.9e-324", "1e308", "65536", "32768"]);
            case "nan-inf":
                return ReplaceNumber(b, h, r, [".nan", ".inf", "-.inf", "NaN", "Infinity", "-Infinity", ".NaN", "+.inf", "nan", "∞"]);
            case "long-string":
            {
                string s = new(format == InputFormat.Yaml && h.Below(r, 2) == 0 ? 'x' : '9', 20_000 + h.Below(r + 1, 200_000));
                return ReplaceValue(b, h, r + 2, [s, "\"" + s + "\"", "k" + s + ": v"]);
            }
            case "deep-nesting":
            {
                int depth = 50 + h.Below(r, 5_000);
                string nest = h.Below(r + 1, 3) switch
                {
                    0 => new string('[', depth) + new string(']', depth),
                    1 => string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth),
                    _ => new string('[', depth),
                };
                return ReplaceValue(b, h, r + 2, [nest]);
            }
            case "alias":
            {
                if (format == InputFormat.Csv) return Insert(b, Pos(1), "&a *a *b <<: ");
                return h.Below(r, 4) switch
                {
                    0 => Concat(b, "\n" + AliasBomb(3 + h.Below(r + 1, 8), 2 + h.Below(r + 2, 9))),
                    1 => ReplaceValue(b, h, r + 3, ["*nowhere", "&x 1", "*x", "&a [*a]"]),
                    2 => Concat(Insert(b, 0, "base: &base {k: [1, 2, 3]}\n"), "\nother: *base\nmerge: {<<: *base}\n"),
                    _ => Concat(b, "\n" + AliasBomb(12, 10)),
                };
            }
            case "non-utf8":
            {
                byte[][] bad = [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFE, 0xFF], [0xF4, 0x90, 0x80, 0x80], [0x80, 0x80]];
                return Insert(b, Pos(1), bad[h.Below(r, bad.Length)]);
            }
            case "control-chars":
            {
                string[] odd = ["\0", "\t", "\r", "\u0001", "\uFEFF", "\u2028", "\r\n\r\n", "\n---\n", "%YAML 1.1\n", "\n...\n", "\u001B[31m", "#", ":", "\"", "'"];
                return Insert(b, Pos(1), odd[h.Below(r, odd.Length)]);
            }
            case "delimiters":
            {
                string[] d = format == InputFormat.Csv ? [",", ";", "\"", "\"\"", "\n", ",,,,,,,,", "\t"] : [":", "- ", ": ", "{", "}", "[", "]", ",", "? ", "|", ">"];
                return Insert(b, Pos(1), d[h.Below(r, d.Length)]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    /// <summary>
    /// Whole-file replacements of a seed file, tried once each: an empty file, a directory where the file should be
    /// (null bytes), the text re-encoded as UTF-16 (as spreadsheet exports write it) and as Latin-1 with an accented
    /// letter (as old HR systems write it).
    /// </summary>
    public static IEnumerable<(byte[]? Bytes, string Description)> WholeFile(byte[] seed, InputFormat format)
    {
        string text = Encoding.UTF8.GetString(seed);
        yield return ([], "empty file");
        yield return (null, "a directory instead of the file");
        yield return ([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], "UTF-16 with a BOM");
        int at = text.IndexOf('\n') + 1; // start of the second line: a value in a roster, a key or comment in YAML
        yield return (Encoding.Latin1.GetBytes(text.Insert(at, format == InputFormat.Csv ? "\u00e9" : "# Sch\u00fcler\n")), "Latin-1");
    }

    /// <summary>The billion-laughs pattern: <paramref name="levels"/> anchors, each a list of <paramref name="width"/> aliases to the previous.</summary>
    public static string AliasBomb(int levels, int width)
    {
        var sb = new StringBuilder("l0: &l0 [\"lol\", \"lol\", \"lol\"]\n");
        for (int i = 1; i < levels; i++)
            sb.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", width))}]\n");
        return sb.ToString();
    }

    private static List<byte[]> Lines(byte[] b)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < b.Length; i++)
            if (b[i] == (byte)'\n') { lines.Add(b[start..(i + 1)]); start = i + 1; }
        if (start < b.Length) lines.Add(b[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l)];

    private static byte[] Insert(byte[] b, int at, string s) => Insert(b, at, Encoding.UTF8.GetBytes(s));

    private static byte[] Insert(byte[] b, int at, byte[] s) => [.. b.AsSpan(0, at), .. s, .. b.AsSpan(at)];

    private static byte[] Concat(byte[] b, string s) => [.. b, .. Encoding.UTF8.GetBytes(s)];

    /// <summary>Replaces one value (after "key: ", a list dash, or a CSV field) with one of <paramref name="choices"/>.</summary>
    private static byte[] ReplaceValue(byte[] b, FuzzHash h, int r, string[] choices)
    {
        string text = Encoding.UTF8.GetString(b);
        var matches = ValueRegex().Matches(text);
        string pick = choices[h.Below(r, choices.Length)];
        if (matches.Count == 0) return Concat(b, pick);
        var m = matches[h.Below(r + 1, matches.Count)];
        return Encoding.UTF8.GetBytes(text[..m.Index] + pick + text[(m.Index + m.Length)..]);
    }

    /// <summary>Replaces one number with one of <paramref name="choices"/> (any value when there is no number).</summary>
    private static byte[] ReplaceNumber(byte[] b, FuzzHash h, int r, string[] choices)
    {
        string text = Encoding.UTF8.GetString(b);
        var matches = NumberRegex().Matches(text);
        if (matches.Count == 0) return ReplaceValue(b, h, r, choices);
        var m = matches[h.Below(r + 1, matches.Count)];
        return Encoding.UTF8.GetBytes(text[..m.Index] + choices[h.Below(r, choices.Length)] + text[(m.Index + m.Length)..]);
    }

    // A value: what follows ": " or "- " up to a comma, brace, bracket, comment or line end; or a CSV field.
    [GeneratedRegex(@"(?<=(: |- |,|^))[^,\[\]{}#\r\n:]+(?=(,|\}|\]|\r?$| #))", RegexOptions.Multiline)]
    private static partial Regex ValueRegex();

    [GeneratedRegex(@"(?<![\w.])-?\d+(\.\d+)?(e[+-]?\d+)?(?![\w.])", RegexOptions.IgnoreCase)]
    private static partial Regex NumberRegex();
}
