using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Reporting;

/// <summary>Writes <c>manifest.json</c> and <c>summary.json</c>: indented, "\n" line ends, keys in a fixed order.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteManifest(string path, RunManifest m)
    {
        Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteString("tool_version", m.ToolVersion);
            w.WriteStartObject("scenario");
            w.WriteString("id", m.ScenarioId);
            w.WriteString("title", m.ScenarioTitle);
            w.WriteString("description", m.ScenarioDescription);
            w.WriteString("file", m.ScenarioFile);
            w.WriteString("sha256", m.ScenarioSha256);
            w.WriteStartArray("extends");
            foreach (var f in m.ExtendsChain) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("seed", m.Seed);
            w.WriteNumber("replications", m.Replications);
            w.WriteNumber("threads", m.Threads);
            w.WriteNumber("start_year", m.StartYear);
            w.WriteNumber("years", m.Years);
            if (m.Uncertainty is { } u)
            {
                w.WriteStartObject("uncertainty");
                w.WriteNumber("worlds", u.Worlds);
                w.WriteNumber("seed", u.Seed);
                w.WriteStartArray("parameters");
                foreach (var p in u.Parameters)
                {
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    w.WriteString("distribution", p.Distribution);
                    w.WriteString("location", p.Location);
                    WriteNumber(w, "mean", p.Mean);
                    WriteNumber(w, "lower", p.Lower);
                    WriteNumber(w, "upper", p.Upper);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WritePropertyName("wall_time_seconds");
            WriteDouble(w, m.WallTimeSeconds);
            w.WriteNumber("teacher_years", m.TeacherYears);
            w.WritePropertyName("teacher_years_per_second");
            WriteDouble(w, m.TeacherYearsPerSecond);
            w.WriteStartArray("metrics");
            foreach (var name in m.Metrics) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WritePropertyName("resolved_scenario");
            WriteTree(w, m.ResolvedScenario, "resolved_scenario");
            w.WriteEndObject();
        });
    }

    public static void WriteSummary(string path, RunManifest m, RunSummary s, NestedSummary? nested = null)
    {
        Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteString("scenario_id", m.ScenarioId);
            w.WriteNumber("seed", m.Seed);
            w.WriteNumber("replications", m.Replications);
            if (m.Uncertainty is { } u) w.WriteNumber("worlds", u.Worlds);
            w.WriteStartArray("indicators");
            foreach (var k in s.KeyIndicators)
            {
                w.WriteStartObject();
                w.WriteString("id", k.Id);
                w.WriteString("label", k.Label);
                w.WriteString("unit", k.Unit);
                WriteNumber(w, "mean", k.Mean);
                WriteNumber(w, "ci_low", k.CiLow);
                WriteNumber(w, "ci_high", k.CiHigh);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (nested is not null && m.Uncertainty is { } mu) WriteUncertainty(w, mu, nested);
            w.WriteEndObject();
        });
    }

    /// <summary>The <c>uncertainty</c> block of summary.json: worlds, seed and each key indicator's decomposition.</summary>
    private static void WriteUncertainty(Utf8JsonWriter w, UncertaintyManifest u, NestedSummary nested)
    {
        w.WriteStartObject("uncertainty");
        w.WriteNumber("worlds", u.Worlds);
        w.WriteNumber("seed", u.Seed);
        w.WriteStartArray("parameters");
        foreach (var p in u.Parameters) w.WriteStringValue(p.Name);
        w.WriteEndArray();
        w.WriteStartArray("indicators");
        foreach (var k in nested.KeyIndicators)
        {
            var c = k.Uncertainty.Components;
            w.WriteStartObject();
            w.WriteString("id", k.Indicator.Id);
            WriteNumber(w, "mean", c.Mean);
            WriteNumber(w, "var_total", c.TotalVariance);
            WriteNumber(w, "var_parameters", c.ParameterVariance);
            WriteNumber(w, "var_noise", c.NoiseVariance);
            WriteNumber(w, "share_parameters", c.ParameterShare);
            foreach (var (name, iv) in new[] { ("total", k.Uncertainty.Total), ("parameters", k.Uncertainty.Parameters), ("noise", k.Uncertainty.Noise) })
            {
                w.WriteStartObject(name);
                WriteNumber(w, "low", iv.Low);
                WriteNumber(w, "high", iv.High);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Write(string path, Action<Utf8JsonWriter> body)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var w = new Utf8JsonWriter(stream, Options)) body(w);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>A named double (<see cref="WriteDouble"/>).</summary>
    private static void WriteNumber(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        WriteDouble(w, v);
    }

    /// <summary>A double in <see cref="InvariantNumber"/> form; NaN and infinities (not valid JSON) as null.</summary>
    private static void WriteDouble(Utf8JsonWriter w, double v)
    {
        if (!double.IsFinite(v)) w.WriteNullValue();
        else w.WriteRawValue(InvariantNumber.Format(v), skipInputValidation: true);
    }

    /// <summary>Writes a resolved-scenario node: dictionaries, lists and scalars.</summary>
    private static void WriteTree(Utf8JsonWriter w, object? node, string path)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d: WriteDouble(w, d); break;
            case float f: WriteDouble(w, f); break;
            case decimal m: WriteDouble(w, (double)m); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case ulong u: w.WriteNumberValue(u); break;
            case uint u: w.WriteNumberValue(u); break;
            case short sh: w.WriteNumberValue(sh); break;
            case byte by: w.WriteNumberValue(by); break;
            case Enum e: w.WriteStringValue(e.ToString()); break;
            case IReadOnlyDictionary<string, object?> dict:
                w.WriteStartObject();
                foreach (var (key, value) in dict)
                {
                    w.WritePropertyName(key);
                    WriteTree(w, value, path + "." + key);
                }
                w.WriteEndObject();
                break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry e in dict)
                {
                    string key = e.Key as string ?? throw Unsupported(path, e.Key);
                    w.WritePropertyName(key);
                    WriteTree(w, e.Value, path + "." + key);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                int index = 0;
                foreach (var item in list) WriteTree(w, item, $"{path}[{index++}]");
                w.WriteEndArray();
                break;
            default:
                throw Unsupported(path, node);
        }
    }

    private static NotSupportedException Unsupported(string path, object? value) =>
        new($"manifest.json: {path} holds a {value?.GetType().Name ?? "null"}; the resolved scenario may only contain dictionaries with string keys, lists, strings, numbers, booleans and null.");
}
