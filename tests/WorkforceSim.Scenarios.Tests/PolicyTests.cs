namespace WorkforceSim.Scenarios.Tests;

public class PolicyTests
{
    private static Core.Model.ScenarioSpec Load(string yaml)
    {
        var r = ScenarioLoader.LoadText(yaml, "p.yaml");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        return r.Spec!;
    }

    [Fact]
    public void Policy_values_apply_from_their_year_on_and_not_before()
    {
        var spec = Load(Samples.Full);

        Assert.Equal(3000, spec.ParametersFor(2028).Stages[1].Stipend);
        Assert.Equal(5000, spec.ParametersFor(2029).Stages[1].Stipend);
        Assert.Equal(0.97, spec.ParametersFor(2028).Hiring.FillRate);
        Assert.Equal(0.99, spec.ParametersFor(2029).Hiring.FillRate);
        Assert.Equal(0.10, spec.ParametersFor(2031).Attrition.HazardByYearOfService[0]);
        Assert.Equal(0.08, spec.ParametersFor(2032).Attrition.HazardByYearOfService[0]);
        Assert.Equal(6, spec.ParametersFor(2031).Roles[0].Span);
        Assert.Equal(8, spec.ParametersFor(2040).Roles[0].Span);
    }

    [Fact]
    public void Later_policies_apply_on_top_of_earlier_ones()
    {
        var spec = Load(Samples.Full);
        var late = spec.ParametersFor(2032);
        Assert.Equal(5000, late.Stages[1].Stipend); // from the 2029 policy, still in force
        Assert.Equal(0.99, late.Hiring.FillRate);
    }

    [Fact]
    public void Policy_may_set_a_key_the_base_left_at_its_default()
    {
        var spec = Load(Samples.Minimal + "\npolicies:\n  - from_year: 2030\n    set: {attrition.global_factor: 2}");
        Assert.Equal(1.0, spec.ParametersFor(2029).Attrition.GlobalFactor);
        Assert.Equal(2.0, spec.ParametersFor(2030).Attrition.GlobalFactor);
    }

    [Fact]
    public void Policy_in_the_first_year_changes_the_first_period()
    {
        var spec = Load(Samples.Minimal + "\npolicies:\n  - from_year: 2026\n    set: {hiring.fill_rate: 0.5}");
        Assert.Equal(2026, Assert.Single(spec.Periods).FromYear);
        Assert.Equal(0.5, spec.Periods[0].Parameters.Hiring.FillRate);
    }

    [Fact]
    public void Unknown_policy_path_suggests_the_nearest_parameter()
    {
        var r = ScenarioLoader.LoadText(Samples.Full.Replace("hiring.fill_rate: 0.99", "hiring.fil_rate: 0.99"), "p.yaml");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("WS4001", d.Code);
        Assert.EndsWith("did you mean 'hiring.fill_rate'?", d.Message);
    }

    [Fact]
    public void Unknown_item_id_in_policy_path_suggests_the_nearest_id()
    {
        var r = ScenarioLoader.LoadText(Samples.Full.Replace("stages[team_lead].stipend", "stages[team_laed].stipend"), "p.yaml");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("WS4001", d.Code);
        Assert.EndsWith("did you mean 'career_ladder.stages[team_lead].stipend'?", d.Message);
    }

    [Fact]
    public void Invalid_policy_value_is_reported_at_the_policy()
    {
        var r = ScenarioLoader.LoadText(Samples.Full.Replace("leadership_roles[coaching].span: 8", "leadership_roles[coaching].span: 800"), "p.yaml");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("WS2001", 58, 40), (d.Code, d.Line, d.Column));
        Assert.Equal("leadership_roles[coaching].span", d.Path);
    }

    [Fact]
    public void Policy_that_renames_an_item_changes_structure()
    {
        var r = ScenarioLoader.LoadText(Samples.Full.Replace("hiring.fill_rate: 0.99", "career_ladder.stages[team_lead].id: boss"), "p.yaml");
        Assert.Equal("WS4002", Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Quoted_policy_path_works_in_flow_style()
    {
        var yaml = Samples.Full[..Samples.Full.IndexOf("policies:", StringComparison.Ordinal)]
            + "policies:\n  - {from_year: 2030, set: {\"career_ladder.stages[team_lead].stipend\": 4000}}";
        var spec = Load(yaml);
        Assert.Equal(4000, spec.ParametersFor(2030).Stages[1].Stipend);
        Assert.Equal(3000, spec.ParametersFor(2029).Stages[1].Stipend);
    }

    [Fact]
    public void Policies_with_the_same_year_share_one_period()
    {
        var spec = Load(Samples.Minimal + "\npolicies:\n  - {from_year: 2030, set: {hiring.fill_rate: 0.5}}\n  - {from_year: 2030, set: {attrition.global_factor: 2}}");
        Assert.Equal([2026, 2030], spec.Periods.Select(p => p.FromYear));
        Assert.Equal((0.5, 2.0), (spec.Periods[1].Parameters.Hiring.FillRate, spec.Periods[1].Parameters.Attrition.GlobalFactor));
    }
}
