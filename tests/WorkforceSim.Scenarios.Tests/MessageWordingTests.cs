namespace WorkforceSim.Scenarios.Tests;

/// <summary>Pins the wording of a handful of messages (the table tests pin only codes and positions).</summary>
public class MessageWordingTests
{
    private static Diagnostics.Diagnostic Only(string yaml)
    {
        var r = ScenarioLoader.LoadText(yaml, "scenarios/baseline.yaml");
        return Assert.Single(r.Diagnostics);
    }

    [Fact]
    public void Diagnostic_prints_in_the_compiler_form_with_an_em_dash()
    {
        var d = Only(Samples.Minimal.Replace("1: 0.10", "1: 14"));
        Assert.Equal(
            "scenarios/baseline.yaml(9,22): error WS2002: 'attrition.hazard_by_yos.1' must be between 0 and 1 (a probability), but is 14 — did you mean 0.14?",
            d.ToString());
    }

    [Fact]
    public void Probability_far_above_100_gets_no_percent_hint()
    {
        var d = Only(Samples.Minimal.Replace("1: 0.10", "1: 140"));
        Assert.EndsWith("but is 140 — write it as a fraction between 0 and 1", d.Message);
    }

    [Fact]
    public void Unknown_key_suggests_nearest_key()
    {
        var d = Only(Samples.Minimal.Replace("attrition:\n", "attrition:\n  global_factr: 2\n"));
        Assert.Equal("'global_factr' is not a key of 'attrition' — did you mean 'global_factor'?", d.Message);
        Assert.Equal("attrition.global_factr", d.Path);
    }

    [Fact]
    public void Unknown_top_level_key_suggests_nearest_key()
    {
        var r = ScenarioLoader.LoadText(Samples.Minimal.Replace("attrition:", "attriton:"), "x.yaml");
        var d = Assert.Single(r.Diagnostics); // not also "the top level has no 'attrition'"
        Assert.Equal("'attriton' is not a key of the top level — did you mean 'attrition'?", d.Message);
        Assert.Equal((8, 1), (d.Line, d.Column));
    }

    [Fact]
    public void Key_far_from_every_known_key_gets_no_suggestion()
    {
        var d = Only(Samples.Minimal + "\nzzzzzzzz: 1");
        Assert.Equal("'zzzzzzzz' is not a key of the top level — remove it or check docs/scenario-format.md for the keys allowed here", d.Message);
    }

    [Fact]
    public void Shares_not_summing_to_one_state_the_sum()
    {
        var d = Only(Samples.Minimal.Replace("share: 1}", "share: 0.6}\n    - {id: b, kind: experienced, share: 0.3, yos: {uniform: {min: 1, max: 2}}}"));
        Assert.Equal("the shares in 'hiring.sources' sum to 0.9, not 1 — adjust the shares so they add up to exactly 1", d.Message);
    }

    [Fact]
    public void Unknown_choice_suggests_the_nearest_value()
    {
        var d = Only(Samples.Minimal.Replace("kind: novice", "kind: novce"));
        Assert.Equal("'novce' is not a valid value of 'hiring.sources[novice].kind' — did you mean 'novice'?", d.Message);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var yaml = Samples.Minimal.Replace("1: 0.10", "1: 14").Replace("count: 1000", "count: -1").Replace("hiring:\n", "hiring:\n  fil_rate: 1\n");
        var r = ScenarioLoader.LoadText(yaml, "x.yaml");
        Assert.Equal(["WS1001", "WS2002", "WS2004"], r.Diagnostics.Select(d => d.Code).Order());
    }
}

public class CultureTests
{
    [Theory]
    [InlineData("de-DE")]
    [InlineData("sv-SE")] // uses U+2212 as the minus sign
    [InlineData("ar-SA")]
    public void Messages_are_culture_invariant(string culture)
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
            var r = ScenarioLoader.LoadText(Samples.Minimal.Replace("count: 1000", "count: -5").Replace("1: 0.10", "1: 14.5"), "x.yaml");
            Assert.Equal(
            [
                "x.yaml(5,22): error WS2004: 'workforce.positions.count' must not be negative, but is -5 — use 0 or a positive number",
                "x.yaml(9,22): error WS2002: 'attrition.hazard_by_yos.1' must be between 0 and 1 (a probability), but is 14.5 — did you mean 0.145?",
            ], r.Diagnostics.Select(d => d.ToString()).ToArray());
            Assert.Equal(culture, System.Globalization.CultureInfo.CurrentCulture.Name); // restored
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = saved; }
    }
}
