using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>hiring</c>: fill rates and sources.</summary>
internal static class HiringMapper
{
    private static readonly Dictionary<string, SourceKind> Kinds = new()
    {
        ["novice"] = SourceKind.Novice, ["experienced"] = SourceKind.Experienced, ["reentrant"] = SourceKind.Reentrant,
    };

    public static HiringSpec? Read(Section h, References refs)
    {
        double? fill = h.Number("fill_rate", NumberRule.Probability, 1);
        var bySegment = FillRateBySegment(h, refs, fill ?? 1);
        var items = Lists.IdItems(h, "sources", required: true);
        var shares = new List<double?>();
        var sources = items.Select(i => Source(i.Item, i.Id, shares)).ToList();
        if (h.Node("sources") is { } list && items.Count == 0)
            h.Diags.Add(ScenarioErrors.CountOutOfRange(list.Location, h.PathOf("sources"), 0, 1, int.MaxValue, "sources"));
        Lists.CheckSharesSumToOne(shares, h.Node("sources")?.Location ?? h.Location, h.PathOf("sources"), h.Diags);
        h.Done();
        if (fill is null || bySegment is null || sources.Any(s => s is null) || sources.Count == 0) return null;
        return new HiringSpec { FillRate = fill.Value, FillRateBySegment = bySegment.Value, Sources = [.. sources!] };
    }

    private static ImmutableArray<double>? FillRateBySegment(Section h, References refs, double fill)
    {
        var n = h.Node("fill_rate_by_segment");
        if (n is null) return [];
        string path = h.PathOf("fill_rate_by_segment");
        if (Values.AsMap(n, path, h.Diags) is not { } map) return null;
        h.Put("fill_rate_by_segment", PlainTree.Of(map));
        var rates = Enumerable.Repeat(fill, refs.Segments.Count).ToArray();
        bool ok = true;
        foreach (var (key, value) in map.Entries)
        {
            int? seg = refs.Segments.Resolve(key, $"{path}.{key.Text}", h.Diags, ScenarioErrors.FillRateUnknownSegment);
            double? rate = Values.Number(value, $"{path}.{key.Text}", NumberRule.Probability, h.Diags);
            if (seg is null || rate is null) ok = false;
            else rates[seg.Value] = rate.Value;
        }
        return ok ? [.. rates] : null;
    }

    /// <summary>A source; its share is added to <paramref name="shares"/> even when another key is invalid, so the sum check stays meaningful.</summary>
    private static HiringSourceSpec? Source(Section s, string id, List<double?> shares)
    {
        var kind = s.Choice<SourceKind>("kind", Kinds, null, required: true);
        double? share = s.Number("share", NumberRule.Share, required: true);
        shares.Add(share);
        var spec = kind switch
        {
            SourceKind.Reentrant => Reentrant(s),
            SourceKind.Experienced => Newcomer(s, yosDefault: null),
            _ => Newcomer(s, IntDistribution.Point(0)),
        };
        s.Done();
        if (kind is null || share is null || spec is null) return null;
        return spec with { Id = id, Kind = kind.Value, Share = share.Value };
    }

    private static HiringSourceSpec? Newcomer(Section s, IntDistribution? yosDefault)
    {
        var yos = Distributions.Int(s, "yos", yosDefault);
        var eff = Distributions.Normal(s, "effectiveness");
        return yos is null || eff is null ? null : new HiringSourceSpec { Id = "", Kind = default, Share = 0, Yos = yos, Effectiveness = eff };
    }

    private static HiringSourceSpec? Reentrant(Section s)
    {
        var gapRule = NumberRule.Between(1, 40, "years between exit and return");
        double? ret = s.Number("return_probability", NumberRule.Probability, 0.1);
        int? minGap = s.Integer("min_gap", gapRule, 1), maxGap = s.Integer("max_gap", gapRule, 5);
        int? maxYos = s.Integer("max_yos_at_exit", NumberRule.Between(0, 100, "completed years"), 100);
        int? mask = ReasonMask(s);
        if (minGap > maxGap) { s.Diags.Add(ScenarioErrors.MinAboveMax(s.Node("min_gap")?.Location ?? s.Location, s.Path, "min_gap", "max_gap")); return null; }
        if (ret is null || minGap is null || maxGap is null || maxYos is null || mask is null) return null;
        return new HiringSourceSpec
        {
            Id = "", Kind = SourceKind.Reentrant, Share = 0, ReturnProbability = ret.Value, MinGap = minGap.Value,
            MaxGap = maxGap.Value, MaxYosAtExit = maxYos.Value, EligibleReasonMask = mask.Value,
        };
    }

    private static int? ReasonMask(Section s)
    {
        var seq = s.List("reasons");
        if (seq is null)
        {
            if (s.Node("reasons") is not null) return null;
            s.Put("reasons", new List<object?> { "resignation", "move" });
            return (1 << (int)ExitReason.Resignation) | (1 << (int)ExitReason.Move);
        }
        s.Put("reasons", PlainTree.Of(seq));
        int mask = 0;
        bool ok = true;
        for (int i = 0; i < seq.Items.Count; i++)
            if (Values.Choice(seq.Items[i], $"{s.PathOf("reasons")}[{i}]", AttritionMapper.ReasonNames, s.Diags) is { } r) mask |= 1 << (int)r;
            else ok = false;
        return ok ? mask : null;
    }
}
