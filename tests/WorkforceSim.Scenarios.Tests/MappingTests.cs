using WorkforceSim.Core.Model;

namespace WorkforceSim.Scenarios.Tests;

public class MappingTests
{
    private static ScenarioSpec Load(string yaml)
    {
        var r = ScenarioLoader.LoadText(yaml, "test.yaml");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r.Spec!;
    }

    [Fact]
    public void Minimal_scenario_gets_documented_defaults()
    {
        var spec = Load(Samples.Minimal);
        var p = spec.Periods.Single().Parameters;

        Assert.Equal(("minimal", 2026, 2035, 100, 1UL), (spec.Id, spec.StartYear, spec.LastYear, spec.Replications, spec.Seed));
        Assert.Equal(ScenarioSpec.DefaultCycle.ToArray(), spec.Cycle.ToArray());
        Assert.Equal([new SegmentSpec("all", 1.0)], spec.Segments.ToArray());
        Assert.Equal("teacher", Assert.Single(p.Stages).Id);
        Assert.Equal(["ineffective", "minimally_effective", "developing", "effective", "highly_effective"], p.Evaluation.Levels.Select(l => l.Id));
        Assert.Equal(-0.75, p.Evaluation.Levels[2].From);
        var reasons = Assert.Single(p.Attrition.Reasons);
        Assert.Equal(0, reasons.FromYos);
        Assert.Equal([1.0, 0, 0, 0], reasons.Shares.ToArray());
        Assert.Equal(60, p.Attrition.MandatoryExitYos);
        Assert.Equal(1.0, p.Hiring.FillRate);
        Assert.Equal(IntDistribution.Point(0).Values.ToArray(), p.Hiring.Sources[0].Yos.Values.ToArray());
        Assert.Equal(31, spec.Initial.Yos.Values.Length);
        Assert.Equal(new NormalSpec(0, 1), spec.Initial.Effectiveness);
        Assert.Equal(1000, p.Positions.Count);
    }

    [Fact]
    public void Hazard_table_keyed_by_year_of_service_maps_to_zero_based_index()
    {
        var p = Load(Samples.Full).Periods[0].Parameters;
        // The YAML lists {2: 0.07, 1: 0.10, 3: 0.05}: order in the file does not matter, year of service 1 is index 0.
        Assert.Equal([0.10, 0.07, 0.05], p.Attrition.HazardByYearOfService.ToArray());
    }

    [Fact]
    public void Ids_map_to_indices_of_stages_segments_and_levels()
    {
        var spec = Load(Samples.Full);
        var p = spec.Periods[0].Parameters;

        Assert.Equal(["teacher", "team_lead"], p.Stages.Select(s => s.Id));
        Assert.Equal(0, p.Stages[1].Promotion!.FromStage);
        Assert.Equal([new RatingRule(2, 2)], p.Stages[1].Promotion!.RatingRules.ToArray());
        Assert.Equal([1], p.Attrition.Modifiers[0].When.Stages.ToArray());
        Assert.Equal([0, 1], p.Attrition.Modifiers[1].When.Segments.ToArray());
        Assert.Equal([1], p.Attrition.Modifiers[1].When.Quintiles.ToArray());
        Assert.Equal(2027, p.Attrition.Modifiers[1].FromYear);
        Assert.Equal(1, p.Bonuses[0].When.MaxRating);
        Assert.Equal(1, p.Roles[0].HeldByStage);
        Assert.Equal([new StageFromYos(0, 0), new StageFromYos(4, 1)], spec.Initial.StageByYos.ToArray());
        Assert.Equal([0.9, 0.97], p.Hiring.FillRateBySegment.ToArray());
    }

    [Fact]
    public void Stage_salary_defaults_to_the_previous_stage_and_capacity_is_mapped()
    {
        var p = Load(Samples.Full).Periods[0].Parameters;
        Assert.Equal(52000, p.Stages[1].Salary);
        Assert.Equal(3000, p.Stages[1].Stipend);
        Assert.Equal(new CapacitySpec(CapacityKind.PerTeachers, 7), p.Stages[1].Promotion!.Capacity);
        Assert.Equal(0.7, p.Stages[1].Promotion!.Acceptance);
        Assert.Equal(CapacitySpec.Unlimited, p.Stages[0].Promotion?.Capacity ?? CapacitySpec.Unlimited);
    }

    [Theory]
    [InlineData("{absolute: 12}", CapacityKind.Absolute, 12)]
    [InlineData("{share: 0.1}", CapacityKind.ShareOfPositions, 0.1)]
    [InlineData("unlimited", CapacityKind.Unlimited, 0)]
    public void Capacity_forms_map_to_their_kind(string yaml, CapacityKind kind, double value)
    {
        var p = Load(Samples.Full.Replace("{per_teachers: 7}", yaml)).Periods[0].Parameters;
        Assert.Equal(new CapacitySpec(kind, value), p.Stages[1].Promotion!.Capacity);
    }

    [Fact]
    public void Reasons_are_a_step_function_in_exit_reason_order()
    {
        var p = Load(Samples.Full).Periods[0].Parameters;
        Assert.Equal(2, p.Attrition.Reasons.Length);
        Assert.Equal(new[] { 0.9, 0, 0, 0.1 }, p.Attrition.Reasons[0].Shares);
        Assert.Equal(25, p.Attrition.Reasons[1].FromYos);
        Assert.Equal(new[] { 0.3, 0.7, 0, 0 }, p.Attrition.Reasons[1].Shares);
    }

    [Fact]
    public void Yos_table_weights_are_normalised_and_sorted()
    {
        var yos = Load(Samples.Full).Initial.Yos;
        Assert.Equal([0, 2, 5], yos.Values.ToArray());
        Assert.Equal([0.2, 0.2, 0.6], yos.Probabilities.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Hiring_sources_map_kinds_and_reentrant_settings()
    {
        var sources = Load(Samples.Full).Periods[0].Parameters.Hiring.Sources;
        Assert.Equal([SourceKind.Novice, SourceKind.Experienced, SourceKind.Reentrant], sources.Select(s => s.Kind));
        Assert.Equal(IntDistribution.Uniform(2, 10).Values.ToArray(), sources[1].Yos.Values.ToArray());
        Assert.Equal((8, 1, 1 << (int)ExitReason.Resignation), (sources[2].MaxGap, sources[2].MinGap, sources[2].EligibleReasonMask));
    }

    [Fact]
    public void Policies_become_parameter_periods_in_year_order()
    {
        var spec = Load(Samples.Full);
        Assert.Equal([2026, 2029, 2032], spec.Periods.Select(p => p.FromYear));
    }

    [Fact]
    public void Resolved_tree_has_defaults_and_is_deterministic()
    {
        var a = ScenarioLoader.LoadText(Samples.Minimal, "a.yaml");
        var b = ScenarioLoader.LoadText(Samples.Minimal, "a.yaml");
        var resolved = a.Resolved!;
        var attrition = (IReadOnlyDictionary<string, object?>)resolved["attrition"]!;
        Assert.Equal(1.0, attrition["global_factor"]);
        Assert.Equal(60L, attrition["mandatory_exit_yos"]);
        Assert.False(attrition.ContainsKey("pay_elasticity")); // optional, no default: left out rather than {}
        Assert.Equal(100L, resolved["replications"]);
        Assert.Equal(new List<object?> { "exits", "evaluation", "promotion", "hiring", "leadership", "service" }, resolved["cycle"]);
        Assert.Equal(Flatten(resolved), Flatten(b.Resolved!));
        Assert.Matches("^[0-9a-f]{64}$", a.Sha256!);
        Assert.Equal(["a.yaml"], a.Files.ToArray());
    }

    [Fact]
    public void Resolved_tables_keyed_by_years_list_their_keys_in_numeric_order()
    {
        string table = "{" + string.Join(", ", Enumerable.Range(1, 12).Select(k => $"{k}: 0.05")) + "}";
        string yaml = Samples.Minimal.Replace("hazard_by_yos: {1: 0.10, 2: 0.07, 3: 0.05}", "hazard_by_yos: " + table, StringComparison.Ordinal);
        Assert.NotEqual(Samples.Minimal, yaml);
        var load = ScenarioLoader.LoadText(yaml, "a.yaml");
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var attrition = (IReadOnlyDictionary<string, object?>)load.Resolved!["attrition"]!;
        var keys = ((IReadOnlyDictionary<string, object?>)attrition["hazard_by_yos"]!).Keys.ToArray();
        Assert.Equal(12, keys.Length);
        Assert.Equal(keys.OrderBy(int.Parse), keys);
    }

    [Fact]
    public void Integer_valued_float_is_accepted_for_counts_but_fraction_is_not()
    {
        Assert.Equal(5000, Load(Samples.Minimal.Replace("count: 1000", "count: 5000.0")).Periods[0].Parameters.Positions.Count);
        var r = ScenarioLoader.LoadText(Samples.Minimal.Replace("count: 1000", "count: 5000.5"), "t.yaml");
        Assert.Equal("WS2003", Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Numbers_parse_independently_of_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(0.97, Load(Samples.Full).Periods[0].Parameters.Hiring.FillRate);
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = saved; }
    }

    internal static string Flatten(object? o) => o switch
    {
        IReadOnlyDictionary<string, object?> d => "{" + string.Join(",", d.Select(kv => kv.Key + ":" + Flatten(kv.Value))) + "}",
        List<object?> l => "[" + string.Join(",", l.Select(Flatten)) + "]",
        null => "null",
        _ => $"{o.GetType().Name}:{Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture)}",
    };
}
