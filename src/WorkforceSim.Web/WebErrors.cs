using System.Collections.Immutable;
using System.Globalization;

namespace WorkforceSim.Web;

/// <summary>
/// A problem with a request, answered with an HTTP status and a JSON body
/// <c>{"error": {"code", "message", "field"?, "diagnostics"?}}</c>. The message reads like the CLI's: what is wrong,
/// an em dash, and how to fix it.
/// </summary>
/// <param name="Status">HTTP status (4xx for the client's problems).</param>
/// <param name="Code">Stable code, WS8000–WS8099 (docs/web.md).</param>
/// <param name="Message">What is wrong — how to fix it.</param>
public sealed record ApiProblem(int Status, string Code, string Message)
{
    /// <summary>The request field at fault (<c>scenario</c>, <c>levers.&lt;id&gt;</c>, <c>years</c>, …), if one is.</summary>
    public string? Field { get; init; }
    /// <summary>The scenario loader's diagnostics, when the scenario with the requested values does not validate.</summary>
    public ImmutableArray<FieldDiagnostic> Diagnostics { get; init; } = [];
    /// <summary>Seconds after which a busy server may have room again (the <c>Retry-After</c> header).</summary>
    public int? RetryAfterSeconds { get; init; }
}

/// <summary>The catalogue of request-level problems (codes WS8000–WS8099, listed in docs/web.md and docs/errors.md).</summary>
internal static class WebErrors
{
    private static string N(double v) => v.ToString("#,##0", CultureInfo.InvariantCulture);

    public static ApiProblem InvalidJson(string detail) =>
        new(400, "WS8001", $"the request body is not valid JSON: {detail} — send one JSON object, e.g. {{\"scenario\": \"baseline\"}}");

    public static ApiProblem BodyTooLarge(long limit) =>
        new(413, "WS8002", $"the request body is larger than the limit of {N(limit)} bytes — a request names a scenario and a few lever values; send only those");

    public static ApiProblem WrongType(string field, string expected, string found) =>
        new(400, "WS8003", $"'{field}' must be {expected}, but is {found} — send {expected}") { Field = field };

    public static ApiProblem NotAnObject(string found) =>
        new(400, "WS8003", $"the request body must be a JSON object, but is {found} — send an object such as {{\"scenario\": \"baseline\", \"levers\": {{}}}}");

    public static ApiProblem UnknownField(string field, IEnumerable<string> known, string? suggestion) =>
        new(400, "WS8004", $"'{Clip(field)}' is not a field of this request — " +
            (suggestion is null ? $"use only {string.Join(", ", known.Select(k => $"'{k}'"))}" : $"did you mean '{suggestion}'?")) { Field = field };

    public static ApiProblem MissingField(string field) =>
        new(400, "WS8004", $"the request has no '{field}', which is required — add \"{field}\": ... (see GET /api/scenarios)") { Field = field };

    public static ApiProblem UnknownScenario(string id, IReadOnlyCollection<string> known, string? suggestion) =>
        new(404, "WS8005", $"there is no scenario '{Clip(id)}' in the scenario folder — " +
            (suggestion is not null ? $"did you mean '{suggestion}'?" : known.Count == 0 ? "add scenario files to the folder" : $"choose one of {string.Join(", ", known.Take(20))} (GET /api/scenarios)"))
        { Field = "scenario" };

    public static ApiProblem UnknownLever(string lever, string scenario, string? suggestion) =>
        new(400, "WS8006", $"'{Clip(lever)}' is not a lever of scenario '{scenario}' — " +
            (suggestion is null ? $"use the lever ids of GET /api/scenarios/{scenario}" : $"did you mean '{suggestion}'?")) { Field = "levers." + lever };

    public static ApiProblem InvalidScenario(string scenario, ImmutableArray<FieldDiagnostic> diagnostics) =>
        new(400, "WS8007", $"scenario '{scenario}' with these values has {diagnostics.Count(d => d.Severity == "error")} error(s) — fix the values listed in 'diagnostics' (each names its field or file position)")
        { Diagnostics = diagnostics };

    public static ApiProblem OverLimit(string scenario, string why) =>
        new(422, "WS8008", $"{scenario}: {why}") { Field = "replications" };

    public static ApiProblem Busy(int running) =>
        new(429, "WS8009", $"the server is already running {running} simulation(s), its limit — wait for one to finish (or cancel it) and try again")
        { RetryAfterSeconds = 2 };

    public static ApiProblem UnknownJob(string id) =>
        new(404, "WS8010", $"there is no run '{Clip(id)}' — runs are kept for a limited time after they finish; start the run again");

    public static ApiProblem UnsupportedMediaType(string contentType) =>
        new(415, "WS8011", $"the request body is '{Clip(contentType)}', not JSON — send it with 'Content-Type: application/json'");

    public static ApiProblem NotFound(string path) =>
        new(404, "WS8012", $"nothing is served at '{Clip(path)}' — the page is at / and the API under /api (see docs/web.md)");

    public static ApiProblem NotFinished(string id, string status) =>
        new(409, "WS8013", $"run '{Clip(id)}' is {status}, so it has no results — wait until its status is 'done'");

    public static ApiProblem NoSuchChart(string name) =>
        new(404, "WS8014", $"the run has no chart '{Clip(name)}' — use the chart names listed in its result");

    public static ApiProblem Internal() =>
        new(500, "WS8099", "the server failed while answering (a bug, or the machine ran out of memory or disk) — the details are on the server's standard error; try again");

    /// <summary>Client-supplied text in a message, cut to a readable length.</summary>
    public static string Clip(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
