using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Comparison;
using WorkforceSim.Reporting.Html;

namespace WorkforceSim.Web;

/// <summary>Recent base runs by resolved scenario, so that trying lever after lever re-simulates only the alternative.</summary>
internal sealed class BaseRunCache(int capacity)
{
    private readonly LinkedList<(string Key, RunResult Run, RunSummary Summary)> _items = new();

    /// <summary>The run kept under <paramref name="key"/> (the resolved base tree, which fixes seed, replications and horizon), if any.</summary>
    public (RunResult Run, RunSummary Summary)? Find(string key)
    {
        lock (_items)
        {
            for (var n = _items.First; n is not null; n = n.Next)
            {
                if (n.Value.Key != key) continue;
                _items.Remove(n);
                _items.AddFirst(n);
                return (n.Value.Run, n.Value.Summary);
            }
            return null;
        }
    }

    public void Add(string key, RunResult run, RunSummary summary)
    {
        lock (_items)
        {
            _items.AddFirst((key, run, summary));
            while (_items.Count > capacity) _items.RemoveLast();
        }
    }

    public static string KeyOf(IReadOnlyDictionary<string, object?>? resolved) => JsonSerializer.Serialize<object?>(resolved);
}

/// <summary>How long a job took and how much it simulated.</summary>
internal sealed record JobTiming(double Seconds, double SimulationSeconds, long TeacherYears, bool BaseReused)
{
    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("timing");
        Json.Number(w, "seconds", Seconds);
        Json.Number(w, "simulation_seconds", SimulationSeconds);
        w.WriteNumber("simulated_teacher_years", TeacherYears);
        Json.Number(w, "teacher_years_per_second", SimulationSeconds > 0 ? TeacherYears / SimulationSeconds : double.NaN);
        w.WriteBoolean("base_reused", BaseReused);
        w.WriteEndObject();
    }
}

/// <summary>Charts of a result, rendered to SVG when first asked for and then kept.</summary>
internal sealed class ChartSet(IEnumerable<ChartDefinition> charts)
{
    private readonly ImmutableArray<ChartDefinition> _charts = [.. charts];
    private readonly ConcurrentDictionary<string, Lazy<string>> _svg = new(StringComparer.Ordinal);

    public ImmutableArray<ChartDefinition> All => _charts;

    public string? Svg(string name)
    {
        var chart = _charts.FirstOrDefault(c => c.Name == name);
        return chart is null ? null : _svg.GetOrAdd(name, _ => new Lazy<string>(() => ChartRenderer.RenderSvg(chart))).Value;
    }

    public void Write(Utf8JsonWriter w, string jobUrl)
    {
        w.WriteStartArray("charts");
        foreach (var c in _charts)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("title", c.Title);
            w.WriteString("caption", c.Caption);
            w.WriteString("url", $"{jobUrl}/charts/{c.Name}.svg");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

/// <summary>The alternative compared with the base: paired differences (common random numbers), charts, report, scenario file.</summary>
internal sealed class CompareResult : IJobResult
{
    private readonly PreparedScenario _p;
    private readonly ComparisonData _data;
    private readonly ChartSet _charts;
    private readonly JobTiming _timing;

    private CompareResult(PreparedScenario p, ComparisonData data, ChartSet charts, JobTiming timing, string yaml)
    {
        _p = p;
        _data = data;
        _charts = charts;
        _timing = timing;
        ScenarioYaml = yaml;
    }

    public ComparisonData Data => _data;
    public string ScenarioYaml { get; }
    public string ReportFileName => $"whatif-{_p.BaseSpec.Id}.html";

    /// <summary>Runs the base (or takes it from the cache) and the alternative with the same seed and replications, and compares them.</summary>
    public static CompareResult Run(PreparedScenario p, Job job, WhatIfOptions options, BaseRunCache cache)
    {
        var clock = Stopwatch.StartNew();
        int reps = p.BaseSpec.Replications;
        string key = BaseRunCache.KeyOf(p.Base.Resolved);
        double simulated = 0;
        long teacherYears = 0;
        var kept = cache.Find(key);
        RunResult baseRun;
        RunSummary baseSummary;
        if (kept is { } k)
        {
            (baseRun, baseSummary) = k;
            job.Report(reps);
        }
        else
        {
            baseRun = Simulator.Run(p.BaseSpec, new RunOptions { Threads = options.Threads, Cancellation = job.Token, Progress = job.Report });
            baseSummary = Summarizer.Summarize(baseRun);
            cache.Add(key, baseRun, baseSummary);
            simulated += baseRun.WallTime.TotalSeconds;
            teacherYears += baseRun.TeacherYears;
        }
        var altRun = Simulator.Run(p.AltSpec, new RunOptions { Threads = options.Threads, Cancellation = job.Token, Progress = d => job.Report(reps + d) });
        simulated += altRun.WallTime.TotalSeconds;
        teacherYears += altRun.TeacherYears;
        job.Token.ThrowIfCancellationRequested();

        string yaml = EditedScenario.Yaml(p, options.ToolVersion);
        var baseScenario = new ComparedScenario(p.BaseSpec.Id, "base-" + p.BaseSpec.Id, baseRun, baseSummary,
            RunManifest.For(baseRun, options.ToolVersion, p.File, p.Original.Sha256 ?? "", p.Original.Files.Skip(1), p.Base.Resolved));
        var altManifest = RunManifest.For(altRun, options.ToolVersion, EditedScenario.FileName(p), EditedScenario.Sha256(yaml), [], p.Alternative.Resolved)
            with { ScenarioId = p.AltLabel, ScenarioTitle = p.AltSpec.Title + " (edited)" };
        var altScenario = new ComparedScenario(p.AltLabel, "alt1-" + p.AltLabel, altRun, Summarizer.Summarize(altRun), altManifest);
        var data = ComparisonData.Build(options.ToolVersion, [baseScenario, altScenario],
            s => ReferenceEquals(s, baseScenario) ? p.Base.Resolved : p.Alternative.Resolved);

        var charts = new List<ChartDefinition>();
        void Add(ChartDefinition? c) { if (c is not null) charts.Add(c); }
        var (metric0, label0, format0) = ComparisonCharts.KeyMetrics[0];
        Add(ComparisonCharts.Difference(data, metric0, label0, format0));
        Add(ComparisonCharts.Retention(data));
        foreach (var (s, which) in new[] { (baseScenario, "base"), (altScenario, "alternative") })
            if (HeadcountChart.Build(ReportModel.From(s.Manifest, s.Summary)) is { } h)
                Add(h with { Name = "headcount-" + which, Title = $"{h.Title}: {s.Label}" });
        foreach (var (metric, label, format) in ComparisonCharts.KeyMetrics.Skip(1))
            Add(ComparisonCharts.Difference(data, metric, label, format));
        return new CompareResult(p, data, new ChartSet(charts), new JobTiming(clock.Elapsed.TotalSeconds, simulated, teacherYears, kept is not null), yaml);
    }

    public string? ChartSvg(string name) => _charts.Svg(name);

    public string ReportHtml() =>
        ComparisonReport.Build(_data, [.. ComparisonCharts.For(_data).Select(c => ChartRenderer.Render(c))]);

    public void WriteJson(Utf8JsonWriter w, string jobUrl)
    {
        var b = _data.Base;
        var alt = _data.Scenarios[1];
        w.WriteStartObject();
        w.WriteString("kind", "compare");
        WhatIfJson.Scenario(w, _p);
        w.WriteString("base_label", b.Label);
        w.WriteString("alternative_label", alt.Label);
        WhatIfJson.RunSettings(w, b.Manifest);
        w.WriteStartArray("indicators");
        foreach (var k in _data.KeyDifferences)
        {
            WhatIfJson.StartIndicator(w, k.Id, k.Label, k.Unit);
            WhatIfJson.Estimate(w, "base", b.Summary.KeyIndicators.FirstOrDefault(i => i.Id == k.Id), k.Unit);
            WhatIfJson.Estimate(w, "alternative", alt.Summary.KeyIndicators.FirstOrDefault(i => i.Id == k.Id), k.Unit);
            var s = k.Stats;
            w.WriteStartObject("difference");
            w.WriteNumber("n", s.N);
            Json.Number(w, "mean", s.DiffMean);
            Json.Number(w, "ci_low", s.DiffCiLow);
            Json.Number(w, "ci_high", s.DiffCiHigh);
            Json.Number(w, "sd", s.DiffSd);
            Json.Number(w, "independent_ci_half_width", s.IndependentCiHalfWidth);
            Json.Number(w, "variance_reduction", s.VarianceReduction);
            w.WriteString("text", Json.Difference(s.DiffMean, k.Unit));
            w.WriteString("ci_text", $"{Json.Difference(s.DiffCiLow, k.Unit)} to {Json.Difference(s.DiffCiHigh, k.Unit)}");
            w.WriteBoolean("significant", s.DiffCiLow > 0 || s.DiffCiHigh < 0);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        var key = _data.KeyDifferences.FirstOrDefault(k => k.Id == "retention.hired_5y") ?? _data.KeyDifferences.FirstOrDefault();
        if (key is not null) w.WriteString("explanation", ComparisonOutputWriter.Explain(key));
        WhatIfJson.End(w, _p, _charts, _timing, jobUrl);
    }
}

/// <summary>One run of the scenario with the request's values: key indicators with intervals, charts, report, scenario file.</summary>
internal sealed class SingleRunResult : IJobResult
{
    private readonly PreparedScenario _p;
    private readonly ReportModel _model;
    private readonly ChartSet _charts;
    private readonly JobTiming _timing;

    private SingleRunResult(PreparedScenario p, ReportModel model, JobTiming timing, string yaml)
    {
        _p = p;
        _model = model;
        _charts = new ChartSet(ChartCatalog.For(model));
        _timing = timing;
        ScenarioYaml = yaml;
    }

    public string ScenarioYaml { get; }
    public string ReportFileName => $"run-{_p.AltLabel}.html";

    public static SingleRunResult Run(PreparedScenario p, Job job, WhatIfOptions options)
    {
        var clock = Stopwatch.StartNew();
        var run = Simulator.Run(p.AltSpec, new RunOptions { Threads = options.Threads, Cancellation = job.Token, Progress = job.Report });
        job.Token.ThrowIfCancellationRequested();
        string yaml = EditedScenario.Yaml(p, options.ToolVersion);
        bool changed = !p.ChangesFromFile.IsEmpty;
        var manifest = RunManifest.For(run, options.ToolVersion, changed ? EditedScenario.FileName(p) : p.File,
            changed ? EditedScenario.Sha256(yaml) : p.Original.Sha256 ?? "", changed ? [] : p.Original.Files.Skip(1), p.Alternative.Resolved);
        if (changed) manifest = manifest with { ScenarioId = p.AltLabel, ScenarioTitle = p.AltSpec.Title + " (edited)" };
        var model = ReportModel.From(manifest, Summarizer.Summarize(run), HazardRows(run));
        return new SingleRunResult(p, model, new JobTiming(clock.Elapsed.TotalSeconds, run.WallTime.TotalSeconds, run.TeacherYears, false), yaml);
    }

    private static IEnumerable<HazardRow> HazardRows(RunResult run) =>
        RealizedHazard.Rows(run).Select(h => new HazardRow(h.YearOfService, h.InputHazard, h.Realized, h.CiLow, h.CiHigh));

    public string? ChartSvg(string name) => _charts.Svg(name);

    public string ReportHtml() => HtmlReport.Build(_model, [.. _charts.All.Select(c => ChartRenderer.Render(c))]);

    public void WriteJson(Utf8JsonWriter w, string jobUrl)
    {
        var m = _model.Manifest;
        w.WriteStartObject();
        w.WriteString("kind", "run");
        WhatIfJson.Scenario(w, _p);
        w.WriteString("label", m.ScenarioId);
        WhatIfJson.RunSettings(w, m);
        w.WriteStartArray("indicators");
        foreach (var k in _model.KeyIndicators)
        {
            WhatIfJson.StartIndicator(w, k.Id, k.Label, k.Unit);
            WhatIfJson.Estimate(w, "estimate", k, k.Unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WhatIfJson.End(w, _p, _charts, _timing, jobUrl);
    }
}

/// <summary>JSON pieces shared by the results.</summary>
internal static class WhatIfJson
{
    public static void RunSettings(Utf8JsonWriter w, RunManifest m)
    {
        w.WriteNumber("seed", m.Seed);
        w.WriteNumber("replications", m.Replications);
        w.WriteNumber("start_year", m.StartYear);
        w.WriteNumber("years", m.Years);
    }

    public static void StartIndicator(Utf8JsonWriter w, string id, string label, string unit)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("label", label);
        w.WriteString("unit", unit);
    }

    /// <summary>The members every result ends with (changes, diagnostics, charts, timing, downloads) and the closing brace.</summary>
    public static void End(Utf8JsonWriter w, PreparedScenario p, ChartSet charts, JobTiming timing, string jobUrl)
    {
        Changes(w, p);
        Json.Diagnostics(w, "diagnostics", p.Diagnostics);
        charts.Write(w, jobUrl);
        timing.Write(w);
        Downloads(w, jobUrl);
        w.WriteEndObject();
    }

    public static void Scenario(Utf8JsonWriter w, PreparedScenario p)
    {
        w.WriteStartObject("scenario");
        w.WriteString("id", p.LibraryId);
        w.WriteString("file", p.File);
        w.WriteString("scenario_id", p.BaseSpec.Id);
        w.WriteString("title", p.BaseSpec.Title);
        w.WriteEndObject();
    }

    public static void Estimate(Utf8JsonWriter w, string name, KeyIndicator? k, string unit)
    {
        if (k is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        Json.Number(w, "mean", k.Mean);
        Json.Number(w, "ci_low", k.CiLow);
        Json.Number(w, "ci_high", k.CiHigh);
        w.WriteString("text", ReportFormat.Value(k.Mean, unit));
        w.WriteString("ci_text", $"{ReportFormat.Value(k.CiLow, unit)} – {ReportFormat.Value(k.CiHigh, unit)}");
        w.WriteEndObject();
    }

    public static void Changes(Utf8JsonWriter w, PreparedScenario p)
    {
        w.WriteStartArray("changes");
        foreach (var c in p.Changes)
        {
            w.WriteStartObject();
            w.WriteString("path", c.Path);
            w.WriteString("base_value", c.BaseValue);
            w.WriteString("alternative_value", c.AltValue);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Downloads(Utf8JsonWriter w, string jobUrl)
    {
        w.WriteStartObject("downloads");
        w.WriteString("report", jobUrl + "/report.html");
        w.WriteString("scenario", jobUrl + "/scenario.yaml");
        w.WriteEndObject();
    }
}
