using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>career_ladder</c>: stages, lowest first, and their promotion rules.</summary>
internal static class LadderMapper
{
    private static readonly NumberRule Money = ParameterRanges.Money;
    private static readonly string[] CapacityForms = ["absolute", "per_teachers", "share"];
    private static readonly Dictionary<string, SelectionRule> Selections = new()
    {
        ["top_effectiveness"] = SelectionRule.TopEffectiveness, ["seniority"] = SelectionRule.Seniority, ["random"] = SelectionRule.Random,
    };

    /// <summary>The stage items (ids first, so that every other section can refer to stages).</summary>
    public static List<(Section Item, string Id)> StageItems(Section root)
    {
        var ladder = root.Map("career_ladder");
        if (!ladder.Present)
        {
            var teacher = PlainTree.NewMap();
            teacher["id"] = "teacher";
            ladder.Put("stages", new List<object?> { teacher });
            return [(new Section(null, "career_ladder.stages[teacher]", root.Location, root.Diags), "teacher")];
        }
        var items = Lists.IdItems(ladder, "stages", required: true);
        if (ladder.Node("stages") is { } list && items.Count == 0)
            ladder.Diags.Add(ScenarioErrors.CountOutOfRange(list.Location, ladder.PathOf("stages"), 0, 1, int.MaxValue, "stages"));
        ladder.Done();
        return items;
    }

    public static ImmutableArray<StageSpec>? Stages(List<(Section Item, string Id)> items, References refs)
    {
        var result = ImmutableArray.CreateBuilder<StageSpec>();
        double previousSalary = 0;
        bool ok = items.Count > 0;
        for (int i = 0; i < items.Count; i++)
        {
            var (s, id) = items[i];
            double? salary = s.Number("salary", Money, previousSalary);
            double? stipend = s.Number("stipend", Money, 0);
            double? factor = s.Number("hazard_factor", ParameterRanges.StageHazardFactor, 1);
            var promotion = s.Node("promotion") is null ? null : Promotion(s.Map("promotion"), i, id, refs);
            s.Done();
            if (salary is null || stipend is null || factor is null || (s.Node("promotion") is not null && promotion is null)) { ok = false; continue; }
            previousSalary = salary.Value;
            result.Add(new StageSpec { Id = id, Salary = salary.Value, Stipend = stipend.Value, HazardFactor = factor.Value, Promotion = promotion });
        }
        return ok ? result.ToImmutable() : null;
    }

    private static PromotionSpec? Promotion(Section p, int stageIndex, string stageId, References refs)
    {
        if (!p.Present) return null;
        int? from = From(p, stageIndex, stageId, refs);
        int? minYos = p.Integer("min_yos", NumberRule.Between(0, 100, "completed years"), 0);
        double? percentile = p.Number("min_effectiveness_percentile", NumberRule.Between(0, 100, "a percentile"));
        bool percentileOk = p.Node("min_effectiveness_percentile") is null || percentile is not null;
        var ratings = RatingRules(p, refs);
        var capacity = Capacity(p);
        var selection = p.Choice<SelectionRule>("selection", Selections, SelectionRule.TopEffectiveness);
        double? acceptance = p.Number("acceptance", NumberRule.Probability, 1);
        p.Done();
        if (from is null || minYos is null || !percentileOk || ratings is null || capacity is null || selection is null || acceptance is null)
            return null;
        return new PromotionSpec
        {
            FromStage = from.Value, MinYos = minYos.Value, MinEffectivenessPercentile = percentile, RatingRules = ratings.Value,
            Capacity = capacity, Selection = selection.Value, Acceptance = acceptance.Value,
        };
    }

    private static int? From(Section p, int stageIndex, string stageId, References refs)
    {
        var node = p.Required("from");
        if (node is null) return null;
        p.Put("from", PlainTree.Of(node));
        int? from = refs.Stages.Resolve(node, p.PathOf("from"), p.Diags, ScenarioErrors.PromotionFromUnknownStage);
        if (from is null || from < stageIndex) return from;
        p.Diags.Add(ScenarioErrors.PromotionFromLaterStage(node.Location, p.PathOf("from"), refs.Stages[from.Value], stageId));
        return null;
    }

    private static ImmutableArray<RatingRule>? RatingRules(Section p, References refs)
    {
        var result = ImmutableArray.CreateBuilder<RatingRule>();
        bool ok = true;
        foreach (var r in Lists.Items(p, "ratings"))
        {
            var levelNode = r.Required("at_least");
            int? level = levelNode is null ? null : refs.Levels.Resolve(levelNode, r.PathOf("at_least"), r.Diags, ScenarioErrors.UnknownLevel);
            if (levelNode is not null) r.Put("at_least", PlainTree.Of(levelNode));
            int? consecutive = r.Integer("consecutive", NumberRule.Between(1, 4, "consecutive ratings"), 1);
            r.Done();
            if (level is null || consecutive is null) ok = false;
            else result.Add(new RatingRule(level.Value, consecutive.Value));
        }
        return ok ? result.ToImmutable() : null;
    }

    private static CapacitySpec? Capacity(Section p)
    {
        var node = p.Node("capacity");
        if (node is null) { p.Put("capacity", "unlimited"); return CapacitySpec.Unlimited; }
        if (node is YScalar { Text: "unlimited" }) { p.Put("capacity", "unlimited"); return CapacitySpec.Unlimited; }
        if (node is not YMap)
        {
            p.Diags.Add(ScenarioErrors.WrongType(node.Location, p.PathOf("capacity"), "'unlimited' or a map such as {per_teachers: 7}", node.KindName));
            return null;
        }
        var c = p.Map("capacity");
        int forms = CapacityForms.Count(f => c.Node(f) is not null);
        CapacitySpec? result = null;
        if (forms != 1) c.Diags.Add(ScenarioErrors.ExactlyOneOf(c.Location, c.Path, CapacityForms));
        else if (c.Node("absolute") is not null)
            result = c.Integer("absolute", ParameterRanges.CapacityAbsolute) is { } n ? new CapacitySpec(CapacityKind.Absolute, n) : null;
        else if (c.Node("per_teachers") is not null)
            result = c.Number("per_teachers", ParameterRanges.CapacityPerTeachers) is { } k ? new CapacitySpec(CapacityKind.PerTeachers, k) : null;
        else
            result = c.Number("share", NumberRule.Probability) is { } s ? new CapacitySpec(CapacityKind.ShareOfPositions, s) : null;
        c.Done();
        return result;
    }
}
