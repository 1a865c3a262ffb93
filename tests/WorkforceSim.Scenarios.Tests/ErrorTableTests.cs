namespace WorkforceSim.Scenarios.Tests;

/// <summary>Every kind of error, with the code and the position it must be reported at (STYLE B9: code and position, not wording).</summary>
public class ErrorTableTests
{
    private const string Hazards = "  hazard_by_yos: {1: 0.10, 2: 0.07, 3: 0.05}";
    private const string InitialYos = "    yos: {uniform: {min: 0, max: 30}}";
    private const string Policy = "policies:\n  - from_year: 2028\n    set:\n";

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, Samples.Minimal);
        return Samples.Minimal.Replace(find, replace);
    }

    private static string Append(string lines) => Samples.Minimal + "\n" + lines;

    public static TheoryData<string, string, int, int> Cases => new()
    {
        // WS1xxx structure
        { Edit("title: Minimal", "title: [Minimal"), "WS1000", 2, 8 },
        { Edit("title: Minimal", "title: Minimal\n  bad: indent"), "WS1000", 3, 6 },
        { Edit("hiring:\n", "hiring:\n  fil_rate: 0.9\n"), "WS1001", 11, 3 },
        { Edit("{count: 1000}", "{count: lots}"), "WS1002", 5, 22 },
        { Edit("title: Minimal\n", ""), "WS1003", 1, 1 },
        { Edit("title: Minimal", "title: Minimal\ntitle: Again"), "WS1004", 3, 1 },
        { "- a\n- b\n", "WS1005", 1, 1 },
        { "", "WS1005", 1, 1 },
        { Append("---\nscenario: again"), "WS1006", 13, 1 },
        { Edit("title: Minimal", "title: *nope"), "WS1007", 2, 8 },
        { Append("extends: base.yaml"), "WS1010", 13, 10 },
        { Append("extends: base.json"), "WS1011", 13, 10 },
        { Append("extends: self.yaml"), "WS1012", 13, 10 },
        { Append("deep: " + new string('[', 70) + new string(']', 70)), "WS1023", 13, 70 },
        // WS2xxx values
        { Edit("years: 10", "years: 500"), "WS2001", 3, 36 },
        { Edit("1: 0.10", "1: 14"), "WS2002", 9, 22 },
        { Edit("{count: 1000}", "{count: 5000.5}"), "WS2003", 5, 22 },
        { Edit("{count: 1000}", "{count: -5}"), "WS2004", 5, 22 },
        { Edit("{1: 0.10, 2: 0.07, 3: 0.05}", "{2: 0.07, 3: 0.05}"), "WS2005", 9, 19 },
        { Edit("{1: 0.10, 2: 0.07, 3: 0.05}", "{1: 0.10, 3: 0.05}"), "WS2006", 9, 28 },
        { Edit("share: 1}", "share: 0.9}"), "WS2007", 12, 5 },
        { Edit(Hazards, Hazards + "\n  reasons: {0: {resignation: 0.5}, 30: {retirement: 1}}"), "WS2007", 10, 13 },
        { Edit("  positions:", "  segments: [{id: a, share: 0.5}, {id: b, share: 0.4}]\n  positions:"), "WS2007", 5, 13 },
        { Edit(InitialYos, InitialYos + "\n    stage_by_yos: {1: teacher}"), "WS2008", 8, 20 },
        { Edit("{min: 0, max: 30}", "{min: 5, max: 3}"), "WS2009", 7, 20 },
        { Edit("scenario: minimal", "scenario: Bad Id"), "WS2010", 1, 11 },
        { Edit("kind: novice", "kind: novce"), "WS2011", 12, 26 },
        { Append("    - {id: novice, kind: novice, share: 0}"), "WS2012", 13, 12 },
        { Append("evaluation:\n  levels: [{id: only}]"), "WS2013", 14, 11 },
        { Append("evaluation:\n  levels: [{id: a}, {id: b, from: 1}, {id: c, from: 0}]"), "WS2014", 14, 53 },
        { Append("cycle: [exits, hiring, exits]"), "WS2015", 13, 24 },
        { Append("bonuses:\n  - {id: b, from_year: 2050}"), "WS2016", 14, 24 },
        { Edit("{uniform: {min: 0, max: 30}}", "{table: {3: 0}}"), "WS2017", 7, 10 },
        { Edit("{uniform: {min: 0, max: 30}}", "{}"), "WS2018", 7, 10 },
        { Append("evaluation:\n  levels: [{id: a, from: 0}, {id: b, from: 1}]"), "WS2019", 14, 26 },
        // WS3xxx references
        { Append("career_ladder:\n  stages:\n    - {id: teacher}\n    - {id: lead, promotion: {from: techer}}"), "WS3001", 16, 36 },
        { Append("career_ladder:\n  stages:\n    - {id: teacher, promotion: {from: lead}}\n    - {id: lead}"), "WS3002", 15, 39 },
        { Edit(Hazards, Hazards + "\n  modifiers: [{when: {stage: lead}, factor: 2}]"), "WS3003", 10, 30 },
        { Edit(Hazards, Hazards + "\n  modifiers: [{when: {segment: north}, factor: 2}]"), "WS3004", 10, 32 },
        { Edit(Hazards, Hazards + "\n  modifiers: [{when: {rating_at_most: great}, factor: 2}]"), "WS3005", 10, 39 },
        { Append("leadership_roles:\n  - {id: coach, held_by: lead, span: 3}"), "WS3006", 14, 26 },
        { Edit("hiring:\n", "hiring:\n  fill_rate_by_segment: {north: 0.9}\n"), "WS3007", 11, 26 },
        // WS4xxx policies
        { Append(Policy + "      hiring.fil_rate: 0.9"), "WS4001", 16, 7 },
        { Append(Policy + "      hiring.sources[teachers].share: 0.9"), "WS4001", 16, 7 },
        { Append(Policy + "      hiring.sources: [{id: other, kind: novice, share: 1}]"), "WS4002", 16, 23 },
        { Append(Policy + "      seed: 5"), "WS4003", 16, 7 },
        { Append(Policy + "      workforce.initial.filled_share: 0.5"), "WS4003", 16, 7 },
        { Append("policies:\n  - from_year: 2040\n    set: {hiring.fill_rate: 0.5}"), "WS4004", 14, 16 },
        { Append(Policy + "      hiring.fill_rate: 97"), "WS2002", 16, 25 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_is_reported_with_its_code_at_the_offending_node(string yaml, string code, int line, int column)
    {
        var result = ScenarioLoader.LoadText(yaml, "self.yaml", path => path == "self.yaml" ? yaml : null);

        Assert.False(result.Success);
        Assert.Null(result.Spec);
        var all = string.Join("\n", result.Diagnostics);
        var d = Assert.Single(result.Diagnostics, x => x.Code == code);
        Assert.True((d.Line, d.Column) == (line, column), $"expected {code} at ({line},{column}), got:\n{all}");
        Assert.Equal("self.yaml", d.File);
    }
}
