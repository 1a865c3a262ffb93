using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Web;

/// <summary>
/// What a client asks to validate, run or compare: a scenario of the library by id, lever values by lever id, and the
/// run settings (years, replications, seed), each optional (the scenario's own values).
/// </summary>
/// <param name="Scenario">Scenario id (file name without extension).</param>
/// <param name="Levers">Lever id → value, in request order.</param>
/// <param name="Years">Simulated years, or null.</param>
/// <param name="Replications">Replications, or null.</param>
/// <param name="Seed">Master seed (a whole number, possibly beyond 2⁵³, so kept as read), or null.</param>
public sealed record WhatIfRequest(string Scenario, ImmutableArray<(string Lever, double Value)> Levers, double? Years, double? Replications, object? Seed)
{
    /// <summary>Fields a request may have.</summary>
    public static readonly ImmutableArray<string> Fields = ["scenario", "levers", "years", "replications", "seed"];

    /// <summary>
    /// Bodies up to this size are read to the end even when they are over the limit, so that the client gets its 413
    /// answer on a clean connection; larger ones make the server close the connection after answering.
    /// </summary>
    public const long DrainBytes = 4 * 1024 * 1024;

    /// <summary>Reads and checks a request body: the size limit, JSON syntax and the shape of every field.</summary>
    internal static async Task<(WhatIfRequest? Request, ApiProblem? Problem)> ReadAsync(HttpRequest http, long maxBytes, CancellationToken cancel)
    {
        if (http.ContentType is { Length: > 0 } ct && !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !ct.Contains("+json", StringComparison.OrdinalIgnoreCase))
            return (null, WebErrors.UnsupportedMediaType(ct));
        if (http.ContentLength > Math.Max(maxBytes, DrainBytes)) return (null, WebErrors.BodyTooLarge(maxBytes));
        byte[] body;
        try
        {
            body = await ReadLimitedAsync(http.Body, maxBytes, cancel);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, WebErrors.BodyTooLarge(maxBytes));
        }
        if (body.Length > maxBytes) return (null, WebErrors.BodyTooLarge(maxBytes));
        return Parse(body);
    }

    /// <summary>The first <paramref name="maxBytes"/> + 1 bytes of the body; the rest is read and dropped.</summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel)) > 0)
        {
            long room = maxBytes + 1 - buffer.Length;
            if (room > 0) buffer.Write(chunk, 0, (int)Math.Min(room, read));
        }
        return buffer.ToArray();
    }

    /// <summary>Parses a body (UTF-8 JSON).</summary>
    internal static (WhatIfRequest? Request, ApiProblem? Problem) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed)) return (null, WebErrors.InvalidJson("the body is empty"));
            doc = parsed;
            if (reader.Read()) { doc.Dispose(); return (null, WebErrors.InvalidJson("there is more after the first JSON value")); }
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : "";
            string what = body.IsEmpty ? "the body is empty" : FirstSentence(ex.Message) + where;
            return (null, WebErrors.InvalidJson(what));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, WebErrors.NotAnObject(Kind(root)));

            string? scenario = null;
            var levers = ImmutableArray.CreateBuilder<(string, double)>();
            double? years = null, replications = null;
            object? seed = null;
            foreach (var prop in root.EnumerateObject())
            {
                switch (prop.Name)
                {
                    case "scenario":
                        if (prop.Value.ValueKind != JsonValueKind.String) return (null, WebErrors.WrongType("scenario", "a scenario id (text)", Kind(prop.Value)));
                        scenario = prop.Value.GetString()!;
                        break;
                    case "levers":
                        if (prop.Value.ValueKind == JsonValueKind.Null) break;
                        if (prop.Value.ValueKind != JsonValueKind.Object) return (null, WebErrors.WrongType("levers", "an object of lever id → number", Kind(prop.Value)));
                        foreach (var lever in prop.Value.EnumerateObject())
                        {
                            if (Number(lever.Value) is not { } v) return (null, WebErrors.WrongType("levers." + lever.Name, "a finite number", Kind(lever.Value)));
                            if (levers.Any(l => l.Item1 == lever.Name)) return (null, WebErrors.WrongType("levers." + lever.Name, "given once", "given twice"));
                            levers.Add((lever.Name, v));
                        }
                        break;
                    case "years" or "replications":
                        if (prop.Value.ValueKind == JsonValueKind.Null) break;
                        if (Number(prop.Value) is not { } n) return (null, WebErrors.WrongType(prop.Name, "a whole number", Kind(prop.Value)));
                        if (prop.Name == "years") years = n; else replications = n;
                        break;
                    case "seed":
                        if (prop.Value.ValueKind == JsonValueKind.Null) break;
                        seed = ReadSeed(prop.Value);
                        if (seed is null) return (null, WebErrors.WrongType("seed", "a whole number from 0 to 2^63-1 (a number or its digits as text)", Kind(prop.Value)));
                        break;
                    default:
                        return (null, WebErrors.UnknownField(prop.Name, Fields, Suggestions.Nearest(prop.Name, Fields)));
                }
            }
            if (scenario is null) return (null, WebErrors.MissingField("scenario"));
            return (new WhatIfRequest(scenario, levers.ToImmutable(), years, replications, seed), null);
        }
    }

    private static double? Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v) ? v : null;

    /// <summary>A seed as a long when it is a whole number in range (exactly, even beyond 2⁵³), a double otherwise (the loader reports it), or null.</summary>
    private static object? ReadSeed(JsonElement e)
    {
        string? text = e.ValueKind switch
        {
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.String => e.GetString(),
            _ => null,
        };
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
        return e.ValueKind == JsonValueKind.Number && Number(e) is { } d ? d : null;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number out of range",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". ", StringComparison.Ordinal);
        string s = cut > 0 ? message[..cut] : message.TrimEnd('.');
        int path = s.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? s[..path].TrimEnd('.') : s;
    }
}
