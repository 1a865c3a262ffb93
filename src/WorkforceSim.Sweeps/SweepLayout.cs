using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WorkforceSim.Reporting;
using WorkforceSim.Scenarios.Sweeps;

namespace WorkforceSim.Sweeps;

/// <summary>
/// What the final outputs of a sweep are assembled from besides the point files: written as <c>sweep.json</c> when the
/// sweep starts (and as <c>manifest.json</c> at the end), read back by <c>--resume</c> and <c>wsim merge</c>. Its
/// <see cref="Hash"/> identifies the sweep: shards and resumed runs must carry the same one.
/// </summary>
public sealed record SweepLayout
{
    /// <summary>SHA-256 of everything below plus the resolved base scenario (hex).</summary>
    public required string Hash { get; init; }
    /// <summary>Tool version that planned the sweep.</summary>
    public required string ToolVersion { get; init; }
    /// <summary>Sweep id.</summary>
    public required string Id { get; init; }
    /// <summary>Title.</summary>
    public required string Title { get; init; }
    /// <summary>Base scenario as written in the sweep file.</summary>
    public required string Scenario { get; init; }
    /// <summary>Design name.</summary>
    public required string Design { get; init; }
    /// <summary>Total points.</summary>
    public required int Points { get; init; }
    /// <summary>Sobol base sample N (0 for other designs).</summary>
    public required int BaseSamples { get; init; }
    /// <summary>Replications per point.</summary>
    public required int Replications { get; init; }
    /// <summary>Seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Bootstrap resamples.</summary>
    public required int Bootstrap { get; init; }
    /// <summary>Parameters: name, path, domain description.</summary>
    public required ImmutableArray<(string Name, string Path, string Domain)> Parameters { get; init; }
    /// <summary>Outcomes: name, metric, aggregate.</summary>
    public required ImmutableArray<(string Name, string Metric, string Aggregate)> Outcomes { get; init; }
    /// <summary>Fixed overrides as "path = value".</summary>
    public required ImmutableArray<string> Fixed { get; init; }

    /// <summary>The layout of a definition; <paramref name="resolvedBaseJson"/> is the base scenario's resolved tree (canonical text).</summary>
    public static SweepLayout For(SweepDefinition def, int points, string toolVersion, string resolvedBaseJson)
    {
        var layout = new SweepLayout
        {
            Hash = "", ToolVersion = toolVersion, Id = def.Id, Title = def.Title, Scenario = def.ScenarioRef,
            Design = SweepDefinition.DesignName(def.Design), Points = points,
            BaseSamples = def.Design == SweepDesign.Sobol ? def.Points!.Value : 0, Replications = def.Replications, Seed = def.Seed,
            Bootstrap = def.Bootstrap,
            Parameters = [.. def.Parameters.Select(p => (p.Name, p.Path, p.Domain.Describe()))],
            Outcomes = [.. def.Outcomes.Select(o => (o.Name, o.Metric, SweepOutcome.AggregateName(o.Aggregate)))],
            Fixed = [.. def.Fixed.Select(f => $"{f.Path} = {f.ValueText}")],
        };
        string body = layout.ToJson(includeHash: false) + "\n" + resolvedBaseJson;
        return layout with { Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))) };
    }

    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Canonical JSON (fixed key order, "\n" line ends, trailing newline).</summary>
    public string ToJson(bool includeHash = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            w.WriteStartObject();
            if (includeHash) w.WriteString("sweep_hash", Hash);
            w.WriteString("tool_version", ToolVersion);
            w.WriteString("sweep", Id);
            w.WriteString("title", Title);
            w.WriteString("scenario", Scenario);
            w.WriteString("design", Design);
            w.WriteNumber("points", Points);
            w.WriteNumber("base_samples", BaseSamples);
            w.WriteNumber("replications", Replications);
            w.WriteNumber("seed", Seed);
            w.WriteNumber("bootstrap", Bootstrap);
            w.WriteStartArray("set");
            foreach (var f in Fixed) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteStartArray("parameters");
            foreach (var (name, path, domain) in Parameters)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("path", path);
                w.WriteString("domain", domain);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("outcomes");
            foreach (var (name, metric, agg) in Outcomes)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("metric", metric);
                w.WriteString("aggregate", agg);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Reads <c>sweep.json</c>.</summary>
    /// <exception cref="InvalidDataException">The file does not have the documented shape.</exception>
    public static SweepLayout Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            return new SweepLayout
            {
                Hash = r.GetProperty("sweep_hash").GetString()!, ToolVersion = r.GetProperty("tool_version").GetString()!,
                Id = r.GetProperty("sweep").GetString()!, Title = r.GetProperty("title").GetString()!,
                Scenario = r.GetProperty("scenario").GetString()!, Design = r.GetProperty("design").GetString()!,
                Points = r.GetProperty("points").GetInt32(), BaseSamples = r.GetProperty("base_samples").GetInt32(),
                Replications = r.GetProperty("replications").GetInt32(), Seed = r.GetProperty("seed").GetUInt64(),
                Bootstrap = r.GetProperty("bootstrap").GetInt32(),
                Fixed = [.. r.GetProperty("set").EnumerateArray().Select(e => e.GetString()!)],
                Parameters = [.. r.GetProperty("parameters").EnumerateArray().Select(e =>
                    (e.GetProperty("name").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("domain").GetString()!))],
                Outcomes = [.. r.GetProperty("outcomes").EnumerateArray().Select(e =>
                    (e.GetProperty("name").GetString()!, e.GetProperty("metric").GetString()!, e.GetProperty("aggregate").GetString()!))],
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"sweep.json is not a sweep description ({ex.Message}).", ex);
        }
    }
}

/// <summary>A finished point as stored in <c>points/pNNNNNN.json</c>: its values and each outcome per replication.</summary>
/// <param name="Index">Point index.</param>
/// <param name="Block">Design block.</param>
/// <param name="Values">Parameter values (double or string).</param>
/// <param name="Outcomes">Per outcome (layout order), the value of every replication (NaN where undefined).</param>
public sealed record PointResult(int Index, string Block, ImmutableArray<object> Values, ImmutableArray<ImmutableArray<double>> Outcomes)
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>File name of a point.</summary>
    public static string FileName(int index) => $"p{index:D6}.json";

    /// <summary>Canonical JSON of the point (numbers in shortest round-trip form, NaN as null).</summary>
    public string ToJson(string sweepHash)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            w.WriteStartObject();
            w.WriteString("sweep_hash", sweepHash);
            w.WriteNumber("point", Index);
            w.WriteString("block", Block);
            w.WriteStartArray("values");
            foreach (var v in Values)
            {
                if (v is double d) Raw(w, d);
                else w.WriteStringValue(v.ToString());
            }
            w.WriteEndArray();
            w.WriteStartArray("outcomes");
            foreach (var o in Outcomes)
            {
                w.WriteStartArray();
                foreach (var v in o) Raw(w, v);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void Raw(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteRawValue(InvariantNumber.Format(v), skipInputValidation: true);
        else w.WriteNullValue();
    }

    /// <summary>Reads a point file; checks it belongs to the sweep.</summary>
    /// <exception cref="InvalidDataException">Malformed, or from another sweep.</exception>
    public static PointResult Parse(string json, string sweepHash, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (r.GetProperty("sweep_hash").GetString() != sweepHash)
                throw new InvalidDataException($"{file} belongs to another sweep (different sweep hash).");
            return new PointResult(r.GetProperty("point").GetInt32(), r.GetProperty("block").GetString()!,
                [.. r.GetProperty("values").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? (object)e.GetString()! : e.GetDouble())],
                [.. r.GetProperty("outcomes").EnumerateArray().Select(o =>
                    o.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToImmutableArray())]);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{file} is not a point file ({ex.Message}); delete it and run again with --resume.", ex);
        }
    }
}
