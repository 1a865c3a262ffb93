using System.Collections.Immutable;

namespace WorkforceSim.Scenarios.Diagnostics;

/// <summary>Collects diagnostics, dropping exact duplicates (the same base value is checked once per policy period).</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<Diagnostic> _seen = [];

    public bool HasErrors { get; private set; }

    /// <summary>
    /// Parameter uncertainty of the scenario being mapped, when distributions may stand for numbers (scenario loads
    /// only; sweep files read numbers as numbers). It travels with the diagnostics because every reader has them.
    /// </summary>
    public Mapping.UncertainValues? Uncertainty { get; set; }
    public int Count => _items.Count;

    /// <summary>Errors added so far, duplicates included: compare before and after a step to see whether it failed.</summary>
    public int ErrorReports { get; private set; }

    public void Add(Diagnostic d)
    {
        if (d.Severity == Severity.Error) ErrorReports++;
        if (!_seen.Add(d)) return;
        _items.Add(d);
        if (d.Severity == Severity.Error) HasErrors = true;
    }

    public ImmutableArray<Diagnostic> ToImmutable() => [.. _items];
}
