using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WorkforceSim.Web;

/// <summary>Small helpers for the API's JSON: snake_case members, culture-invariant numbers, non-finite numbers as null.</summary>
internal static class Json
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The UTF-8 bytes of what <paramref name="body"/> writes.</summary>
    public static byte[] Bytes(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options)) body(w);
        return stream.ToArray();
    }

    /// <summary>A number; NaN as null, infinities as the strings "Infinity"/"-Infinity" (JSON has no such numbers).</summary>
    public static void Number(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else if (double.IsNaN(v)) w.WriteNullValue();
        else w.WriteStringValue(v > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>A number that may be absent (null).</summary>
    public static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x) Number(w, name, x);
        else w.WriteNull(name);
    }

    public static void Diagnostics(Utf8JsonWriter w, string name, IEnumerable<FieldDiagnostic> diagnostics)
    {
        w.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("severity", d.Severity);
            w.WriteString("message", d.Message);
            w.WriteString("file", d.File);
            w.WriteNumber("line", d.Line);
            w.WriteNumber("column", d.Column);
            w.WriteString("path", d.Path);
            if (d.Field is null) w.WriteNull("field"); else w.WriteString("field", d.Field);
            w.WriteString("text", d.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static byte[] Problem(ApiProblem p) => Bytes(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("status", p.Status);
        w.WriteString("code", p.Code);
        w.WriteString("message", p.Message);
        if (p.Field is not null) w.WriteString("field", p.Field);
        if (!p.Diagnostics.IsEmpty) Diagnostics(w, "diagnostics", p.Diagnostics);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Text for a difference in an indicator's unit, signed: "+1.93 pp" for shares, "+1,234" for money.</summary>
    public static string Difference(double v, string unit)
    {
        if (double.IsNaN(v)) return "n/a";
        var inv = CultureInfo.InvariantCulture;
        string text = unit switch
        {
            "share" or "share/year" => Math.Abs(v * 100).ToString("0.00", inv) + " pp",
            "currency/year" or "currency" => Math.Abs(v).ToString("#,##0", inv),
            _ => Math.Abs(v).ToString("#,##0.0", inv),
        };
        bool zero = text.TrimStart('0', '.', ',').StartsWith(' ') || text.Trim('0', '.', ',').Length == 0;
        return zero ? text : (v > 0 ? "+" : "−") + text;
    }
}
