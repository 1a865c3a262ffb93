using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios.Tests;

/// <summary>Numbers given as distributions (docs/uncertainty.md): located errors for bad ones, and how good ones load.</summary>
public class UncertaintyLoaderTests
{
    private const string Hazards = "  hazard_by_yos: {1: 0.10, 2: 0.07, 3: 0.05}";

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, Samples.Minimal);
        return Samples.Minimal.Replace(find, replace);
    }

    /// <summary>The minimal scenario with <c>attrition.global_factor</c> (range 0–10) written as <paramref name="value"/> on line 10, column 18.</summary>
    private static string Factor(string value) => Edit(Hazards, Hazards + "\n  global_factor: " + value);

    private static ScenarioLoadResult Load(string yaml) => ScenarioLoader.LoadText(yaml, "self.yaml", path => path == "self.yaml" ? yaml : null);

    public static TheoryData<string, string, int, int> Cases => new()
    {
        { Factor("{unifrom: {min: 0.5, max: 1}}"), "WS7001", 10, 19 },
        { Factor("{uniform: {min: 0.5, max: 1}, normal: {mean: 1, sd: 0.1}}"), "WS7002", 10, 18 },
        { Factor("{uniform: {min: 0.5, max: 12}}"), "WS7003", 10, 44 },
        { Factor("{uniform: {min: -1, max: 1}}"), "WS7003", 10, 34 },
        { Factor("{choice: [0.5, 11]}"), "WS7003", 10, 33 },
        { Factor("{beta: {a: 2, b: 2, min: 5, max: 11}}"), "WS7003", 10, 51 },
        { Factor("{triangular: {min: 0.5, mode: 2, max: 1}}"), "WS7004", 10, 48 },
        { Factor("{normal: {mean: 1, sd: 0}}"), "WS7005", 10, 41 },
        { Factor("{normal: {mean: 1, sd: -0.1}}"), "WS7005", 10, 41 },
        { Factor("{normal: {mean: 1, sd: 1e300}}"), "WS2001", 10, 41 },
        { Factor("{lognormal: {mu: 0, sigma: 0}}"), "WS7005", 10, 45 },
        { Edit("hiring:\n", "hiring:\n  fill_rate: {normal: {mean: 1.3, sd: 0.1}}\n"), "WS7006", 11, 30 },
        { Factor("{lognormal: {mu: 3, sigma: 0.5}}"), "WS7006", 10, 30 },
        { Factor("{lognormal: {mean: 1, sigma: 0.2}}"), "WS7007", 10, 30 },
        { Factor("{beta: {a: 0, b: 2}}"), "WS7008", 10, 29 },
        { Factor("{choice: []}"), "WS7009", 10, 27 },
        { Factor("{choice: {values: [1, 2], weights: [1]}}"), "WS7010", 10, 53 },
        { Factor("{choice: {values: [1, 2], weights: [0, 0]}}"), "WS7010", 10, 53 },
        { Edit(Hazards, Hazards + "\n  mandatory_exit_yos: {triangular: {min: 30, mode: 35, max: 40}}"), "WS7011", 10, 24 },
        { Edit("share: 1}", "share: {uniform: {min: 0.9, max: 1}}}"), "WS7012", 12, 41 },
        { Samples.Minimal + "\nreplications: {uniform: {min: 10, max: 20}}", "WS7012", 13, 15 },
        { Edit("{uniform: {min: 0, max: 30}}", "{uniform: {min: {uniform: {min: 10, max: 20}}, max: {choice: [5, 30]}}}"), "WS7013", 7, 20 },
        { Factor("{uniform: {min: {uniform: {min: 0, max: 1}}, max: 2}}"), "WS7014", 10, 34 },
        { Edit("    yos: {uniform: {min: 0, max: 30}}", "    yos: {uniform: {min: 0, max: 30}}\n    effectiveness: {triangular: {min: -1, mode: 0, max: 1}}"), "WS7015", 8, 21 },
        { Edit("{uniform: {min: 0, max: 30}}", "{normal: {mean: 10, sd: 3}}"), "WS7015", 7, 11 },
        // Familiar codes inside a distribution
        { Factor("{uniform: {min: 2, max: 1}}"), "WS2009", 10, 28 },
        { Factor("{uniform: {min: 0.5}}"), "WS1003", 10, 28 },
        { Edit(Hazards, Hazards + "\n  mandatory_exit_yos: {uniform: {min: 30.5, max: 40}}"), "WS2003", 10, 39 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_distribution_is_reported_with_its_code_at_the_offending_node(string yaml, string code, int line, int column)
    {
        var result = Load(yaml);
        Assert.False(result.Success);
        Assert.Null(result.Spec);
        var all = string.Join("\n", result.Diagnostics);
        var d = Assert.Single(result.Diagnostics, x => x.Code == code);
        Assert.True((d.Line, d.Column) == (line, column), $"expected {code} at ({line},{column}), got:\n{all}");
    }

    [Fact]
    public void Messages_say_what_is_wrong_and_how_to_fix_it()
    {
        var d = Load(Factor("{uniform: {min: 0.5, max: 12}}")).Diagnostics.Single();
        Assert.Equal("self.yaml(10,44): error WS7003: the distribution of 'attrition.global_factor' reaches up to 12, outside the valid range " +
                     "between 0 and 10 (a factor) — keep every possible value between 0 and 10", d.ToString());
        var w = Load(Edit("{uniform: {min: 0, max: 30}}", "{uniform: {min: {uniform: {min: 10, max: 20}}, max: {choice: [5, 30]}}}")).Diagnostics.Single();
        Assert.Contains("where every uncertain value is at the low end of its distribution (workforce.initial.yos.uniform.min = 10, workforce.initial.yos.uniform.max = 5)", w.Message);
        Assert.Contains("min is greater than max", w.Message);
    }

    [Fact]
    public void A_distribution_loads_at_its_median_and_is_listed_as_an_uncertain_parameter()
    {
        var r = Load(Factor("{triangular: {min: 0.5, mode: 0.85, max: 1.0}}"));
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var p = Assert.Single(r.Uncertainty!.Parameters);
        Assert.Equal("attrition.global_factor", p.Name);
        Assert.Equal(new TriangularDistribution(0.5, 0.85, 1.0), p.Distribution);
        Assert.Equal("self.yaml(10,19)", p.Location);
        Assert.True(r.Uncertainty.HasUncertainParameters);
        Assert.Equal(p.Distribution.Median, r.Spec!.Periods[0].Parameters.Attrition.GlobalFactor);
        // The resolved tree (manifest, inputs diff, report) shows the distribution as written.
        var attrition = (IReadOnlyDictionary<string, object?>)r.Resolved!["attrition"]!;
        var written = (IReadOnlyDictionary<string, object?>)attrition["global_factor"]!;
        Assert.True(written.ContainsKey("triangular"));
    }

    [Fact]
    public void A_world_is_the_scenario_with_the_drawn_values_written_in()
    {
        var r = Load(Factor("{uniform: {min: 0.5, max: 1.5}}") + "\nuncertainty: {worlds: 7, seed: 99}");
        var u = r.Uncertainty!;
        Assert.Equal(7, u.Worlds);
        Assert.Equal(99UL, u.Seed);
        var (spec, problems) = u.Build([1.25]);
        Assert.Empty(problems);
        Assert.Equal(1.25, spec!.Periods[0].Parameters.Attrition.GlobalFactor);
        var plan = u.Plan(runSeed: 1);
        Assert.Equal(new WorldPlan(7, 99), plan);
        var worlds = u.BuildWorlds(plan);
        Assert.True(worlds.Success);
        Assert.Equal(7, worlds.Specs.Length);
        for (int w = 0; w < 7; w++)
        {
            double expected = 0.5 + WorldDraw.Unit(99, w, "attrition.global_factor") * 1.0;
            Assert.Equal(expected, worlds.Values[w][0]);
            Assert.Equal(expected, worlds.Specs[w].Periods[0].Parameters.Attrition.GlobalFactor);
        }
        // Command-line values win over the file's.
        Assert.Equal(new WorldPlan(3, 5), u.Plan(runSeed: 1, worlds: 3, seed: 5));
        Assert.Equal(new WorldPlan(100, 1), Load(Factor("{uniform: {min: 0.5, max: 1.5}}")).Uncertainty!.Plan(runSeed: 1));
    }

    [Fact]
    public void Scenarios_that_share_a_parameter_draw_it_at_the_same_probability_in_each_world()
    {
        // Same name, same seed, same world: the same quantile of each scenario's own distribution (comonotone);
        // a parameter the other scenario lacks is drawn independently of it.
        var a = Load(Factor("{uniform: {min: 0.5, max: 1.5}}")).Uncertainty!;
        var b = Load(Edit("hiring:\n", "hiring:\n  fill_rate: {uniform: {min: 0.9, max: 1}}\n").Replace(Hazards, Hazards + "\n  global_factor: {triangular: {min: 0.5, mode: 1, max: 1.5}}")).Uncertainty!;
        Assert.Equal(["attrition.global_factor", "hiring.fill_rate"], b.Parameters.Select(p => p.Name));
        var plan = new WorldPlan(50, 20261122);
        for (int w = 0; w < 50; w++)
        {
            double ua = plan.Probabilities(w, a.Parameters)[0];
            var ub = plan.Probabilities(w, b.Parameters);
            Assert.Equal(ua, ub[0]);
            Assert.NotEqual(ua, ub[1]);
            Assert.Equal(b.Parameters[0].Distribution.Quantile(ua), plan.Values(w, b.Parameters)[0]);
        }
    }

    [Fact]
    public void Worlds_that_drew_the_same_values_share_one_scenario()
    {
        var u = Load(Factor("{choice: [0.8, 1.2]}")).Uncertainty!;
        var built = u.BuildWorlds(new WorldPlan(20, 3));
        Assert.Equal(20, built.Specs.Length);
        Assert.Equal(2, built.Specs.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(Enumerable.Range(0, 20), w => Assert.Equal(built.Values[w][0], built.Specs[w].Periods[0].Parameters.Attrition.GlobalFactor));
    }

    [Fact]
    public void An_alias_of_an_anchored_distribution_is_one_parameter_with_one_draw()
    {
        var yaml = Edit(Hazards, Hazards + "\n  global_factor: &effect {uniform: {min: 0.5, max: 1.5}}\n  modifiers: [{when: {yos: {max: 2}}, factor: *effect}]");
        var r = Load(yaml);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Single(r.Uncertainty!.Parameters);
        var (spec, _) = r.Uncertainty.Build([0.7]);
        Assert.Equal(0.7, spec!.Periods[0].Parameters.Attrition.GlobalFactor);
        Assert.Equal(0.7, spec.Periods[0].Parameters.Attrition.Modifiers[0].Factor);
    }

    [Fact]
    public void A_policy_may_set_a_distribution_and_gets_its_own_name_when_the_path_is_taken()
    {
        var yaml = Factor("{uniform: {min: 0.5, max: 1.5}}") +
                   "\npolicies:\n  - from_year: 2030\n    set:\n      attrition.global_factor: {uniform: {min: 1, max: 2}}\n      hiring.fill_rate: {choice: [0.9, 1]}";
        var r = Load(yaml);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(["attrition.global_factor", "attrition.global_factor@2030", "hiring.fill_rate"], r.Uncertainty!.Parameters.Select(p => p.Name));
        var (spec, _) = r.Uncertainty.Build([0.6, 1.8, 0.9]);
        Assert.Equal(0.6, spec!.ParametersFor(2029).Attrition.GlobalFactor);
        Assert.Equal(1.8, spec.ParametersFor(2030).Attrition.GlobalFactor);
        Assert.Equal(1.0, spec.ParametersFor(2029).Hiring.FillRate);
        Assert.Equal(0.9, spec.ParametersFor(2031).Hiring.FillRate);
    }

    [Fact]
    public void Teacher_level_distributions_keep_their_meaning_and_their_numbers_can_be_uncertain()
    {
        var yaml = Edit("    yos: {uniform: {min: 0, max: 30}}", "    yos: {uniform: {min: 0, max: {choice: [25, 30, 35]}}}\n    effectiveness: {normal: {mean: {uniform: {min: -0.3, max: 0}}, sd: 1}}");
        var r = Load(yaml);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(["workforce.initial.yos.uniform.max", "workforce.initial.effectiveness.normal.mean"], r.Uncertainty!.Parameters.Select(p => p.Name));
        var (spec, _) = r.Uncertainty.Build([25, -0.2]);
        Assert.Equal(26, spec!.Initial.Yos.Values.Length);              // teachers still draw yos uniformly from 0..25
        Assert.Equal(new Core.Model.NormalSpec(-0.2, 1), spec.Initial.Effectiveness);
        Assert.Equal(new ChoiceDistribution([25, 30, 35]), r.Uncertainty.Parameters[0].Distribution);
        Assert.Equal(new UniformDistribution(-0.3, 0), r.Uncertainty.Parameters[1].Distribution);
    }

    [Fact]
    public void Degenerate_distributions_are_the_fixed_value()
    {
        foreach (var form in new[] { "{uniform: {min: 0.85, max: 0.85}}", "{choice: [0.85]}", "{triangular: {min: 0.85, mode: 0.85, max: 0.85}}" })
        {
            var r = Load(Factor(form));
            Assert.True(r.Success, string.Join("\n", r.Diagnostics));
            Assert.False(r.Uncertainty!.HasUncertainParameters);
            Assert.Equal(0.85, r.Spec!.Periods[0].Parameters.Attrition.GlobalFactor);
            Assert.Equal(0.85, r.Uncertainty.BuildWorlds(new WorldPlan(3, 1)).Specs[2].Periods[0].Parameters.Attrition.GlobalFactor);
        }
    }

    [Fact]
    public void A_scenario_without_distributions_has_no_uncertainty_and_an_unchanged_resolved_tree()
    {
        var r = Load(Samples.Minimal);
        Assert.Null(r.Uncertainty);
        Assert.False(r.Resolved!.ContainsKey("uncertainty"));
    }

    [Fact]
    public void Hiring_cost_defaults_to_the_replacement_cost_of_the_domain_notes()
    {
        // Midpoint of $10,000–20,000 per leaver (Papay et al. citing Milanowski & Odden): the cost side of compare's
        // cost per extra teacher retained.
        Assert.Equal(15_000, Load(Samples.Minimal).Spec!.Periods[0].Parameters.Compensation.HiringCost);
        Assert.Equal(0, Load(Samples.Minimal + "\ncompensation: {hiring_cost: 0}").Spec!.Periods[0].Parameters.Compensation.HiringCost);
    }

    [Fact]
    public void Every_world_is_validated_and_a_bad_combination_names_its_world()
    {
        // min and max of the initial yos range may cross in some worlds but not at the two corners.
        var yaml = Edit("{uniform: {min: 0, max: 30}}", "{uniform: {min: {uniform: {min: 0, max: 20}}, max: {uniform: {min: 5, max: 30}}}}");
        var r = Load(yaml);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var built = r.Uncertainty!.BuildWorlds(new WorldPlan(200, 1));
        Assert.False(built.Success);
        Assert.Empty(built.Specs);
        Assert.All(built.Problems, d => Assert.Equal("WS7013", d.Code));
        Assert.Matches(@"^self\.yaml\(7,20\): error WS7013: in world \d+ \(workforce\.initial\.yos\.uniform\.min = \d+, workforce\.initial\.yos\.uniform\.max = \d+\): 'workforce\.initial\.yos\.uniform': min is greater than max — narrow",
            built.Problems[0].ToString());
    }

    [Fact]
    public void Extending_a_distribution_with_one_of_another_kind_replaces_it()
    {
        string baseYaml = Factor("{triangular: {min: 0.5, mode: 0.85, max: 1.0}}");
        string top = "extends: base.yaml\nscenario: top\ntitle: Top\nattrition:\n  global_factor: {uniform: {min: 0.6, max: 0.9}}\n";
        var r = ScenarioLoader.LoadText(top, "top.yaml", p => p.EndsWith("base.yaml", StringComparison.Ordinal) ? baseYaml : null);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(new UniformDistribution(0.6, 0.9), Assert.Single(r.Uncertainty!.Parameters).Distribution);
        string fixedTop = "extends: base.yaml\nscenario: top\ntitle: Top\nattrition:\n  global_factor: 0.9\n";
        var f = ScenarioLoader.LoadText(fixedTop, "top.yaml", p => p.EndsWith("base.yaml", StringComparison.Ordinal) ? baseYaml : null);
        Assert.Null(f.Uncertainty);
        Assert.Equal(0.9, f.Spec!.Periods[0].Parameters.Attrition.GlobalFactor);
    }

    [Fact]
    public void Sweep_files_still_read_numbers_as_numbers()
    {
        // A distribution is a scenario feature: inside a sweep file a map where a number belongs stays a type error.
        string dir = Path.Combine(Path.GetTempPath(), "wsim-unc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "base.yaml"), Factor("{uniform: {min: 0.5, max: 1.5}}"));
            File.WriteAllText(Path.Combine(dir, "sweep.yaml"), "sweep: s\nscenario: base.yaml\ndesign: grid\nreplications: 2\nseed: 1\n" +
                "parameters:\n  - {path: hiring.fill_rate, values: [0.9, 1]}\noutcomes:\n  - {metric: attrition_rate}\n");
            var s = Sweeps.SweepLoader.Load(Path.Combine(dir, "sweep.yaml"));
            var d = Assert.Single(s.Diagnostics, x => x.Code == "WS6013");
            Assert.Equal((2, 11), (d.Line, d.Column));
            Assert.Contains("'attrition.global_factor'", d.Message);
            File.WriteAllText(Path.Combine(dir, "sweep.yaml"), "sweep: s\nscenario: base.yaml\ndesign: grid\nreplications: 2\nseed: 1\n" +
                "set: {attrition.global_factor: 1}\nparameters:\n  - {path: hiring.fill_rate, values: [0.9, 1]}\noutcomes:\n  - {metric: attrition_rate}\n");
            Assert.True(Sweeps.SweepLoader.Load(Path.Combine(dir, "sweep.yaml")).Success);
            File.WriteAllText(Path.Combine(dir, "sweep.yaml"), "sweep: s\nscenario: base.yaml\ndesign: grid\nreplications: 2\nseed: 1\n" +
                "parameters:\n  - {path: attrition.global_factor, values: [0.8, 1]}\noutcomes:\n  - {metric: attrition_rate}\n");
            var swept = Sweeps.SweepLoader.Load(Path.Combine(dir, "sweep.yaml"));
            Assert.True(swept.Success, string.Join("\n", swept.Diagnostics));
        }
        finally { Directory.Delete(dir, true); }
    }
}
