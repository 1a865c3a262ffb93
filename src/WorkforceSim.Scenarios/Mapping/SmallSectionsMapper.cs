using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps the small sections: <c>evaluation</c>, <c>effectiveness</c> and <c>compensation</c>.</summary>
internal static class SmallSectionsMapper
{
    /// <summary>The documented default rating levels.</summary>
    public static readonly ImmutableArray<RatingLevel> DefaultLevels =
    [
        new("ineffective", double.NegativeInfinity), new("minimally_effective", -1.5), new("developing", -0.75),
        new("effective", 0), new("highly_effective", 1),
    ];

    private static readonly NumberRule Growth = NumberRule.Between(-5, 5, "teacher-SD per year");

    public static (Section Section, ImmutableArray<RatingLevel>? Levels) Levels(Section root)
    {
        var e = root.Map("evaluation");
        if (e.Node("levels") is null)
        {
            e.Put("levels", DefaultLevels.Select(LevelOutput).ToList<object?>());
            return (e, DefaultLevels);
        }
        var items = Lists.IdItems(e, "levels");
        var result = ImmutableArray.CreateBuilder<RatingLevel>();
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            var (s, id) = items[i];
            var fromNode = s.Node("from");
            double? from = s.Number("from", NumberRule.Between(-10, 10, "teacher-SD units"), required: i > 0);
            if (i == 0 && fromNode is not null) { e.Diags.Add(ScenarioErrors.FirstLevelHasFrom(fromNode.Location, s.Path)); ok = false; }
            else if (i > 0 && from is not null && result.Count == i && from <= result[^1].From)
            {
                e.Diags.Add(ScenarioErrors.NotAscending(fromNode!.Location, e.PathOf("levels"), "'from'"));
                ok = false;
            }
            s.Done();
            if (i > 0 && from is null) ok = false;
            else result.Add(new RatingLevel(id, i == 0 ? double.NegativeInfinity : from!.Value));
        }
        var seq = e.Node("levels")!;
        if (items.Count is < 2 or > 7) { e.Diags.Add(ScenarioErrors.CountOutOfRange(seq.Location, e.PathOf("levels"), items.Count, 2, 7, "levels")); ok = false; }
        return (e, ok ? result.ToImmutable() : null);
    }

    public static EvaluationSpec? Evaluation(Section e, ImmutableArray<RatingLevel>? levels)
    {
        double? noise = e.Number("noise_sd", NumberRule.Between(0, 10, "teacher-SD units"), 0.5);
        e.Done();
        return noise is null || levels is null ? null : new EvaluationSpec { NoiseSd = noise.Value, Levels = levels.Value };
    }

    public static EffectivenessSpec? Effectiveness(Section root)
    {
        var s = root.Map("effectiveness");
        var growth = Distributions.Steps(s, "growth_by_yos", fromZero: false, (e, path) =>
            Values.Number(e.Value, path, Growth, s.Diags) is { } g ? new StepValue((int)e.Key, g) : null);
        bool growthOk = s.Node("growth_by_yos") is null || growth is not null || s.Node("growth_by_yos") is YMap { Entries.Count: 0 };
        if (s.Node("growth_by_yos") is null) s.Put("growth_by_yos", PlainTree.NewMap());
        double? noise = s.Number("growth_noise_sd", NumberRule.Between(0, 5, "teacher-SD per year"), 0);
        s.Done();
        return !growthOk || noise is null ? null : new EffectivenessSpec { GrowthByYos = growth ?? [], GrowthNoiseSd = noise.Value };
    }

    /// <summary>
    /// Cost of one hire when a scenario does not say: the midpoint of the $10,000–20,000 replacement cost per leaver
    /// that Papay et al. (2017) cite from Milanowski and Odden (LPI puts urban districts at $20,000+); domain notes (e).
    /// </summary>
    public const double DefaultHiringCost = 15_000;

    public static CompensationSpec? Compensation(Section root)
    {
        var s = root.Map("compensation");
        double? step = s.Number("step_per_yos", NumberRule.NonNegative("money per year"), 0);
        int? maxSteps = s.Integer("max_steps", NumberRule.Between(0, 60, "years"), 0);
        double? cost = s.Number("hiring_cost", NumberRule.NonNegative("money per hire"), DefaultHiringCost);
        s.Done();
        return step is null || maxSteps is null || cost is null ? null
            : new CompensationSpec { StepPerYos = step.Value, MaxSteps = maxSteps.Value, HiringCost = cost.Value };
    }

    private static SortedDictionary<string, object?> LevelOutput(RatingLevel l)
    {
        var d = PlainTree.NewMap();
        d["id"] = l.Id;
        if (double.IsFinite(l.From)) d["from"] = l.From;
        return d;
    }
}
