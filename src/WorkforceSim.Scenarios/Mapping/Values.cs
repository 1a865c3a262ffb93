using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>
/// Typed reading of single nodes; each failure is reported at the node and yields null. Where a number is expected,
/// a distribution map stands for an uncertain value when the load reads parameter uncertainty
/// (<see cref="DiagnosticBag.Uncertainty"/>, <see cref="UncertainValues"/>).
/// </summary>
internal static class Values
{
    public static double? Number(YNode? n, string path, NumberRule rule, DiagnosticBag diags)
    {
        if (n is null) return null;
        if (n is YMap map && diags.Uncertainty?.Read(map, path, rule, integer: false, diags) is (true, var drawn)) return drawn;
        double? v = n is YScalar s ? ScalarValue.Of(s) switch { long l => l, double d => d, _ => null } : null;
        if (v is null) { diags.Add(ScenarioErrors.WrongType(n.Location, path, "a number", n.KindName)); return null; }
        return Checked(v.Value, n, path, rule, diags);
    }

    public static long? Integer(YNode? n, string path, NumberRule rule, DiagnosticBag diags)
    {
        if (n is null) return null;
        if (n is YMap map && diags.Uncertainty?.Read(map, path, rule, integer: true, diags) is (true, var drawn))
            return drawn is { } d ? (long)Math.Round(d) : null;
        object? raw = n is YScalar s ? ScalarValue.Of(s) : null;
        switch (raw)
        {
            case long l:
                return Checked(l, n, path, rule, diags) is null ? null : l;
            case double d when double.IsFinite(d) && d != Math.Floor(d):
                diags.Add(ScenarioErrors.NotAnInteger(n.Location, path, d));
                return null;
            case double d when Checked(d, n, path, rule, diags) is null:
                return null;
            case double d when Math.Abs(d) < 9e15:
                return (long)d; // 5000.0 and 1e3 are whole numbers
            default:
                diags.Add(ScenarioErrors.WrongType(n.Location, path, "a whole number", n.KindName));
                return null;
        }
    }

    public static string? Text(YNode n, string path, DiagnosticBag diags)
    {
        if (n is YScalar s && ScalarValue.Of(s) is not null) return s.Text;
        diags.Add(ScenarioErrors.WrongType(n.Location, path, "text", n.KindName));
        return null;
    }

    public static bool? Bool(YNode n, string path, DiagnosticBag diags)
    {
        if (n is YScalar s && ScalarValue.Of(s) is bool b) return b;
        diags.Add(ScenarioErrors.WrongType(n.Location, path, "true or false", n.KindName));
        return null;
    }

    public static T? Choice<T>(YNode n, string path, IReadOnlyDictionary<string, T> choices, DiagnosticBag diags) where T : struct
    {
        if (n is not YScalar s || ScalarValue.Of(s) is not string text)
        {
            diags.Add(ScenarioErrors.WrongType(n.Location, path, $"one of {string.Join(", ", choices.Keys)}", n.KindName));
            return null;
        }
        if (choices.TryGetValue(text, out var v)) return v;
        diags.Add(ScenarioErrors.UnknownChoice(s.Location, path, text, [.. choices.Keys], Suggestions.Nearest(text, choices.Keys)));
        return null;
    }

    public static YMap? AsMap(YNode n, string path, DiagnosticBag diags)
    {
        if (n is YMap m) return m;
        diags.Add(ScenarioErrors.WrongType(n.Location, path, "a map", n.KindName));
        return null;
    }

    public static YSeq? AsSeq(YNode n, string path, DiagnosticBag diags)
    {
        if (n is YSeq q) return q;
        diags.Add(ScenarioErrors.WrongType(n.Location, path, "a list", n.KindName));
        return null;
    }

    /// <summary>An integer map key such as the <c>3</c> in <c>{3: career}</c>, or null after reporting it.</summary>
    public static long? IntKey(YScalar key, string path, NumberRule rule, DiagnosticBag diags) =>
        Integer(key, $"{path} key {key.Text}", rule, diags);

    private static double? Checked(double v, YNode n, string path, NumberRule rule, DiagnosticBag diags)
    {
        var d = rule.Check(v, n.Location, path);
        if (d is null) return v;
        diags.Add(d.Value);
        return null;
    }
}
