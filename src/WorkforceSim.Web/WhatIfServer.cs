using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Web;

/// <summary>
/// The what-if web server behind <c>wsim serve</c>: Kestrel with minimal APIs, the page served from embedded files,
/// scenarios from one folder, and simulations bounded in number and size (docs/web.md).
/// </summary>
public sealed class WhatIfServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WhatIfOptions _options;
    private readonly ScenarioLibrary _library;
    private readonly RunJobs _jobs;
    private readonly BaseRunCache _cache = new(8);
    private readonly StaticAssets _assets = new();
    private readonly TextWriter _log;

    private WhatIfServer(WhatIfOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _library = new ScenarioLibrary(options.ScenariosFolder);
        _jobs = new RunJobs(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes, WhatIfRequest.DrainBytes); // the body limit itself is checked while reading
            k.Limits.MaxConcurrentConnections = 256;
            k.Listen(options.Host, options.Port);
        });
        builder.Services.AddHostFiltering(o =>
        {
            // A page on loopback answers only to loopback names: another site cannot reach it by DNS rebinding.
            o.AllowedHosts = IsWildcard(options.Host) ? ["*"] : IPAddress.IsLoopback(options.Host)
                ? ["localhost", "127.0.0.1", "[::1]"]
                : [options.Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Host}]" : options.Host.ToString(), "localhost"];
        });
        _app = builder.Build();
        _app.Use(Guard);
        _app.UseHostFiltering();
        Map(_app);
    }

    /// <summary>Builds a server (not yet listening). Messages about failed runs go to <paramref name="log"/> (default: standard error).</summary>
    public static WhatIfServer Create(WhatIfOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WhatIfServer(options, log ?? Console.Error);
    }

    /// <summary>The address the server listens on (after <see cref="StartAsync"/>), e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Address
    {
        get
        {
            var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server is not started.");
            return new Uri(bound.EndsWith('/') ? bound : bound + "/");
        }
    }

    /// <summary>The scenario folder served.</summary>
    public string ScenariosFolder => _library.Folder;

    /// <summary>Starts listening; throws <see cref="IOException"/> when the address is in use.</summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        await _app.StartAsync(cancel);
        if (_options.WarmUp) _ = Task.Run(WarmUp, CancellationToken.None);
    }

    /// <summary>Stops listening and cancels running simulations.</summary>
    public async Task StopAsync()
    {
        _jobs.Dispose();
        await _app.StopAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _jobs.Dispose();
        await _app.DisposeAsync();
    }

    private static bool IsWildcard(IPAddress a) => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any);

    // ---- endpoints -----------------------------------------------------------------------------------------------

    private void Map(WebApplication app)
    {
        app.MapGet("/", () => Asset("/index.html"));
        foreach (var path in _assets.Paths) app.MapGet(path, () => Asset(path));

        app.MapGet("/api/status", () => Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("tool_version", _options.ToolVersion);
            w.WriteNumber("running", _jobs.Running);
            w.WriteNumber("max_concurrent_runs", _options.MaxConcurrentRuns);
            Limits(w);
            w.WriteEndObject();
        }));
        app.MapGet("/api/scenarios", ListScenarios);
        app.MapGet("/api/scenarios/{id}", (string id) => ScenarioDetail(id));
        app.MapPost("/api/validate", Validate);
        app.MapPost("/api/export", Export);
        app.MapPost("/api/compare", (HttpRequest req) => Start(req, "compare"));
        app.MapPost("/api/run", (HttpRequest req) => Start(req, "run"));
        app.MapGet("/api/jobs/{id}", (string id) => WithJob(id, job => { job.Touch(); return JobStatusResult(job, 200); }));
        app.MapDelete("/api/jobs/{id}", (string id) => CancelJob(id));
        app.MapPost("/api/jobs/{id}/cancel", (string id) => CancelJob(id));
        app.MapGet("/api/jobs/{id}/charts/{name}.svg", (string id, string name) => WithResult(id, r =>
            r.ChartSvg(name) is { } svg ? Results.Text(svg, "image/svg+xml", Encoding.UTF8) : Problem(WebErrors.NoSuchChart(name))));
        app.MapGet("/api/jobs/{id}/report.html", (string id) => WithResult(id, r =>
            Download(Encoding.UTF8.GetBytes(r.ReportHtml()), "text/html; charset=utf-8", r.ReportFileName)));
        app.MapGet("/api/jobs/{id}/scenario.yaml", (string id) => WithJob(id, job => job.Result switch
        {
            CompareResult c => Download(Encoding.UTF8.GetBytes(c.ScenarioYaml), "application/yaml; charset=utf-8", YamlName(c.ScenarioYaml)),
            SingleRunResult s => Download(Encoding.UTF8.GetBytes(s.ScenarioYaml), "application/yaml; charset=utf-8", YamlName(s.ScenarioYaml)),
            _ => Problem(WebErrors.NotFinished(job.Id, Job.StatusText(job.Status))),
        }));
        app.MapFallback((HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api")
            ? Problem(WebErrors.NotFound(ctx.Request.Path.Value ?? ""))
            : Results.Text($"Not found: {ctx.Request.Path.Value} — the what-if page is at /", "text/plain", Encoding.UTF8, 404));
    }

    /// <summary>Security headers on every answer, and any failure turned into a JSON 500 without a stack trace.</summary>
    private async Task Guard(HttpContext ctx, Func<Task> next)
    {
        var h = ctx.Response.Headers;
        h["X-Content-Type-Options"] = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        h["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        h["Cache-Control"] = "no-store";
        try
        {
            await next();
        }
        catch (BadHttpRequestException ex)
        {
            if (ctx.Response.HasStarted) return;
            var p = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? WebErrors.BodyTooLarge(_options.MaxBodyBytes)
                : new ApiProblem(ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400, "WS8001", $"the request could not be read: {ex.Message} — send a well-formed HTTP request with a JSON body");
            await Problem(p).ExecuteAsync(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception ex)
        {
            _log.WriteLine($"wsim serve: {ctx.Request.Method} {ctx.Request.Path} failed: {ex}");
            if (!ctx.Response.HasStarted) await Problem(WebErrors.Internal()).ExecuteAsync(ctx);
        }
    }

    private IResult Asset(string path)
    {
        var a = _assets.Find(path);
        return a is null ? Results.NotFound() : new AssetResult(a);
    }

    private IResult ListScenarios() => Ok(w =>
    {
        w.WriteStartObject();
        w.WriteString("folder", Path.GetFileName(_library.Folder));
        w.WriteStartArray("scenarios");
        foreach (var (id, file) in _library.Files())
        {
            var load = _library.Load(file);
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("file", file);
            w.WriteBoolean("valid", load.Success);
            if (load.Spec is { } spec)
            {
                w.WriteString("scenario_id", spec.Id);
                w.WriteString("title", spec.Title);
                w.WriteString("description", spec.Description);
            }
            else
            {
                w.WriteString("title", id);
                w.WriteString("description", "");
            }
            w.WriteNumber("error_count", load.Diagnostics.Count(d => d.Severity == Scenarios.Diagnostics.Severity.Error));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private IResult ScenarioDetail(string id)
    {
        string? file = _library.FileOf(id);
        if (file is null) return Problem(WebErrors.UnknownScenario(id, [.. _library.Files().Select(f => f.Id)], _library.Suggest(id)));
        var load = _library.Load(file);
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("file", file);
            w.WriteBoolean("valid", load.Success);
            Json.Diagnostics(w, "diagnostics", load.Diagnostics.Select(FieldDiagnostic.From));
            if (load.TryGetSpec(out var spec))
            {
                w.WriteString("scenario_id", spec.Id);
                w.WriteString("title", spec.Title);
                w.WriteString("description", spec.Description);
                w.WriteNumber("start_year", spec.StartYear);
                w.WriteNumber("positions", spec.PositionsIn(spec.StartYear));
                w.WriteStartArray("stages");
                foreach (var s in spec.Periods[0].Parameters.Stages) w.WriteStringValue(s.Id);
                w.WriteEndArray();
                w.WriteStartObject("settings");
                Setting(w, "years", "Years simulated", "years", "horizon.years", spec.Years, spec.Years, 1, MinYears(spec));
                Setting(w, "replications", "Replications", "per side", "replications",
                    Math.Min(spec.Replications, _options.DefaultReplications), spec.Replications, 1, null);
                w.WriteStartObject("seed");
                w.WriteString("label", "Seed");
                w.WriteString("value", spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("help", "Master seed: the same seed gives the same numbers; both sides use it (common random numbers).");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("levers");
                foreach (var l in LeverCatalog.For(spec, load.Resolved)) WriteLever(w, l);
                w.WriteEndArray();
            }
            Limits(w);
            w.WriteEndObject();
        });
    }

    /// <summary>The fewest years that keep every policy and bonus year inside the horizon (fewer fails validation).</summary>
    private static int MinYears(Core.Model.ScenarioSpec spec)
    {
        int last = spec.StartYear;
        foreach (var period in spec.Periods) last = Math.Max(last, period.FromYear);
        foreach (var b in spec.Periods[0].Parameters.Bonuses)
            last = Math.Max(last, Math.Max(b.FromYear ?? spec.StartYear, b.ToYear ?? spec.StartYear));
        return last - spec.StartYear + 1;
    }

    private static void Setting(Utf8JsonWriter w, string name, string label, string unit, string path, int value, int scenarioValue, double step, int? min)
    {
        var range = ParameterRanges.For(path)!;
        w.WriteStartObject(name);
        w.WriteString("label", label);
        w.WriteString("unit", unit);
        w.WriteNumber("value", value);
        w.WriteNumber("scenario_value", scenarioValue);
        w.WriteNumber("min", Math.Max(range.Min, min ?? range.Min));
        w.WriteNumber("max", range.Max);
        w.WriteNumber("step", step);
        w.WriteString("meaning", range.Meaning);
        w.WriteEndObject();
    }

    private static void WriteLever(Utf8JsonWriter w, Lever l)
    {
        w.WriteStartObject();
        w.WriteString("id", l.Id);
        w.WriteString("group", l.Group);
        w.WriteString("label", l.Label);
        w.WriteString("unit", l.Unit);
        w.WriteString("help", l.Help);
        Json.Number(w, "value", l.Value);
        if (l.Range.HasMin) Json.Number(w, "min", l.Range.Min); else w.WriteNull("min");
        if (l.Range.HasMax) Json.Number(w, "max", l.Range.Max); else w.WriteNull("max");
        Json.Number(w, "step", l.Step);
        w.WriteBoolean("whole_number", l.Range.WholeNumber);
        w.WriteString("meaning", l.Range.Meaning);
        if (l.Note is null) w.WriteNull("note"); else w.WriteString("note", l.Note);
        w.WriteEndObject();
    }

    private void Limits(Utf8JsonWriter w)
    {
        w.WriteStartObject("limits");
        w.WriteNumber("max_teacher_years_per_run", _options.Limits.MaxTeacherYears);
        w.WriteNumber("max_memory_bytes", _options.Limits.MaxMemoryBytes);
        w.WriteNumber("max_body_bytes", _options.MaxBodyBytes);
        w.WriteNumber("max_concurrent_runs", _options.MaxConcurrentRuns);
        w.WriteEndObject();
    }

    private async Task<IResult> Validate(HttpRequest req)
    {
        var (request, problem) = await WhatIfRequest.ReadAsync(req, _options.MaxBodyBytes, req.HttpContext.RequestAborted);
        if (problem is not null) return Problem(problem);
        var (prepared, invalid) = PreparedScenario.From(request!, _library);
        if (invalid is { Code: not "WS8007" }) return Problem(invalid);
        return Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", prepared is not null);
            Json.Diagnostics(w, "diagnostics", prepared?.Diagnostics ?? invalid!.Diagnostics);
            if (prepared is not null)
            {
                WhatIfJson.Changes(w, prepared);
                var limit = prepared.CheckLimits(_options.Limits, _options.Threads);
                if (limit is null) w.WriteNull("limit");
                else w.WriteString("limit", limit.Message);
                w.WriteNumber("teacher_years", ResourceEstimate.For(prepared.BaseSpec).TeacherYears + ResourceEstimate.For(prepared.AltSpec).TeacherYears);
            }
            w.WriteEndObject();
        });
    }

    private async Task<IResult> Export(HttpRequest req)
    {
        var (request, problem) = await WhatIfRequest.ReadAsync(req, _options.MaxBodyBytes, req.HttpContext.RequestAborted);
        if (problem is not null) return Problem(problem);
        var (prepared, invalid) = PreparedScenario.From(request!, _library);
        if (invalid is not null) return Problem(invalid);
        string yaml = EditedScenario.Yaml(prepared!, _options.ToolVersion);
        return Download(Encoding.UTF8.GetBytes(yaml), "application/yaml; charset=utf-8", EditedScenario.FileName(prepared!));
    }

    private async Task<IResult> Start(HttpRequest req, string kind)
    {
        var (request, problem) = await WhatIfRequest.ReadAsync(req, _options.MaxBodyBytes, req.HttpContext.RequestAborted);
        if (problem is not null) return Problem(problem);
        var (prepared, invalid) = PreparedScenario.From(request!, _library);
        if (invalid is not null) return Problem(invalid);
        var p = prepared!;
        if (p.CheckLimits(_options.Limits, _options.Threads, alternativeOnly: kind == "run") is { } limit) return Problem(limit);

        int reps = p.AltSpec.Replications;
        var job = kind == "compare"
            ? _jobs.TryStart(kind, 2 * reps, j => CompareResult.Run(p, j, _options, _cache))
            : _jobs.TryStart(kind, reps, j => SingleRunResult.Run(p, j, _options));
        if (job is null) return Problem(WebErrors.Busy(_jobs.Running));

        try
        {
            await job.Completion.WaitAsync(_options.AnswerWithin, req.HttpContext.RequestAborted);
        }
        catch (TimeoutException)
        {
            return JobStatusResult(job, 202);
        }
        catch (OperationCanceledException)
        {
            job.Cancel("the client closed the connection");
            throw;
        }
        return JobStatusResult(job, job.Status == JobStatus.Failed ? 500 : 200);
    }

    private async Task<IResult> CancelJob(string id)
    {
        var job = _jobs.Get(id);
        if (job is null) return Problem(WebErrors.UnknownJob(id));
        job.Cancel("cancelled by request");
        try { await job.Completion.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
        return JobStatusResult(job, 200);
    }

    private IResult WithJob(string id, Func<Job, IResult> answer) => _jobs.Get(id) is { } job ? answer(job) : Problem(WebErrors.UnknownJob(id));

    private IResult WithResult(string id, Func<IJobResult, IResult> answer) => WithJob(id, job =>
        job.Result is { } r ? answer(r) : Problem(WebErrors.NotFinished(job.Id, Job.StatusText(job.Status))));

    private static IResult JobStatusResult(Job job, int status)
    {
        string url = "/api/jobs/" + job.Id;
        var result = job.Result;
        var bytes = Json.Bytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", job.Id);
            w.WriteString("kind", job.Kind);
            w.WriteString("status", Job.StatusText(job.Status));
            w.WriteString("url", url);
            w.WriteStartObject("progress");
            w.WriteNumber("done", job.DoneSteps);
            w.WriteNumber("total", job.TotalSteps);
            w.WriteString("unit", "replications");
            w.WriteEndObject();
            Json.Number(w, "elapsed_seconds", ((job.Finished ?? DateTime.UtcNow) - job.Started).TotalSeconds);
            if (job.Status == JobStatus.Cancelled) w.WriteString("message", $"the run was cancelled ({job.CancelReason ?? "on request"}); nothing was kept");
            if (job.Error is not null)
            {
                w.WriteStartObject("error");
                w.WriteString("code", "WS8099");
                w.WriteString("message", job.Error);
                w.WriteEndObject();
            }
            if (result is not null)
            {
                w.WritePropertyName("result");
                result.WriteJson(w, url);
            }
            w.WriteEndObject();
        });
        return new BytesResult(bytes, "application/json; charset=utf-8", status, status == 202 ? url : null);
    }

    private static string YamlName(string yaml)
    {
        // The first header line starts with the file name.
        int end = yaml.IndexOf(' ', 2);
        return end > 2 ? yaml[2..end] : "scenario.yaml";
    }

    private static IResult Ok(Action<Utf8JsonWriter> body) => new BytesResult(Json.Bytes(body), "application/json; charset=utf-8", 200, null);

    internal static IResult Problem(ApiProblem p) =>
        new BytesResult(Json.Problem(p), "application/json; charset=utf-8", p.Status, null) { RetryAfterSeconds = p.RetryAfterSeconds };

    private static IResult Download(byte[] bytes, string contentType, string fileName) =>
        new BytesResult(bytes, contentType, 200, null) { FileName = fileName };

    /// <summary>Runs a tiny simulation and renders a chart, so the first real request does not pay for JIT compilation.</summary>
    private void WarmUp()
    {
        try
        {
            foreach (var (_, file) in _library.Files())
            {
                var load = _library.Load(file, [new ScenarioOverride("horizon.years", 2L), new ScenarioOverride("replications", 2L),
                    new ScenarioOverride("workforce.positions.count", 200L)]);
                if (!load.TryGetSpec(out var spec)) continue;
                var run = Simulator.Run(spec, new RunOptions { Threads = 1 });
                var summary = Summarizer.Summarize(run);
                var manifest = Reporting.RunManifest.For(run, _options.ToolVersion);
                if (HeadcountChart.Build(Reporting.ReportModel.From(manifest, summary)) is { } chart) ChartRenderer.RenderSvg(chart);
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.WriteLine($"wsim serve: warm-up skipped ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>Bytes with a status, and optionally a download name, a Location or a Retry-After header.</summary>
    private sealed class BytesResult(byte[] bytes, string contentType, int status, string? location) : IResult
    {
        public string? FileName { get; init; }
        public int? RetryAfterSeconds { get; init; }

        public async Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = bytes.Length;
            if (location is not null) ctx.Response.Headers.Location = location;
            if (RetryAfterSeconds is { } s) ctx.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (FileName is not null) ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
            if (status == StatusCodes.Status413PayloadTooLarge) ctx.Response.Headers.Connection = "close"; // the rest of a huge body is not read
            await ctx.Response.Body.WriteAsync(bytes);
            await ctx.Response.CompleteAsync();
        }
    }

    /// <summary>An embedded file, with an ETag so browsers can revalidate.</summary>
    private sealed class AssetResult(StaticAssets.Asset asset) : IResult
    {
        public async Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.Headers.ETag = asset.ETag;
            ctx.Response.Headers.CacheControl = "no-cache";
            if (ctx.Request.Headers.IfNoneMatch == asset.ETag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }
            ctx.Response.ContentType = asset.ContentType;
            ctx.Response.ContentLength = asset.Bytes.Length;
            await ctx.Response.Body.WriteAsync(asset.Bytes);
        }
    }
}
