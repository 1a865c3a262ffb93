using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps <c>{table: {yos: weight}}</c> / <c>{uniform: {min, max}}</c> and <c>{normal: {mean, sd}}</c>.</summary>
internal static class Distributions
{
    private static readonly NumberRule Yos = NumberRule.Between(0, 100, "completed years of service");
    private static readonly NumberRule Weight = NumberRule.NonNegative("a weight");
    private static readonly string[] IntForms = ["table", "uniform"];

    /// <summary>A yos distribution; <paramref name="default"/> when absent (null: required).</summary>
    public static IntDistribution? Int(Section parent, string key, IntDistribution? @default)
    {
        var s = parent.Map(key, required: @default is null);
        if (!s.Present)
        {
            if (@default is not null) parent.Put(key, DefaultTable(@default));
            return @default;
        }
        if (UncertainValues.TeacherLevelMisuse(s, IntForms, "{ uniform: { min, max } } or { table: { yos: weight } }", "max: { triangular: { min: 25, mode: 30, max: 35 } }"))
        {
            s.Done();
            return null;
        }
        int forms = IntForms.Count(f => s.Node(f) is not null);
        IntDistribution? result = null;
        if (forms != 1) s.Diags.Add(ScenarioErrors.ExactlyOneOf(s.Location, s.Path, IntForms));
        else if (s.Node("table") is not null) result = Table(s);
        else result = Uniform(s.Map("uniform"));
        s.Done();
        return result;
    }

    private static IntDistribution? Table(Section s)
    {
        var entries = Lists.Keyed(s, "table", Yos);
        if (entries is null) return null;
        var weights = new List<(int Yos, double Weight)>();
        bool ok = true;
        foreach (var e in entries)
        {
            if (Values.Number(e.Value, $"{s.PathOf("table")}.{e.Key}", Weight, s.Diags) is { } w) weights.Add(((int)e.Key, w));
            else ok = false;
        }
        double total = weights.Sum(w => w.Weight);
        if (!ok) return null;
        if (total <= 0) { s.Diags.Add(ScenarioErrors.NoWeight(s.Location, s.PathOf("table"))); return null; }
        var kept = weights.Where(w => w.Weight > 0).ToList();
        return new IntDistribution
        {
            Values = [.. kept.Select(w => w.Yos)],
            Probabilities = [.. kept.Select(w => w.Weight / total)],
        };
    }

    private static IntDistribution? Uniform(Section u)
    {
        int? min = u.Integer("min", Yos, required: true), max = u.Integer("max", Yos, required: true);
        u.Done();
        if (min is null || max is null) return null;
        if (min > max) { u.Diags.Add(ScenarioErrors.MinAboveMax(u.Location, u.Path, "min", "max")); return null; }
        return IntDistribution.Uniform(min.Value, max.Value);
    }

    private static SortedDictionary<string, object?> DefaultTable(IntDistribution d)
    {
        var table = Yaml.PlainTree.NewMap();
        for (int i = 0; i < d.Values.Length; i++)
            table[d.Values[i].ToString(System.Globalization.CultureInfo.InvariantCulture)] = d.Probabilities[i];
        var root = Yaml.PlainTree.NewMap();
        root["table"] = table;
        return root;
    }

    /// <summary><c>{normal: {mean, sd}}</c>; mean 0, sd 1 when absent.</summary>
    public static NormalSpec? Normal(Section parent, string key)
    {
        var s = parent.Map(key);
        if (UncertainValues.TeacherLevelMisuse(s, ["normal"], "{ normal: { mean, sd } }", "mean: { triangular: { min: -0.3, mode: 0, max: 0.1 } }"))
        {
            s.Done();
            return null;
        }
        var n = s.Map("normal", required: s.Present);
        double? mean = n.Number("mean", NumberRule.Between(-100, 100, "teacher-SD units"), 0);
        double? sd = n.Number("sd", NumberRule.NonNegative("a standard deviation"), 1);
        n.Done();
        s.Done();
        return mean is null || sd is null ? null : new NormalSpec(mean.Value, sd.Value);
    }

    /// <summary>Reads a step function keyed by completed yos (ascending keys; first key 0 if <paramref name="fromZero"/>).</summary>
    public static ImmutableArray<T>? Steps<T>(Section s, string key, bool fromZero, Func<KeyedEntry, string, T?> value)
        where T : class
    {
        var entries = Lists.Keyed(s, key, Yos);
        if (entries is null || entries.Count == 0) return null;
        if (fromZero && entries[0].Key != 0)
            s.Diags.Add(ScenarioErrors.StepsNotFromZero(entries[0].KeyNode.Location, s.PathOf(key), entries[0].Key));
        var result = ImmutableArray.CreateBuilder<T>();
        bool ok = true;
        foreach (var e in entries)
        {
            if (value(e, $"{s.PathOf(key)}.{e.Key}") is { } v) result.Add(v);
            else ok = false;
        }
        return ok ? result.ToImmutable() : null;
    }
}
