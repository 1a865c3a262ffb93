using System.Collections.Immutable;
using System.Globalization;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Web;

/// <summary>
/// One adjustable value of a scenario, as the page shows it: a labelled number with its unit, the range the scenario
/// loader enforces, and the scenario's own value. Its id is the parameter's path (policy-path syntax), which is also
/// the path the loader's diagnostics name.
/// </summary>
/// <param name="Id">Parameter path, e.g. <c>career_ladder.stages[team_lead].stipend</c>.</param>
/// <param name="Group">Section of the form: career ladder, coaching, hiring, attrition, bonuses.</param>
/// <param name="Label">Short label.</param>
/// <param name="Unit">Unit shown next to the control.</param>
/// <param name="Help">One sentence on what the value does.</param>
/// <param name="Range">Valid range, from the loader's rules.</param>
/// <param name="Step">Step of the control.</param>
/// <param name="Value">The scenario's value in its first year.</param>
public sealed record Lever(string Id, string Group, string Label, string Unit, string Help, ParameterRange Range, double Step, double Value)
{
    /// <summary>Something to know about this lever in this scenario (a policy that changes it later, a segment override).</summary>
    public string? Note { get; init; }

    /// <summary>Other values this lever sets along with its own (re-entry share: the other sources, rescaled); null: none.</summary>
    internal Func<double, IEnumerable<(string Path, double Value)>>? Companions { get; init; }

    /// <summary>The overrides that set this lever to <paramref name="value"/>, located at the request field for diagnostics.</summary>
    internal IEnumerable<ScenarioOverride> Overrides(double value)
    {
        string field = "levers." + Id;
        yield return new ScenarioOverride(Id, value) { File = field };
        foreach (var (path, v) in Companions?.Invoke(value) ?? [])
            yield return new ScenarioOverride(path, v) { File = field };
    }
}

/// <summary>
/// The levers of a scenario, derived from what it contains: stipend, offer acceptance and slots of every promoted
/// ladder stage, the span of every coaching role, the fill rate, the re-entry share and return chance of re-entrant
/// sources, the global exit-hazard multiplier and the amount of every bonus.
/// </summary>
public static class LeverCatalog
{
    private const string Ladder = "Career ladder", Coaching = "Coaching", Hiring = "Hiring", Attrition = "Attrition", Bonuses = "Bonuses";

    /// <summary>The levers of a loaded scenario, in form order.</summary>
    public static ImmutableArray<Lever> For(ScenarioSpec spec, IReadOnlyDictionary<string, object?>? resolved)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var p = spec.Periods[0].Parameters;
        var policies = PolicyValues(resolved);
        var levers = ImmutableArray.CreateBuilder<Lever>();
        void Add(string path, string group, string label, string unit, string help, double step, double value,
            string? note = null, Func<double, IEnumerable<(string, double)>>? companions = null)
        {
            var range = ParameterRanges.For(path) ?? throw new InvalidOperationException($"No loader range is known for '{path}'.");
            string? policyNote = policies.TryGetValue(path, out var changes)
                ? "A policy of the scenario sets this to " + string.Join("; ", changes.Select(c => $"{c.Value} from {c.Year}")) + "; the value here applies before that."
                : null;
            levers.Add(new Lever(path, group, label, unit, help, range, step, value)
            {
                Note = string.Join(" ", new[] { note, policyNote }.OfType<string>()) is { Length: > 0 } n ? n : null,
                Companions = companions,
            });
        }

        for (int i = 1; i < p.Stages.Length; i++)
        {
            var s = p.Stages[i];
            if (s.Promotion is not { } promo) continue;
            string stage = Title(s.Id), at = $"career_ladder.stages[{s.Id}]";
            Add($"{at}.stipend", Ladder, $"{stage} stipend", "currency per year",
                $"Extra pay per year for a {Lower(s.Id)}, on top of the salary.", 500, s.Stipend);
            switch (promo.Capacity.Kind)
            {
                case CapacityKind.PerTeachers:
                    Add($"{at}.promotion.capacity.per_teachers", Ladder, $"{stage} slots: one per N positions", "positions per slot",
                        $"How many {Lower(s.Id)} slots there are: one for every N budgeted teaching positions (smaller N, more slots).", 1, promo.Capacity.Value);
                    break;
                case CapacityKind.Absolute:
                    Add($"{at}.promotion.capacity.absolute", Ladder, $"{stage} slots", "slots",
                        $"Number of {Lower(s.Id)} positions in the district.", 1, promo.Capacity.Value);
                    break;
                case CapacityKind.ShareOfPositions:
                    Add($"{at}.promotion.capacity.share", Ladder, $"{stage} slots as a share of positions", "share of positions",
                        $"{stage} slots as a fraction of the budgeted teaching positions.", 0.01, promo.Capacity.Value);
                    break;
            }
            Add($"{at}.promotion.acceptance", Ladder, $"{stage}: offers accepted", "probability",
                $"Chance that a teacher offered the {Lower(s.Id)} role takes it (not everyone wants to climb).", 0.05, promo.Acceptance);
        }

        foreach (var r in p.Roles)
            Add($"leadership_roles[{r.Id}].span", Coaching, $"Span of coaching: {Lower(r.Id)}", "teachers per leader",
                $"Teachers each {Lower(p.Stages[r.HeldByStage].Id)} coaches.", 1, r.Span);

        Add("hiring.fill_rate", Hiring, "Fill rate", "probability",
            "Chance that each vacancy is filled for the next school year (below 1: a shortage).", 0.01, p.Hiring.FillRate,
            note: p.Hiring.FillRateBySegment.IsEmpty ? null : "Segments with their own fill rate (fill_rate_by_segment) keep it.");
        var sources = p.Hiring.Sources;
        foreach (var src in sources.Where(s => s.Kind == SourceKind.Reentrant))
        {
            double own = src.Share, rest = 1 - own;
            if (sources.Length > 1 && rest > 0)
            {
                var others = sources.Where(o => o.Id != src.Id).Select(o => (o.Id, o.Share)).ToList();
                Add($"hiring.sources[{src.Id}].share", Hiring, $"Re-entry share of hires ({Lower(src.Id)})", "share of hires",
                    "Share of hires asked of former teachers returning; the other sources are rescaled so that the shares still add up to 1. When too few former teachers are available, the other sources fill the gap.",
                    0.01, own, companions: v => others.Select(o => ($"hiring.sources[{o.Id}].share", o.Share * (1 - v) / rest)));
            }
            Add($"hiring.sources[{src.Id}].return_probability", Hiring, $"Former teachers available to return ({Lower(src.Id)})", "probability per year",
                "Chance per year that an eligible former teacher is available to return.", 0.01, src.ReturnProbability);
        }

        Add("attrition.global_factor", Attrition, "Exit hazard multiplier", "factor",
            "Multiplies every teacher's annual chance of leaving (1 = as in the scenario; 1.1 = 10% more exits).", 0.05, p.Attrition.GlobalFactor);

        foreach (var b in p.Bonuses)
            Add($"bonuses[{b.Id}].amount", Bonuses, $"Bonus: {Lower(b.Id)}", "currency per year",
                "Paid per eligible teacher per year while the bonus runs.", 500, b.Amount);
        return levers.ToImmutable();
    }

    /// <summary>Values set by the scenario's policies, by path: (from year, value as text).</summary>
    private static Dictionary<string, List<(long Year, string Value)>> PolicyValues(IReadOnlyDictionary<string, object?>? resolved)
    {
        var result = new Dictionary<string, List<(long, string)>>(StringComparer.Ordinal);
        if (resolved?.GetValueOrDefault("policies") is not System.Collections.IEnumerable list) return result;
        foreach (var item in list)
        {
            if (item is not IReadOnlyDictionary<string, object?> policy || policy.GetValueOrDefault("from_year") is not long year
                || policy.GetValueOrDefault("set") is not IReadOnlyDictionary<string, object?> set) continue;
            foreach (var (path, value) in set)
            {
                string key = path.Replace(" ", "", StringComparison.Ordinal);
                if (!result.TryGetValue(key, out var changes)) result[key] = changes = [];
                changes.Add((year, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
            }
        }
        return result;
    }

    private static string Lower(string id) => id.Replace('_', ' ').Replace('-', ' ');

    private static string Title(string id)
    {
        string s = Lower(id);
        return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    }
}
