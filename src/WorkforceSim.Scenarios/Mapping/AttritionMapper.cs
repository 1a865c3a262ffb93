using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>attrition</c>: hazards by year of service, modifiers, reasons and pay elasticity.</summary>
internal static class AttritionMapper
{
    /// <summary>Exit reasons as named in YAML, in <see cref="ExitReason"/> order.</summary>
    public static readonly IReadOnlyDictionary<string, ExitReason> ReasonNames = new Dictionary<string, ExitReason>
    {
        ["resignation"] = ExitReason.Resignation, ["retirement"] = ExitReason.Retirement,
        ["dismissal"] = ExitReason.Dismissal, ["move"] = ExitReason.Move,
    };

    public static AttritionSpec? Read(Section a, References refs)
    {
        var hazards = Hazards(a);
        int? mandatory = a.Integer("mandatory_exit_yos", NumberRule.Between(1, 100, "completed years"), 60);
        double? global = a.Number("global_factor", ParameterRanges.GlobalFactor, 1);
        var modifiers = Modifiers(a, refs);
        var reasons = Reasons(a);
        double? endShare = a.Number("end_of_year_share", NumberRule.Probability, 0);
        var pay = a.Map("pay_elasticity");
        double? elasticity = pay.Number("elasticity", NumberRule.Between(-10, 0, "an elasticity"), required: pay.Present);
        int? fade = pay.Integer("fade_out_yos", NumberRule.Between(1, 60, "years"), required: pay.Present);
        pay.Done();
        a.Done();
        if (hazards is null || mandatory is null || global is null || modifiers is null || reasons is null || endShare is null)
            return null;
        return new AttritionSpec
        {
            HazardByYearOfService = hazards.Value, MandatoryExitYos = mandatory.Value, GlobalFactor = global.Value,
            Modifiers = modifiers.Value, Reasons = reasons.Value, EndOfYearShare = endShare.Value,
            PayElasticity = elasticity is { } e && fade is { } f ? new PayElasticitySpec(e, f) : null,
        };
    }

    /// <summary><c>hazard_by_yos</c>: keys 1..K without gaps become indices 0..K-1.</summary>
    private static ImmutableArray<double>? Hazards(Section a)
    {
        var entries = Lists.Keyed(a, "hazard_by_yos", NumberRule.Between(0, 200, "a year of service"), required: true);
        if (entries is null) return null;
        string path = a.PathOf("hazard_by_yos");
        if (entries.Count == 0) { a.Diags.Add(ScenarioErrors.HazardNotFromOne(a.Location, path, 0)); return null; }
        bool ok = true;
        if (entries[0].Key != 1) { a.Diags.Add(ScenarioErrors.HazardNotFromOne(entries[0].KeyNode.Location, path, entries[0].Key)); ok = false; }
        for (int i = 1; i < entries.Count; i++)
            if (entries[i].Key != entries[i - 1].Key + 1)
            {
                a.Diags.Add(ScenarioErrors.HazardGap(entries[i].KeyNode.Location, path, entries[i - 1].Key + 1, entries[i].Key));
                ok = false;
            }
        var result = ImmutableArray.CreateBuilder<double>();
        foreach (var e in entries)
            if (Values.Number(e.Value, $"{path}.{e.Key}", NumberRule.Probability, a.Diags) is { } p) result.Add(p);
            else ok = false;
        return ok ? result.ToImmutable() : null;
    }

    private static ImmutableArray<HazardModifier>? Modifiers(Section a, References refs)
    {
        var result = ImmutableArray.CreateBuilder<HazardModifier>();
        bool ok = true;
        foreach (var m in Lists.Items(a, "modifiers"))
        {
            var when = Conditions.Read(m, "when", refs);
            double? factor = m.Number("factor", NumberRule.Between(0, 100, "a factor"), required: true);
            var years = Years.Range(m, horizon: null);
            m.Done();
            if (factor is null || years is null) { ok = false; continue; }
            result.Add(new HazardModifier(when, factor.Value, years.Value.From, years.Value.To));
        }
        return ok ? result.ToImmutable() : null;
    }

    private static ImmutableArray<ReasonShares>? Reasons(Section a)
    {
        if (a.Node("reasons") is null)
        {
            var row = Yaml.PlainTree.NewMap();
            row["resignation"] = 1.0;
            var table = Yaml.PlainTree.NewMap();
            table["0"] = row;
            a.Put("reasons", table);
            return [new ReasonShares(0, [1.0, 0, 0, 0])];
        }
        return Distributions.Steps(a, "reasons", fromZero: true, (e, path) =>
        {
            var row = new Section(Values.AsMap(e.Value, path, a.Diags), path, e.KeyNode.Location, a.Diags);
            if (!row.Present) return null;
            var shares = ReasonNames.Keys.Select(name => row.Number(name, NumberRule.Share, 0)).ToList();
            row.Done();
            if (shares.Any(s => s is null)) return null;
            Lists.CheckSharesSumToOne(shares, e.KeyNode.Location, path, a.Diags);
            return new ReasonShares((int)e.Key, [.. shares.Select(s => s!.Value)]);
        });
    }
}
