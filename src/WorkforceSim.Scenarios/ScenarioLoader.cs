using System.Collections.Immutable;
using System.Globalization;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Loading;
using WorkforceSim.Scenarios.Mapping;
using WorkforceSim.Scenarios.Policies;
using WorkforceSim.Scenarios.Yaml;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Scenarios;

/// <summary>
/// Loads a scenario YAML file (docs/scenario-format.md) into a validated <see cref="ScenarioSpec"/>, or into
/// diagnostics located at line and column. Never throws for bad input: I/O problems, syntax errors and hostile
/// files (huge, deeply nested, alias bombs) all become diagnostics.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads the scenario file at <paramref name="path"/> and its <c>extends</c> chain from the disk.</summary>
    /// <param name="path">Path of a .yaml/.yml scenario file; it is also the file name printed in diagnostics.</param>
    public static ScenarioLoadResult Load(string path) => Run(path ?? "", null, new DiskFileSource());

    /// <summary>
    /// Loads the scenario file at <paramref name="path"/> with <paramref name="overrides"/> applied, in order, to the
    /// tree after <c>extends</c> and before mapping: the result is validated exactly like a file that had those values
    /// written in. Unknown paths and out-of-range values are reported at each override's own location.
    /// </summary>
    public static ScenarioLoadResult LoadWithOverrides(string path, IReadOnlyList<ScenarioOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return Run(path ?? "", null, new DiskFileSource(), overrides: overrides);
    }

    /// <summary>
    /// Loads <paramref name="fileName"/>, a path relative to <paramref name="folder"/>, with <paramref name="overrides"/>
    /// applied as in <see cref="LoadWithOverrides"/>. The file and every base file named by <c>extends</c> must lie inside
    /// the folder: a path that leaves it (<c>..</c>, an absolute path, a symbolic link pointing out) is refused with a
    /// diagnostic and never opened. Diagnostics name files relative to the folder. Used by servers that must not read
    /// paths chosen by their clients.
    /// </summary>
    public static ScenarioLoadResult LoadFromFolder(string folder, string fileName, IReadOnlyList<ScenarioOverride>? overrides = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Run(fileName ?? "", null, new FolderFileSource(folder), overrides: overrides);
    }

    /// <summary>Loads a scenario from text (tests, editors).</summary>
    /// <param name="yaml">The scenario text.</param>
    /// <param name="displayPath">File name printed in diagnostics; base files are resolved relative to it.</param>
    /// <param name="readFile">Reads a base file named by <c>extends</c> (null return: the file does not exist). Null: no base files exist.</param>
    public static ScenarioLoadResult LoadText(string yaml, string displayPath, Func<string, string?>? readFile = null)
    {
        displayPath ??= "";
        var diags = new DiagnosticBag();
        var text = DelegateFileSource.FromText(displayPath, yaml ?? "", diags);
        return text is null ? Failed(diags, displayPath) : Run(displayPath, text, new DelegateFileSource(readFile), diags);
    }

    private static ScenarioLoadResult Run(string path, FileText? text, FileSource files, DiagnosticBag? diags = null,
        IReadOnlyList<ScenarioOverride>? overrides = null)
    {
        diags ??= new DiagnosticBag();
        // Messages interpolate numbers; make them culture-invariant (this thread only, restored below).
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return Build(path, text, files, diags, overrides);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in the loader must still not take the caller down; report it where it can be seen.
            diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), $"internal error while loading ({ex.GetType().Name}: {ex.Message})"));
            return Failed(diags, path);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static ScenarioLoadResult Build(string path, FileText? text, FileSource files, DiagnosticBag diags,
        IReadOnlyList<ScenarioOverride>? overrides)
    {
        var tree = new ExtendsResolver(files, diags).Resolve(path, text);
        if (tree.Root is not null && overrides is { Count: > 0 })
            tree = tree with { Root = OverrideApplier.Apply(tree.Root, overrides, path, diags) };
        if (tree.Root is null)
            return Failed(diags, path) with { Sha256 = tree.Sha256, Files = [.. tree.Files] };

        // Distributions may stand for numbers: the nominal spec takes every uncertain value at its median.
        var uncertain = new UncertainValues();
        diags.Uncertainty = uncertain;
        var (spec, baseScenario) = MapTree(tree.Root, diags);

        if (spec is null && !diags.HasErrors) // a mapper returned nothing without saying why: never report an unexplained failure
            diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), "internal error: the scenario was not mapped and no problem was reported"));

        ScenarioUncertainty? uncertainty = null;
        if (spec is not null && uncertain.Entries.Count > 0)
        {
            var root = tree.Root;
            uncertainty = new ScenarioUncertainty(
                [.. uncertain.Entries.Select(e => new UncertainParameter(e.Name, e.Distribution, e.At.ToString()))],
                baseScenario.Uncertainty.Worlds, baseScenario.Uncertainty.Seed is { } s ? (ulong)s : null,
                values => BuildWorld(root, values));
            foreach (var d in uncertainty.CheckCorners()) diags.Add(d);
            if (diags.HasErrors) (spec, uncertainty) = (null, null);
        }

        return new ScenarioLoadResult
        {
            Spec = spec, Diagnostics = InReadingOrder(diags, tree.Files), Resolved = baseScenario.Resolved, Sha256 = tree.Sha256, Files = [.. tree.Files],
            Uncertainty = uncertainty,
        };
    }

    /// <summary>Maps a merged tree and its policy periods to a spec (null after reporting problems).</summary>
    private static (ScenarioSpec? Spec, MappedScenario Base) MapTree(YMap root, DiagnosticBag diags)
    {
        var baseScenario = ScenarioMapper.Map(root, diags);
        var periods = PolicySet.Periods(root, baseScenario.Horizon, diags);
        var parameters = periods.Select(p =>
        {
            if (diags.Uncertainty is { } u) u.PeriodYear = p.Year;
            return (p.Year, p.Tree == root ? baseScenario.Parameters : ScenarioMapper.Map(p.Tree, diags).Parameters);
        }).ToList();
        if (diags.Uncertainty is { } done) done.PeriodYear = null;

        ScenarioSpec? spec = null;
        if (!diags.HasErrors && baseScenario.Spec is not null && parameters.All(p => p.Item2 is not null))
            spec = baseScenario.Spec with { Periods = [.. parameters.Select(p => new ParameterPeriod(p.Year, p.Item2!))] };
        return (spec, baseScenario);
    }

    /// <summary>The scenario with the uncertain values set to <paramref name="values"/> (by parameter name), or its problems.</summary>
    private static (ScenarioSpec? Spec, ImmutableArray<Diagnostic> Problems) BuildWorld(YMap root, IReadOnlyDictionary<string, double> values)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var diags = new DiagnosticBag { Uncertainty = new UncertainValues(values) };
            var (spec, _) = MapTree(root, diags);
            return (diags.HasErrors ? null : spec, diags.ToImmutable());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>Diagnostics by file (top file first), then line and column; ties keep the order they were found in.</summary>
    private static ImmutableArray<Diagnostic> InReadingOrder(DiagnosticBag diags, IReadOnlyList<string> files) =>
        [.. diags.ToImmutable().Select((d, i) => (d, i))
            .OrderBy(x => files.Contains(x.d.File) ? files.ToList().IndexOf(x.d.File) : int.MaxValue)
            .ThenBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i).Select(x => x.d)];

    private static ScenarioLoadResult Failed(DiagnosticBag diags, string path) =>
        new() { Diagnostics = diags.ToImmutable(), Files = path.Length > 0 ? [path] : [] };
}
