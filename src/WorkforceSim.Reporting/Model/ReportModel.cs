using System.Collections.Immutable;
using System.Text.Json;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting;

/// <summary>A row of <c>yearly.csv</c> as read back from a run folder.</summary>
public sealed record YearlyStat(int Year, string Metric, double Mean, double Sd, double CiLow, double CiHigh,
    double P05, double P50, double P95);

/// <summary>A row of <c>uncertainty.csv</c> (runs with uncertain parameters): a metric's variance decomposition and intervals in a year.</summary>
public sealed record UncertaintyStat(int Year, string Metric, int Worlds, int Replications, double Mean, double MeanCiLow, double MeanCiHigh,
    double VarTotal, double VarParameters, double VarNoise, double ShareParameters, double TotalLow, double TotalHigh,
    double ParametersLow, double ParametersHigh, double NoiseLow, double NoiseHigh);

/// <summary>A key indicator's decomposition from the <c>uncertainty</c> block of summary.json.</summary>
public sealed record IndicatorUncertaintyStat(string Id, double VarTotal, double VarParameters, double VarNoise, double ShareParameters,
    double TotalLow, double TotalHigh, double ParametersLow, double ParametersHigh, double NoiseLow, double NoiseHigh);

/// <summary>
/// A row of the optional <c>hazard.csv</c>: annual exit probability by year of service (1 = first year) as given in
/// the scenario and as realized in the run, with a 95% interval of the realized rate.
/// </summary>
public sealed record HazardRow(int YearOfService, double InputHazard, double Realized, double CiLow, double CiHigh);

/// <summary>One metric's yearly statistics aligned to <see cref="ReportModel.Years"/>; NaN where undefined.</summary>
public sealed record MetricSeries(string Metric, double[] Years, double[] Mean, double[] CiLow, double[] CiHigh,
    double[] P05, double[] P50, double[] P95)
{
    /// <summary>Whether the metric has a value in at least one year.</summary>
    public bool HasData => Mean.Any(v => !double.IsNaN(v));

    /// <summary>25th percentile over replications (from replications.csv), or null when not available.</summary>
    public double[]? P25 { get; init; }
    /// <summary>75th percentile over replications, or null when not available.</summary>
    public double[]? P75 { get; init; }
}

/// <summary>
/// Everything charts and the HTML report need, read from a saved run folder (docs/outputs.md), so a report can be
/// regenerated without re-running the simulation.
/// </summary>
public sealed class ReportModel
{
    /// <summary>Name of the optional hazard file.</summary>
    public const string HazardFile = "hazard.csv";
    /// <summary>Header of <c>hazard.csv</c>.</summary>
    public const string HazardHeader = "year_of_service,input_hazard,realized,ci_low,ci_high";

    /// <summary>The run's manifest.</summary>
    public required RunManifest Manifest { get; init; }
    /// <summary>Rows of <c>yearly.csv</c>, in file order.</summary>
    public required ImmutableArray<YearlyStat> Yearly { get; init; }
    /// <summary>Rows of <c>survival.csv</c>.</summary>
    public required ImmutableArray<SurvivalRow> Survival { get; init; }
    /// <summary>Indicators of <c>summary.json</c>.</summary>
    public required ImmutableArray<KeyIndicator> KeyIndicators { get; init; }
    /// <summary>Rows of <c>hazard.csv</c>; empty when the file is absent.</summary>
    public ImmutableArray<HazardRow> Hazard { get; init; } = [];
    /// <summary>P25/P75 over replications of <see cref="QuartileMetrics"/>, when replications.csv is present.</summary>
    public ImmutableDictionary<string, (double[] P25, double[] P75)> Quartiles { get; init; } =
        ImmutableDictionary<string, (double[] P25, double[] P75)>.Empty;
    /// <summary>Rows of <c>uncertainty.csv</c>; empty for a run without uncertain parameters.</summary>
    public ImmutableArray<UncertaintyStat> Uncertainty { get; init; } = [];
    /// <summary>The key indicators' decomposition (summary.json); empty for a run without uncertain parameters.</summary>
    public ImmutableArray<IndicatorUncertaintyStat> IndicatorUncertainty { get; init; } = [];
    /// <summary>Metrics whose quartiles the fan charts need.</summary>
    public static readonly ImmutableArray<string> QuartileMetrics = ["headcount", "mean_effectiveness"];

    /// <summary>Simulated calendar years.</summary>
    public ImmutableArray<int> Years => [.. Enumerable.Range(Manifest.StartYear, Manifest.Years)];
    /// <summary>Ladder stages, lowest first (from the <c>headcount.&lt;stage&gt;</c> metrics).</summary>
    public ImmutableArray<string> Stages => MetricSuffixes("headcount.");
    /// <summary>Exit reasons (from the <c>exits.&lt;reason&gt;</c> metrics).</summary>
    public ImmutableArray<string> ExitReasons => MetricSuffixes("exits.");
    /// <summary>Hiring sources (from the <c>hires.&lt;source&gt;</c> metrics).</summary>
    public ImmutableArray<string> HiringSources => MetricSuffixes("hires.");

    private ImmutableArray<string> MetricSuffixes(string prefix) =>
        [.. Manifest.Metrics.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m[prefix.Length..])];

    /// <summary>A metric's series over <see cref="Years"/>.</summary>
    public MetricSeries Series(string metric)
    {
        int n = Manifest.Years;
        double[] Nan() { var a = new double[n]; Array.Fill(a, double.NaN); return a; }
        var years = new double[n];
        for (int t = 0; t < n; t++) years[t] = Manifest.StartYear + t;
        var q = Quartiles.TryGetValue(metric, out var quartiles) ? quartiles : default;
        var s = new MetricSeries(metric, years, Nan(), Nan(), Nan(), Nan(), Nan(), Nan()) { P25 = q.P25, P75 = q.P75 };
        foreach (var row in Yearly)
        {
            int t = row.Year - Manifest.StartYear;
            if (row.Metric != metric || t < 0 || t >= n) continue;
            s.Mean[t] = row.Mean; s.CiLow[t] = row.CiLow; s.CiHigh[t] = row.CiHigh;
            s.P05[t] = row.P05; s.P50[t] = row.P50; s.P95[t] = row.P95;
        }
        return s;
    }

    /// <summary>Builds the model from in-memory parts (what <see cref="Load"/> reads back).</summary>
    public static ReportModel From(RunManifest manifest, RunSummary summary, IEnumerable<HazardRow>? hazard = null) => new()
    {
        Manifest = manifest,
        Yearly = [.. summary.Yearly.Select(r => new YearlyStat(r.Year, r.Metric, r.Mean, r.Sd, r.CiLow, r.CiHigh, r.P05, r.P50, r.P95))],
        Survival = summary.Survival,
        KeyIndicators = summary.KeyIndicators,
        Hazard = hazard is null ? [] : [.. hazard],
    };

    /// <summary>Reads <c>manifest.json</c>, <c>yearly.csv</c>, <c>survival.csv</c>, <c>summary.json</c> and, if present, <c>hazard.csv</c>.</summary>
    /// <exception cref="FileNotFoundException">A required file is missing.</exception>
    /// <exception cref="InvalidDataException">A file does not have the documented shape.</exception>
    public static ReportModel Load(string runDir)
    {
        string Required(string name)
        {
            string path = Path.Combine(runDir, name);
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{runDir}' is not a complete run folder: {name} is missing.", path);
            return path;
        }
        var manifest = ReadManifest(Required(RunOutputWriter.ManifestFile));
        var hazardPath = Path.Combine(runDir, HazardFile);
        var replicationsPath = Path.Combine(runDir, RunOutputWriter.ReplicationsFile);
        var uncertaintyPath = Path.Combine(runDir, RunOutputWriter.UncertaintyFile);
        string summaryPath = Required(RunOutputWriter.SummaryFile);
        return new ReportModel
        {
            Manifest = manifest,
            Yearly = ReadYearly(Required(RunOutputWriter.YearlyFile)),
            Survival = ReadSurvival(Required(RunOutputWriter.SurvivalFile)),
            KeyIndicators = ReadIndicators(summaryPath),
            Uncertainty = manifest.Uncertainty is not null && File.Exists(uncertaintyPath) ? ReadUncertainty(uncertaintyPath) : [],
            IndicatorUncertainty = manifest.Uncertainty is not null ? ReadIndicatorUncertainty(summaryPath) : [],
            Hazard = File.Exists(hazardPath) ? ReadHazard(hazardPath) : [],
            Quartiles = File.Exists(replicationsPath)
                ? ReplicationQuartiles.Read(replicationsPath, QuartileMetrics, manifest.StartYear, manifest.Years)
                : ImmutableDictionary<string, (double[] P25, double[] P75)>.Empty,
        };
    }

    private static ImmutableArray<YearlyStat> ReadYearly(string path)
    {
        var t = CsvTable.Read(path, CsvOutput.YearlyHeader);
        var b = ImmutableArray.CreateBuilder<YearlyStat>(t.Rows.Count);
        for (int i = 0; i < t.Rows.Count; i++)
            b.Add(new YearlyStat((int)t.Long(i, 0), t.Rows[i][1], t.Double(i, 2), t.Double(i, 3), t.Double(i, 4),
                t.Double(i, 5), t.Double(i, 6), t.Double(i, 7), t.Double(i, 8)));
        return b.MoveToImmutable();
    }

    private static ImmutableArray<UncertaintyStat> ReadUncertainty(string path)
    {
        var t = CsvTable.Read(path, UncertaintyOutput.UncertaintyHeader);
        var b = ImmutableArray.CreateBuilder<UncertaintyStat>(t.Rows.Count);
        for (int i = 0; i < t.Rows.Count; i++)
            b.Add(new UncertaintyStat((int)t.Long(i, 0), t.Rows[i][1], (int)t.Long(i, 2), (int)t.Long(i, 3), t.Double(i, 4), t.Double(i, 5),
                t.Double(i, 6), t.Double(i, 7), t.Double(i, 8), t.Double(i, 9), t.Double(i, 10), t.Double(i, 11), t.Double(i, 12),
                t.Double(i, 13), t.Double(i, 14), t.Double(i, 15), t.Double(i, 16)));
        return b.MoveToImmutable();
    }

    private static ImmutableArray<IndicatorUncertaintyStat> ReadIndicatorUncertainty(string path)
    {
        using var doc = ParseJson(path);
        var b = ImmutableArray.CreateBuilder<IndicatorUncertaintyStat>();
        if (!doc.RootElement.TryGetProperty("uncertainty", out var u)) return [];
        foreach (var e in Property(u, "indicators", path).EnumerateArray())
        {
            var (tl, th) = Pair(e, "total", path);
            var (pl, ph) = Pair(e, "parameters", path);
            var (nl, nh) = Pair(e, "noise", path);
            b.Add(new IndicatorUncertaintyStat(String(e, "id", path), Number(e, "var_total", path), Number(e, "var_parameters", path),
                Number(e, "var_noise", path), Number(e, "share_parameters", path), tl, th, pl, ph, nl, nh));
        }
        return b.ToImmutable();
    }

    private static (double Low, double High) Pair(JsonElement e, string name, string path)
    {
        var p = Property(e, name, path);
        return (Number(p, "low", path), Number(p, "high", path));
    }

    private static ImmutableArray<SurvivalRow> ReadSurvival(string path)
    {
        var t = CsvTable.Read(path, CsvOutput.SurvivalHeader);
        var b = ImmutableArray.CreateBuilder<SurvivalRow>(t.Rows.Count);
        for (int i = 0; i < t.Rows.Count; i++)
            b.Add(new SurvivalRow((int)t.Long(i, 0), t.Long(i, 1), t.Long(i, 2), t.Long(i, 3), t.Double(i, 4),
                t.Double(i, 5), t.Double(i, 6)));
        return b.MoveToImmutable();
    }

    private static ImmutableArray<HazardRow> ReadHazard(string path)
    {
        var t = CsvTable.Read(path, HazardHeader);
        var b = ImmutableArray.CreateBuilder<HazardRow>(t.Rows.Count);
        for (int i = 0; i < t.Rows.Count; i++)
            b.Add(new HazardRow((int)t.Long(i, 0), t.Double(i, 1), t.Double(i, 2), t.Double(i, 3), t.Double(i, 4)));
        return b.MoveToImmutable();
    }

    private static ImmutableArray<KeyIndicator> ReadIndicators(string path)
    {
        using var doc = ParseJson(path);
        var b = ImmutableArray.CreateBuilder<KeyIndicator>();
        foreach (var e in Property(doc.RootElement, "indicators", path).EnumerateArray())
            b.Add(new KeyIndicator(String(e, "id", path), String(e, "label", path), String(e, "unit", path),
                Number(e, "mean", path), Number(e, "ci_low", path), Number(e, "ci_high", path)));
        return b.ToImmutable();
    }

    private static RunManifest ReadManifest(string path)
    {
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        var scenario = Property(root, "scenario", path);
        return new RunManifest
        {
            ToolVersion = String(root, "tool_version", path),
            ScenarioId = String(scenario, "id", path),
            ScenarioTitle = String(scenario, "title", path),
            ScenarioDescription = String(scenario, "description", path),
            ScenarioFile = String(scenario, "file", path),
            ScenarioSha256 = String(scenario, "sha256", path),
            ExtendsChain = [.. Property(scenario, "extends", path).EnumerateArray().Select(e => e.GetString() ?? "")],
            Seed = Property(root, "seed", path).GetUInt64(),
            Replications = Property(root, "replications", path).GetInt32(),
            Threads = Property(root, "threads", path).GetInt32(),
            StartYear = Property(root, "start_year", path).GetInt32(),
            Years = Property(root, "years", path).GetInt32(),
            WallTimeSeconds = Number(root, "wall_time_seconds", path),
            TeacherYears = Property(root, "teacher_years", path).GetInt64(),
            TeacherYearsPerSecond = Number(root, "teacher_years_per_second", path),
            Metrics = [.. Property(root, "metrics", path).EnumerateArray().Select(e => e.GetString() ?? "")],
            Uncertainty = root.TryGetProperty("uncertainty", out var u) ? ReadUncertaintyManifest(u, path) : null,
            ResolvedScenario = root.TryGetProperty("resolved_scenario", out var tree) && tree.ValueKind == JsonValueKind.Object
                ? (IReadOnlyDictionary<string, object?>)ToTree(tree)!
                : new Dictionary<string, object?>(),
        };
    }

    private static UncertaintyManifest ReadUncertaintyManifest(JsonElement u, string path) =>
        new(Property(u, "worlds", path).GetInt32(), Property(u, "seed", path).GetUInt64(),
            [.. Property(u, "parameters", path).EnumerateArray().Select(p => new UncertaintyParameterInfo(String(p, "name", path),
                String(p, "distribution", path), String(p, "location", path), Number(p, "mean", path), Number(p, "lower", path), Number(p, "upper", path)))]);

    private static JsonDocument ParseJson(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}({e.LineNumber + 1},{e.BytePositionInLine + 1}): {e.Message}", e); }
    }

    private static JsonElement Property(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v
            : throw new InvalidDataException($"{path}: the key '{name}' is missing.");

    private static string String(JsonElement e, string name, string path) => Property(e, name, path).GetString() ?? "";

    private static double Number(JsonElement e, string name, string path)
    {
        var v = Property(e, name, path);
        return v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();
    }

    /// <summary>JSON back to the resolved-scenario shape: dictionaries, lists, string, bool, long, double, null.</summary>
    private static object? ToTree(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal),
            (d, p) => { d[p.Name] = ToTree(p.Value); return d; }),
        JsonValueKind.Array => e.EnumerateArray().Select(ToTree).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt64(out long l) ? l : e.GetDouble(),
        _ => null,
    };
}
