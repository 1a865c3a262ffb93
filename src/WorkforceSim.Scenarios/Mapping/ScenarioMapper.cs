using System.Collections.Immutable;
using System.Text.RegularExpressions;
using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>The result of mapping one scenario tree: the spec (without policy periods) if it is valid, and the resolved tree.</summary>
internal sealed record MappedScenario(
    ScenarioSpec? Spec, ModelParameters? Parameters, SortedDictionary<string, object?> Resolved, Horizon? Horizon)
{
    /// <summary>The <c>uncertainty</c> settings as written (null members: not given).</summary>
    public (int? Worlds, long? Seed) Uncertainty { get; init; }
}

/// <summary>Maps a merged scenario tree to a <see cref="ScenarioSpec"/> with a single parameter period.</summary>
internal static partial class ScenarioMapper
{
    private static readonly Dictionary<string, Phase> Phases = new()
    {
        ["exits"] = Phase.Exits, ["evaluation"] = Phase.Evaluation, ["promotion"] = Phase.Promotion,
        ["hiring"] = Phase.Hiring, ["leadership"] = Phase.Leadership, ["service"] = Phase.Service,
    };

    /// <summary>Why the run settings cannot be uncertain.</summary>
    private const string RunSetting = "it is a setting of the run, the same in every world";

    /// <summary>Most worlds a run may have.</summary>
    public const int MaxWorlds = 100_000;

    public static MappedScenario Map(YMap tree, DiagnosticBag diags)
    {
        int errorsBefore = diags.ErrorReports;
        var root = new Section(tree, "", tree.Location, diags);
        string? id = Identifier(root);
        string? title = root.Text("title", required: true);
        string? description = root.Text("description", "");
        var horizon = ReadHorizon(root);
        int? replications = root.Integer("replications", ParameterRanges.Replications.Fixed(RunSetting), 100);
        long? seed = root.Long("seed", ParameterRanges.Seed.Fixed(RunSetting), 1);
        var cycle = Cycle(root);
        var uncertainty = root.Map("uncertainty");
        int? worlds = uncertainty.Integer("worlds", NumberRule.Between(2, MaxWorlds, "a number of worlds").Fixed(RunSetting));
        long? uncertaintySeed = uncertainty.Long("seed", NumberRule.Between(0, long.MaxValue, "a 63-bit seed").Fixed(RunSetting));
        uncertainty.Done();

        // Ids come first: conditions and rules everywhere refer to segments, rating levels and stages.
        var workforce = root.Map("workforce", required: true);
        var positions = WorkforceMapper.Positions(workforce);
        var segments = WorkforceMapper.Segments(workforce);
        var (evaluationSection, levels) = SmallSectionsMapper.Levels(root);
        var stageItems = LadderMapper.StageItems(root);
        var refs = new References(
            new IdTable(stageItems.Select(s => s.Id)), new IdTable(segments.Select(s => s.Id)),
            new IdTable((levels ?? []).Select(l => l.Id)));

        var initial = WorkforceMapper.Initial(workforce, refs);
        workforce.Done();
        var stages = LadderMapper.Stages(stageItems, refs);
        var evaluation = SmallSectionsMapper.Evaluation(evaluationSection, levels);
        var attrition = AttritionMapper.Read(root.Map("attrition", required: true), refs);
        var hiring = HiringMapper.Read(root.Map("hiring", required: true), refs);
        var effectiveness = SmallSectionsMapper.Effectiveness(root);
        var compensation = SmallSectionsMapper.Compensation(root);
        var roles = RolesMapper.Roles(root, refs);
        var bonuses = RolesMapper.Bonuses(root, refs, horizon);
        root.Put("policies", root.Node("policies") is { } p ? PlainTree.Of(p) : new List<object?>());
        root.Done();

        ModelParameters? parameters = null;
        ScenarioSpec? spec = null;
        if (diags.ErrorReports == errorsBefore && positions is not null && attrition is not null && hiring is not null
            && effectiveness is not null && evaluation is not null && compensation is not null && stages is not null
            && roles is not null && bonuses is not null)
        {
            parameters = new ModelParameters
            {
                Positions = positions, Attrition = attrition, Hiring = hiring, Effectiveness = effectiveness,
                Evaluation = evaluation, Compensation = compensation, Stages = stages.Value, Roles = roles.Value, Bonuses = bonuses.Value,
            };
            if (id is not null && title is not null && horizon is { } h && initial is not null && cycle is not null)
                spec = new ScenarioSpec
                {
                    Id = id, Title = title, Description = description ?? "", StartYear = h.First, Years = h.Last - h.First + 1,
                    Replications = replications!.Value, Seed = (ulong)seed!.Value, Cycle = cycle.Value, Segments = segments,
                    Initial = initial, Periods = [new ParameterPeriod(h.First, parameters)],
                };
        }
        return new MappedScenario(spec, parameters, root.Output, horizon) { Uncertainty = (worlds, uncertaintySeed) };
    }

    private static string? Identifier(Section root)
    {
        string? id = root.Text("scenario", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            root.Diags.Add(ScenarioErrors.BadIdentifier(root.Node("scenario")!.Location, "scenario", id));
            return null;
        }
        return id;
    }

    private static Horizon? ReadHorizon(Section root)
    {
        var h = root.Map("horizon", required: true);
        int? start = h.Integer("start_year", NumberRule.Between(1900, 2200, "a calendar year").Fixed(RunSetting), required: true);
        int? years = h.Integer("years", ParameterRanges.HorizonYears.Fixed(RunSetting), required: true);
        h.Done();
        return start is null || years is null ? null : new Horizon(start.Value, start.Value + years.Value - 1);
    }

    private static ImmutableArray<Phase>? Cycle(Section root)
    {
        var n = root.Node("cycle");
        if (n is null)
        {
            root.Put("cycle", ScenarioSpec.DefaultCycle.Select(p => (object?)Phases.First(x => x.Value == p).Key).ToList());
            return ScenarioSpec.DefaultCycle;
        }
        if (root.List("cycle") is not { } seq) return null;
        root.Put("cycle", PlainTree.Of(seq));
        var result = ImmutableArray.CreateBuilder<Phase>();
        bool ok = true;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string path = $"cycle[{i}]";
            if (Values.Choice(seq.Items[i], path, Phases, root.Diags) is not { } phase) { ok = false; continue; }
            if (result.Contains(phase))
            {
                root.Diags.Add(ScenarioErrors.RepeatedPhase(seq.Items[i].Location, path, ((YScalar)seq.Items[i]).Text));
                ok = false;
                continue;
            }
            result.Add(phase);
        }
        return ok ? result.ToImmutable() : null;
    }

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\z")]
    private static partial Regex IdPattern();
}
