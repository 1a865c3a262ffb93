using System.Collections.Immutable;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Reporting.Comparison;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Web;

/// <summary>
/// A scenario loader diagnostic as the page shows it: the loader's code and message, and the request field it belongs
/// to when the value came from the request (a lever or a run setting) rather than from the scenario file.
/// </summary>
/// <param name="Code">WSnnnn code (docs/errors.md).</param>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Message">What is wrong — how to fix it.</param>
/// <param name="File">Scenario file (relative to the scenario folder), or the request field for values from the request.</param>
/// <param name="Line">1-based line in <paramref name="File"/>.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">Path of the value in the scenario tree.</param>
/// <param name="Field">Request field at fault (<c>levers.&lt;id&gt;</c>, <c>years</c>, <c>replications</c>, <c>seed</c>), or null.</param>
/// <param name="Text">The diagnostic in the CLI's canonical form.</param>
public sealed record FieldDiagnostic(string Code, string Severity, string Message, string File, int Line, int Column, string Path, string? Field, string Text)
{
    internal static FieldDiagnostic From(Diagnostic d)
    {
        string? field = d.File.StartsWith("levers.", StringComparison.Ordinal) || d.File is "years" or "replications" or "seed" ? d.File : null;
        return new FieldDiagnostic(d.Code, d.Severity == Scenarios.Diagnostics.Severity.Error ? "error" : "warning", d.Message, d.File, d.Line, d.Column, d.Path, field, d.ToString());
    }
}

/// <summary>
/// A request resolved against the scenario folder: the scenario as filed, the base it is compared against (the file
/// with the request's run settings) and the alternative (the base with the request's lever values).
/// </summary>
internal sealed record PreparedScenario(string LibraryId, string File, ScenarioLoadResult Original, ScenarioLoadResult Base,
    ScenarioLoadResult Alternative, ImmutableArray<Lever> Levers, ImmutableArray<FieldDiagnostic> Diagnostics)
{
    public ScenarioSpec BaseSpec => Base.Spec!;
    public ScenarioSpec AltSpec => Alternative.Spec!;

    /// <summary>Label of the alternative in tables and charts.</summary>
    public string AltLabel => EditedScenario.Id(BaseSpec.Id);

    /// <summary>What the levers changed: every parameter of the alternative that differs from the base (same run settings).</summary>
    public ImmutableArray<InputDifference> Changes => InputsDiff.Compare(Base.Resolved, Alternative.Resolved, AltLabel);

    /// <summary>Every parameter of the alternative that differs from the scenario as filed (levers and run settings).</summary>
    public ImmutableArray<InputDifference> ChangesFromFile => InputsDiff.Compare(Original.Resolved, Alternative.Resolved, AltLabel);

    /// <summary>Resolves a request; a problem when the scenario is unknown, a lever is not one of its levers, or the values do not validate.</summary>
    public static (PreparedScenario? Prepared, ApiProblem? Problem) From(WhatIfRequest request, ScenarioLibrary library)
    {
        string? file = library.FileOf(request.Scenario);
        if (file is null) return (null, WebErrors.UnknownScenario(request.Scenario, [.. library.Files().Select(f => f.Id)], library.Suggest(request.Scenario)));
        var original = library.Load(file);
        if (!original.TryGetSpec(out var spec))
            return (null, WebErrors.InvalidScenario(request.Scenario, [.. original.Diagnostics.Select(FieldDiagnostic.From)]));
        var levers = LeverCatalog.For(spec, original.Resolved);

        var settings = new List<ScenarioOverride>();
        if (request.Years is { } y) settings.Add(new ScenarioOverride("horizon.years", y) { File = "years" });
        if (request.Replications is { } r) settings.Add(new ScenarioOverride("replications", r) { File = "replications" });
        if (request.Seed is { } s) settings.Add(new ScenarioOverride("seed", s) { File = "seed" });

        var changes = new List<ScenarioOverride>(settings);
        foreach (var (id, value) in request.Levers)
        {
            var lever = levers.FirstOrDefault(l => l.Id == id);
            if (lever is null) return (null, WebErrors.UnknownLever(id, request.Scenario, Suggestions.Nearest(id, levers.Select(l => l.Id))));
            if (value != lever.Value) changes.AddRange(lever.Overrides(value)); // an unchanged lever changes nothing, not even rounding
        }
        var baseLoad = settings.Count == 0 ? original : library.Load(file, settings);
        var altLoad = changes.Count == settings.Count ? baseLoad : library.Load(file, changes);
        var diagnostics = altLoad.Diagnostics.Concat(baseLoad.Diagnostics).Distinct().Select(FieldDiagnostic.From).ToImmutableArray();
        if (!baseLoad.Success || !altLoad.Success) return (null, WebErrors.InvalidScenario(request.Scenario, diagnostics));
        return (new PreparedScenario(request.Scenario, file, original, baseLoad, altLoad, levers, diagnostics), null);
    }

    /// <summary>A problem when a run of the base or the alternative would exceed the server's memory or work limits.</summary>
    public ApiProblem? CheckLimits(ResourceLimits limits, int? threads, bool alternativeOnly = false)
    {
        foreach (var spec in alternativeOnly ? [AltSpec] : new[] { BaseSpec, AltSpec })
        {
            string? why = ResourceEstimate.For(spec, new RunOptions { Threads = threads }).Exceeds(limits);
            if (why is not null) return WebErrors.OverLimit(spec.Id, why.Replace("--max-", "wsim serve --max-", StringComparison.Ordinal));
        }
        return null;
    }
}
