using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>Maps a condition (<c>when:</c> / <c>eligible:</c>) to a <see cref="TeacherCondition"/>.</summary>
internal static class Conditions
{
    private static readonly NumberRule Quintile = NumberRule.Between(1, 5, "an effectiveness quintile").Fixed("it selects teachers rather than measuring anything");
    private static readonly NumberRule Yos = NumberRule.Between(0, 100, "completed years of service");

    /// <summary>The condition under <paramref name="key"/>; <see cref="TeacherCondition.Any"/> when absent.</summary>
    public static TeacherCondition Read(Section parent, string key, References refs)
    {
        var s = parent.Map(key);
        if (!s.Present) return TeacherCondition.Any;
        var diags = s.Diags;
        var stages = OneOrMany(s, "stage", (n, p) => refs.Stages.Resolve(n, p, diags, ScenarioErrors.UnknownStage));
        var segments = OneOrMany(s, "segment", (n, p) => refs.Segments.Resolve(n, p, diags, ScenarioErrors.UnknownSegment));
        var quintiles = OneOrMany(s, "effectiveness_quintile", (n, p) => (int?)Values.Integer(n, p, Quintile, diags));
        bool? coached = s.Bool("coached");
        var yos = s.Map("yos");
        int? min = yos.Integer("min", Yos), max = yos.Integer("max", Yos);
        if (min > max) diags.Add(ScenarioErrors.MinAboveMax(yos.Location, yos.Path, "min", "max"));
        yos.Done();
        int? rating = s.Node("rating_at_most") is { } r ? refs.Levels.Resolve(r, s.PathOf("rating_at_most"), diags, ScenarioErrors.UnknownLevel) : null;
        if (rating is not null) s.Put("rating_at_most", refs.Levels[rating.Value]);
        s.Done();
        return new TeacherCondition
        {
            Stages = stages, Segments = segments, Quintiles = quintiles, Coached = coached,
            MinYos = min, MaxYos = max, MaxRating = rating,
        };
    }

    /// <summary>A scalar or a list of scalars, each mapped by <paramref name="map"/> (null: reported and skipped).</summary>
    private static ImmutableArray<int> OneOrMany(Section s, string key, Func<YNode, string, int?> map)
    {
        var n = s.Node(key);
        if (n is null) return [];
        s.Put(key, PlainTree.Of(n));
        var items = n is YSeq q ? q.Items : [n];
        var result = ImmutableArray.CreateBuilder<int>();
        for (int i = 0; i < items.Count; i++)
            if (map(items[i], n is YSeq ? $"{s.PathOf(key)}[{i}]" : s.PathOf(key)) is { } v && !result.Contains(v))
                result.Add(v);
        result.Sort();
        return result.ToImmutable();
    }
}
