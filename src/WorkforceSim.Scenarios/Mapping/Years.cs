using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>The simulated years, first and last inclusive.</summary>
internal readonly record struct Horizon(int First, int Last);

/// <summary>Optional <c>from_year</c> / <c>to_year</c> pairs.</summary>
internal static class Years
{
    public static readonly NumberRule CalendarYear = NumberRule.Between(1900, 2200, "a calendar year");

    /// <summary>Reads the pair (each optional); checks from ≤ to and, given a horizon, that both lie within it. Null after an error.</summary>
    public static (int? From, int? To)? Range(Section s, Horizon? horizon)
    {
        int? from = Year(s, "from_year", horizon, out bool okFrom);
        int? to = Year(s, "to_year", horizon, out bool okTo);
        if (!okFrom || !okTo) return null;
        if (from > to) { s.Diags.Add(ScenarioErrors.MinAboveMax(s.Location, s.Path, "from_year", "to_year")); return null; }
        return (from, to);
    }

    private static int? Year(Section s, string key, Horizon? horizon, out bool ok)
    {
        var node = s.Node(key);
        int? y = s.Integer(key, CalendarYear);
        ok = node is null || y is not null;
        if (y is { } v && horizon is { } h && (v < h.First || v > h.Last))
        {
            s.Diags.Add(ScenarioErrors.YearOutsideHorizon(node!.Location, s.PathOf(key), v, h.First, h.Last));
            ok = false;
        }
        return y;
    }
}
