using System.Collections.Immutable;
using WorkforceSim.Core.Results;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Loading;
using WorkforceSim.Scenarios.Mapping;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Sweeps;

/// <summary>The outcome of loading a sweep file: a valid definition, or located diagnostics.</summary>
public sealed record SweepLoadResult
{
    /// <summary>The definition; null when there are errors.</summary>
    public SweepDefinition? Sweep { get; init; }
    /// <summary>Every problem found (in the sweep file and in the base scenario with the sweep's values).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];
    /// <summary>True when the sweep can be run.</summary>
    public bool Success => Sweep is not null && !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads a sweep file (docs/sweep-format.md) with the scenario YAML reader, so errors are located the same way
/// (<c>FILE(LINE,COL): error WS5nnn: …</c>). The base scenario is then loaded with the fixed overrides and with every
/// parameter at its extremes, so an unknown path or an out-of-range value is reported before anything runs.
/// </summary>
public static class SweepLoader
{
    /// <summary>Most points a sweep may have (after expanding a grid or the Saltelli scheme).</summary>
    public const int MaxRuns = 1_000_000;
    /// <summary>Most parameters of a Sobol design (Joe–Kuo direction numbers are embedded for 2·d dimensions).</summary>
    public const int MaxSobolParameters = 20;

    private static readonly Dictionary<string, SweepDesign> Designs = new(StringComparer.Ordinal)
    {
        ["grid"] = SweepDesign.Grid, ["latin_hypercube"] = SweepDesign.LatinHypercube, ["sobol"] = SweepDesign.Sobol,
    };

    private static readonly Dictionary<string, OutcomeAggregate> Aggregates = new(StringComparer.Ordinal)
    {
        ["mean_over_years"] = OutcomeAggregate.MeanOverYears, ["last_year"] = OutcomeAggregate.LastYear,
        ["sum_over_years"] = OutcomeAggregate.SumOverYears,
    };

    /// <summary>
    /// Whether the file at <paramref name="path"/> is meant as a sweep file: a YAML map with a top-level
    /// <c>sweep:</c> key (every sweep file has one; a scenario file never does). False for anything unreadable or
    /// unparsable, which the scenario loader then reports.
    /// </summary>
    public static bool IsSweepFile(string path)
    {
        var diags = new DiagnosticBag();
        try
        {
            var text = new DiskFileSource().Read(path, diags, out _);
            if (text is null) return false;
            return YamlTreeReader.Read(text.Text, path, diags, out bool failed) is YMap root && !failed && root.Find("sweep") is not null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>Loads and validates the sweep file at <paramref name="path"/>.</summary>
    public static SweepLoadResult Load(string path)
    {
        var diags = new DiagnosticBag();
        try
        {
            return Build(path ?? "", diags);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path ?? ""), $"internal error while loading ({ex.GetType().Name}: {ex.Message})"));
            return new SweepLoadResult { Diagnostics = diags.ToImmutable() };
        }
    }

    private static SweepLoadResult Build(string path, DiagnosticBag diags)
    {
        var text = new DiskFileSource().Read(path, diags, out bool missing);
        if (missing) diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), "no such file"));
        if (text is null) return new SweepLoadResult { Diagnostics = diags.ToImmutable() };
        var node = YamlTreeReader.Read(text.Text, path, diags, out bool failed);
        if (failed) return new SweepLoadResult { Diagnostics = diags.ToImmutable() };
        if (node is not YMap root)
        {
            diags.Add(ScenarioErrors.NotAMap(node?.Location ?? SourceLocation.StartOf(path), node?.KindName ?? "empty"));
            return new SweepLoadResult { Diagnostics = diags.ToImmutable() };
        }

        var top = new Section(root, "", root.Location, diags);
        string? id = top.Text("sweep", required: true);
        string title = top.Text("title") ?? "";
        top.Text("description");
        var scenarioNode = top.Node("scenario");
        string? scenarioRef = top.Text("scenario", required: true);
        var design = top.Choice("design", Designs, null, required: true);
        var pointsNode = top.Node("points");
        int? points = top.Integer("points", NumberRule.Between(1, MaxRuns, "a number of points"));
        int? reps = top.Integer("replications", NumberRule.Between(1, 1_000_000, "replications per point"), required: true);
        long? seed = top.Long("seed", NumberRule.Between(0, long.MaxValue, "a seed"), required: true);
        int bootstrap = top.Integer("bootstrap", NumberRule.Between(0, 100_000, "bootstrap resamples"), 500) ?? 500;
        var fixedOverrides = ReadSet(top.Map("set"), path);
        var parameters = ReadParameters(top, design, diags);
        var outcomes = ReadOutcomes(top, diags);
        top.Done();

        if (design is SweepDesign.Grid && pointsNode is not null)
            diags.Add(SweepErrors.PointsWithGrid(pointsNode.Location));
        if (design is SweepDesign.LatinHypercube or SweepDesign.Sobol && pointsNode is null)
            diags.Add(SweepErrors.PointsRequired(root.Location, SweepDefinition.DesignName(design.Value)));
        if (design == SweepDesign.Sobol && parameters.Count > MaxSobolParameters)
            diags.Add(SweepErrors.TooManySobolParameters(root.Location, parameters.Count, MaxSobolParameters));
        long runs = design switch
        {
            SweepDesign.Grid => parameters.Aggregate(1L, (n, p) => Math.Min(n * GridCount(p.Domain), long.MaxValue / 1024)),
            SweepDesign.Sobol => (long)(points ?? 0) * (parameters.Count + 2),
            _ => points ?? 0,
        };
        if (runs > MaxRuns) diags.Add(SweepErrors.TooManyRuns(root.Location, runs, MaxRuns));

        string scenarioPath = scenarioRef is null ? "" : FileSource.Resolve(path, scenarioRef);
        if (scenarioRef is not null && !diags.HasErrors)
            CheckScenario(scenarioPath, scenarioNode!, fixedOverrides, parameters, outcomes, diags);

        if (diags.HasErrors || id is null || scenarioRef is null || design is null || reps is null || seed is null)
            return new SweepLoadResult { Diagnostics = diags.ToImmutable() };
        return new SweepLoadResult
        {
            Diagnostics = diags.ToImmutable(),
            Sweep = new SweepDefinition
            {
                Id = id, Title = title, ScenarioRef = scenarioRef, ScenarioPath = scenarioPath, Fixed = [.. fixedOverrides],
                Design = design.Value, Points = design == SweepDesign.Grid ? null : points, Replications = reps.Value,
                Seed = (ulong)seed.Value, Bootstrap = bootstrap, Parameters = [.. parameters], Outcomes = [.. outcomes.Select(o => o.Outcome)],
            },
        };
    }

    private static int GridCount(ParameterDomain d) => d switch
    {
        ValuesDomain v => v.Values.Length,
        RangeDomain r => r.GridValues().Length,
        _ => 1,
    };

    private static List<ScenarioOverride> ReadSet(Section set, string file)
    {
        var result = new List<ScenarioOverride>();
        if (set.MapNode is null) return result;
        foreach (var (key, value) in set.MapNode.Entries)
        {
            set.Node(key.Text);
            if (ScalarOf(value, set.PathOf(key.Text), set.Diags) is not { } v) continue;
            result.Add(new ScenarioOverride(key.Text, v) { File = file, Line = key.Location.Line, Column = key.Location.Column });
        }
        return result;
    }

    private static object? ScalarOf(YNode n, string path, DiagnosticBag diags)
    {
        object? v = n is YScalar s ? ScalarValue.Of(s) : null;
        if (v is long or double or string or bool) return v;
        diags.Add(ScenarioErrors.WrongType(n.Location, path, "a number, true/false or text", n.KindName));
        return null;
    }

    private static List<SweepParameter> ReadParameters(Section top, SweepDesign? design, DiagnosticBag diags)
    {
        var result = new List<SweepParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = top.Node("parameters");
        var items = Lists.Items(top, "parameters", required: true);
        if (list is YSeq { Items.Count: 0 }) diags.Add(SweepErrors.NoParameters(list.Location, "parameters"));
        foreach (var p in items)
        {
            var at = p.Location;
            string? ppath = p.Text("path", required: true);
            string? name = p.Text("name") ?? (ppath is null ? null : DefaultName(ppath));
            var valuesNode = p.Node("values");
            var rangeNode = p.Node("range");
            var distNode = p.Node("distribution");
            int given = (valuesNode is null ? 0 : 1) + (rangeNode is null ? 0 : 1) + (distNode is null ? 0 : 1);
            ParameterDomain? domain = null;
            if (given != 1) diags.Add(ScenarioErrors.ExactlyOneOf(at, p.Path, ["values", "range", "distribution"]));
            else if (valuesNode is not null) domain = ReadValues(p, diags);
            else if (rangeNode is not null) domain = ReadRange(p.Map("range"), design);
            else domain = ReadDistribution(p.Map("distribution"), design, diags);
            p.Done();
            if (name is not null && !names.Add(name)) diags.Add(SweepErrors.DuplicateName(at, p.PathOf("name"), name));
            if (ppath is null || name is null || domain is null) continue;
            result.Add(new SweepParameter(name, ppath, domain, at.Line, at.Column));
        }
        return result;
    }

    /// <summary><c>career_ladder.stages[team_lead].stipend</c> → <c>team_lead_stipend</c>: id steps and the last key.</summary>
    public static string DefaultName(string path)
    {
        var parts = path.Replace("]", "", StringComparison.Ordinal).Split('[', '.');
        int idIndex = path.LastIndexOf('[');
        var chosen = idIndex < 0 ? [parts[^1]] : path[(idIndex + 1)..].Replace("]", "", StringComparison.Ordinal).Split('.');
        return string.Join("_", chosen.Where(s => s.Length > 0)).Replace('-', '_');
    }

    private static ValuesDomain? ReadValues(Section p, DiagnosticBag diags)
    {
        var seq = p.List("values");
        if (seq is null) return null;
        if (seq.Items.Count == 0) { diags.Add(SweepErrors.NoParameters(seq.Location, p.PathOf("values"))); return null; }
        var values = new List<object>();
        foreach (var item in seq.Items)
            if (ScalarOf(item, p.PathOf("values"), diags) is { } v) values.Add(v is long l ? (double)l : v);
        return values.Count == seq.Items.Count ? new ValuesDomain([.. values]) : null;
    }

    private static RangeDomain? ReadRange(Section r, SweepDesign? design)
    {
        double? min = r.Number("min", NumberRule.Any, required: true);
        double? max = r.Number("max", NumberRule.Any, required: true);
        double? step = r.Number("step", NumberRule.AtLeast(double.Epsilon, "a positive step"));
        r.Done();
        if (min is null || max is null) return null;
        if (min > max) { r.Diags.Add(ScenarioErrors.MinAboveMax(r.Location, r.Path, "min", "max")); return null; }
        if (design == SweepDesign.Grid && step is null) { r.Diags.Add(SweepErrors.GridNeedsStep(r.Location, r.Path)); return null; }
        if (step is double s && (max - min) / s > MaxRuns) { r.Diags.Add(SweepErrors.TooManyRuns(r.Location, (long)((max.Value - min.Value) / s), MaxRuns)); return null; }
        return new RangeDomain(min.Value, max.Value, step);
    }

    private static DistributionDomain? ReadDistribution(Section d, SweepDesign? design, DiagnosticBag diags)
    {
        if (design == SweepDesign.Grid) { diags.Add(SweepErrors.DistributionWithGrid(d.Location, d.Path)); return null; }
        DistributionDomain? result = null;
        int kinds = 0;
        foreach (var kind in new[] { "uniform", "log_uniform", "normal" })
        {
            if (d.Node(kind) is null) continue;
            kinds++;
            var k = d.Map(kind);
            if (kind == "normal")
            {
                double? mean = k.Number("mean", NumberRule.Any, required: true);
                double? sd = k.Number("sd", NumberRule.AtLeast(0, "a standard deviation"), required: true);
                if (mean is not null && sd is not null) result = new DistributionDomain(kind, mean.Value, sd.Value);
            }
            else
            {
                var rule = kind == "log_uniform" ? NumberRule.AtLeast(double.Epsilon, "a positive bound of a log-uniform range") : NumberRule.Any;
                double? min = k.Number("min", rule, required: true);
                double? max = k.Number("max", rule, required: true);
                if (min > max) diags.Add(ScenarioErrors.MinAboveMax(k.Location, k.Path, "min", "max"));
                else if (min is not null && max is not null) result = new DistributionDomain(kind, min.Value, max.Value);
            }
            k.Done();
        }
        d.Done();
        if (kinds != 1) { diags.Add(ScenarioErrors.ExactlyOneOf(d.Location, d.Path, ["uniform", "log_uniform", "normal"])); return null; }
        return result;
    }

    private static List<(SweepOutcome Outcome, SourceLocation At)> ReadOutcomes(Section top, DiagnosticBag diags)
    {
        var result = new List<(SweepOutcome, SourceLocation)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = top.Node("outcomes");
        var items = Lists.Items(top, "outcomes", required: true);
        if (list is YSeq { Items.Count: 0 }) diags.Add(SweepErrors.NoParameters(list.Location, "outcomes"));
        foreach (var o in items)
        {
            string? metric = o.Text("metric", required: true);
            var agg = o.Choice("aggregate", Aggregates, OutcomeAggregate.MeanOverYears);
            string? name = o.Text("name") ?? (metric is null || agg is null ? null : DefaultOutcomeName(metric, agg.Value));
            o.Done();
            if (name is not null && !names.Add(name)) diags.Add(SweepErrors.DuplicateName(o.Location, o.PathOf("name"), name));
            if (metric is null || agg is null || name is null) continue;
            result.Add((new SweepOutcome(name, metric, agg.Value), o.MapNode?["metric"]?.Location ?? o.Location));
        }
        return result;
    }

    /// <summary><c>retention.hired_5y</c> + mean over years → <c>retention_hired_5y_mean</c>.</summary>
    public static string DefaultOutcomeName(string metric, OutcomeAggregate agg) =>
        metric.Replace('.', '_').Replace('-', '_') + agg switch
        {
            OutcomeAggregate.MeanOverYears => "_mean",
            OutcomeAggregate.LastYear => "_last",
            _ => "_sum",
        };

    /// <summary>Loads the base scenario with the fixed overrides and each parameter at its extremes; checks metric names.</summary>
    private static void CheckScenario(string scenarioPath, YNode scenarioNode, List<ScenarioOverride> fixedOverrides,
        List<SweepParameter> parameters, List<(SweepOutcome Outcome, SourceLocation At)> outcomes, DiagnosticBag diags)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IEnumerable<Diagnostic> found)
        {
            foreach (var d in found)
                if (seen.Add(d.ToString())) diags.Add(d);
        }

        // As for 'extends': a file that is not YAML is never opened, and a folder is not taken for a missing file.
        string ext = Path.GetExtension(scenarioPath);
        if (!ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase) && !ext.Equals(".yml", StringComparison.OrdinalIgnoreCase))
        {
            diags.Add(SweepErrors.ScenarioNotYaml(scenarioNode.Location, scenarioPath));
            return;
        }
        if (!File.Exists(scenarioPath))
        {
            diags.Add(Directory.Exists(scenarioPath)
                ? SweepErrors.ScenarioIsFolder(scenarioNode.Location, scenarioPath)
                : SweepErrors.ScenarioMissing(scenarioNode.Location, scenarioPath));
            return;
        }
        var baseLoad = ScenarioLoader.LoadWithOverrides(scenarioPath, fixedOverrides);
        Add(baseLoad.Diagnostics);
        if (!baseLoad.Success) return;
        // A sweep runs fixed values: a distribution left once the sweep's own values are set is refused.
        var probe = baseLoad.Uncertainty is null ? baseLoad : ScenarioLoader.LoadWithOverrides(scenarioPath,
            [.. fixedOverrides, .. parameters.Select(p => new ScenarioOverride(p.Path, p.Domain.CheckValues().First()) { File = scenarioNode.Location.File, Line = p.Line, Column = p.Column })]);
        if (probe.Uncertainty is { HasUncertainParameters: true } u)
        {
            var p = u.Parameters.First(x => !x.Distribution.IsDegenerate);
            diags.Add(SweepErrors.UncertainBase(scenarioNode.Location, p.Name.Split('@')[0], p.Location));
            return;
        }
        foreach (var p in parameters)
        {
            foreach (var v in p.Domain.CheckValues())
            {
                var o = new ScenarioOverride(p.Path, v) { File = scenarioNode.Location.File, Line = p.Line, Column = p.Column };
                var r = ScenarioLoader.LoadWithOverrides(scenarioPath, [.. fixedOverrides, o]);
                Add(r.Diagnostics);
                if (!r.Success) break;
            }
        }
        var catalog = MetricCatalog.For(baseLoad.Spec!);
        foreach (var (o, at) in outcomes)
        {
            if (catalog.IndexOf(o.Metric) >= 0) continue;
            diags.Add(SweepErrors.UnknownMetric(at, o.Metric, Suggestions.Nearest(o.Metric, catalog.Names)));
        }
    }
}

/// <summary>Diagnostics for sweep files (WS5xxx; docs/errors.md).</summary>
internal static class SweepErrors
{
    public static Diagnostic PointsWithGrid(SourceLocation at) =>
        ScenarioErrors.E("WS6001", at, "points", "'points' is not used by a grid design (the grid has one point per combination of values)", "remove 'points', or use design: latin_hypercube or sobol");

    public static Diagnostic PointsRequired(SourceLocation at, string design) =>
        ScenarioErrors.E("WS6002", at, "points", $"design '{design}' needs 'points'", "add 'points:' (Latin hypercube: number of points; Sobol: base sample size N, giving N·(parameters+2) runs)");

    public static Diagnostic DistributionWithGrid(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6003", at, path, $"'{path}': a grid cannot enumerate a continuous distribution", "give 'values' or a 'range' with 'step', or use design: latin_hypercube or sobol");

    public static Diagnostic GridNeedsStep(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6004", at, path, $"'{path}' has no 'step', so a grid cannot enumerate it", "add 'step:' to the range");

    public static Diagnostic UnknownMetric(SourceLocation at, string metric, string? suggestion) =>
        ScenarioErrors.E("WS6005", at, "metric", $"'{metric}' is not a metric of the base scenario",
            suggestion is null ? "use a metric name from docs/outputs.md" : $"did you mean '{suggestion}'?");

    public static Diagnostic DuplicateName(SourceLocation at, string path, string name) =>
        ScenarioErrors.E("WS6006", at, path, $"the column name '{name}' is used twice", "give one of them a different 'name:'");

    public static Diagnostic TooManyRuns(SourceLocation at, long runs, int max) =>
        ScenarioErrors.E("WS6007", at, "", $"the sweep has {runs} points, more than the limit of {max}", "use fewer values, a coarser step or fewer points");

    public static Diagnostic TooManySobolParameters(SourceLocation at, int count, int max) =>
        ScenarioErrors.E("WS6008", at, "parameters", $"a Sobol design supports at most {max} parameters, but {count} are given", "screen with a Latin hypercube first and keep the important ones");

    public static Diagnostic NoParameters(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6009", at, path, $"'{path}' is empty", "list at least one item");

    public static Diagnostic UncertainBase(SourceLocation at, string parameter, string where) =>
        ScenarioErrors.E("WS6013", at, "scenario", $"the base scenario gives '{parameter}' as a distribution ({where}), but a sweep runs every point at fixed values",
            $"fix it for the sweep with 'set: {{ {parameter}: VALUE }}' or sweep over it as a parameter (docs/uncertainty.md)");

    public static Diagnostic ScenarioMissing(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6010", at, "scenario", $"the base scenario '{ScenarioErrors.Clip(path)}' does not exist", "give the scenario path relative to the sweep file");

    public static Diagnostic ScenarioNotYaml(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6011", at, "scenario", $"the base scenario '{ScenarioErrors.Clip(path)}' is not a .yaml or .yml file", "point 'scenario' at a scenario file ending in .yaml or .yml");

    public static Diagnostic ScenarioIsFolder(SourceLocation at, string path) =>
        ScenarioErrors.E("WS6012", at, "scenario", $"the base scenario '{ScenarioErrors.Clip(path)}' is a folder, not a file", "give the path of the scenario file inside it, relative to the sweep file");
}
