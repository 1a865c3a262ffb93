using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>leadership_roles</c> and <c>bonuses</c>.</summary>
internal static class RolesMapper
{
    private static readonly Dictionary<string, CoachingPriority> Priorities = new()
    {
        ["novices_first"] = CoachingPriority.NovicesFirst, ["lowest_effectiveness"] = CoachingPriority.LowestEffectiveness,
        ["random"] = CoachingPriority.Random,
    };

    public static ImmutableArray<LeadershipRoleSpec>? Roles(Section root, References refs)
    {
        var result = ImmutableArray.CreateBuilder<LeadershipRoleSpec>();
        bool ok = true;
        foreach (var (s, id) in Lists.IdItems(root, "leadership_roles"))
        {
            var heldNode = s.Required("held_by");
            int? heldBy = heldNode is null ? null : refs.Stages.Resolve(heldNode, s.PathOf("held_by"), s.Diags, ScenarioErrors.RoleHeldByUnknownStage);
            if (heldNode is not null) s.Put("held_by", Yaml.PlainTree.Of(heldNode));
            int? span = s.Integer("span", ParameterRanges.Span, required: true);
            var priority = s.Choice<CoachingPriority>("priority", Priorities, CoachingPriority.NovicesFirst);
            var eligible = Conditions.Read(s, "eligible", refs);
            var effects = s.Map("effects");
            double? hazard = effects.Number("coached_hazard_factor", NumberRule.Between(0, 10, "a factor"), 1);
            double? growth = effects.Number("coached_growth", NumberRule.Between(-5, 5, "teacher-SD per year"), 0);
            effects.Done();
            s.Done();
            if (heldBy is null || span is null || priority is null || hazard is null || growth is null) { ok = false; continue; }
            result.Add(new LeadershipRoleSpec
            {
                Id = id, HeldByStage = heldBy.Value, Span = span.Value, Priority = priority.Value, Eligible = eligible,
                CoachedHazardFactor = hazard.Value, CoachedGrowth = growth.Value,
            });
        }
        return ok ? result.ToImmutable() : null;
    }

    public static ImmutableArray<BonusSpec>? Bonuses(Section root, References refs, Horizon? horizon)
    {
        var result = ImmutableArray.CreateBuilder<BonusSpec>();
        bool ok = true;
        foreach (var (s, id) in Lists.IdItems(root, "bonuses"))
        {
            double? amount = s.Number("amount", ParameterRanges.BonusAmount, 0);
            var years = Years.Range(s, horizon);
            var when = Conditions.Read(s, "when", refs);
            double? factor = s.Number("hazard_factor", NumberRule.Between(0, 10, "a factor"), 1);
            s.Done();
            if (amount is null || years is null || factor is null) { ok = false; continue; }
            result.Add(new BonusSpec
            {
                Id = id, Amount = amount.Value, FromYear = years.Value.From, ToYear = years.Value.To, When = when, HazardFactor = factor.Value,
            });
        }
        return ok ? result.ToImmutable() : null;
    }
}
