using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>workforce</c>: positions, segments and the initial workforce.</summary>
internal static class WorkforceMapper
{
    public static PositionsSpec? Positions(Section workforce)
    {
        var p = workforce.Map("positions", required: true);
        int? count = p.Integer("count", NumberRule.Between(0, 50_000_000, "budgeted positions"), required: true);
        double? change = p.Number("change_per_year", NumberRule.Any, 0);
        double? growth = p.Number("growth_rate", NumberRule.Between(-0.5, 0.5, "compound growth per year"), 0);
        p.Done();
        return count is null || change is null || growth is null ? null : new PositionsSpec(count.Value, change.Value, growth.Value);
    }

    public static ImmutableArray<SegmentSpec> Segments(Section workforce)
    {
        if (workforce.Node("segments") is null)
        {
            workforce.Put("segments", new List<object?> { Item("all", 1.0) });
            return [new SegmentSpec("all", 1.0)];
        }
        var items = Lists.IdItems(workforce, "segments");
        var result = ImmutableArray.CreateBuilder<SegmentSpec>();
        var shares = new List<double?>();
        foreach (var (s, id) in items)
        {
            double? share = s.Number("share", NumberRule.Share, required: true);
            s.Done();
            shares.Add(share);
            result.Add(new SegmentSpec(id, share ?? double.NaN));
        }
        Lists.CheckSharesSumToOne(shares, workforce.Node("segments")!.Location, workforce.PathOf("segments"), workforce.Diags);
        if (items.Count == 0) workforce.Diags.Add(ScenarioErrors.CountOutOfRange(workforce.Location, workforce.PathOf("segments"), 0, 1, int.MaxValue, "segments"));
        return result.ToImmutable();
    }

    public static InitialWorkforceSpec? Initial(Section workforce, References refs)
    {
        var s = workforce.Map("initial", required: true);
        var yos = Distributions.Int(s, "yos", @default: null);
        var eff = Distributions.Normal(s, "effectiveness");
        var steps = Distributions.Steps(s, "stage_by_yos", fromZero: true, (e, path) =>
            refs.Stages.Resolve(e.Value, path, s.Diags, ScenarioErrors.UnknownStage) is { } stage ? new StageFromYos((int)e.Key, stage) : null);
        int? passes = s.Integer("promotion_passes", NumberRule.Between(0, 10, "promotion rounds"), 1);
        double? filled = s.Number("filled_share", NumberRule.Probability, 1);
        s.Done();
        if (yos is null || eff is null || passes is null || filled is null) return null;
        return new InitialWorkforceSpec
        {
            Yos = yos, Effectiveness = eff, StageByYos = steps ?? [], PromotionPasses = passes.Value, FilledShare = filled.Value,
        };
    }

    private static SortedDictionary<string, object?> Item(string id, double share)
    {
        var d = Yaml.PlainTree.NewMap();
        d["id"] = id;
        d["share"] = share;
        return d;
    }
}
