using WorkforceSim.Core.Model;

namespace WorkforceSim.Scenarios.Tests;

public class ExtendsTests
{
    private const string Child = """
        scenario: child
        title: Child
        extends: base.yaml
        attrition:
          global_factor: 1.5
        hiring:
          sources:
            - {id: novice, share: 0.5}
            - {id: experienced, kind: experienced, share: 0.5, yos: {uniform: {min: 1, max: 5}}}
        """;

    [Fact]
    public void Maps_merge_key_by_key_and_id_lists_merge_by_id()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", Samples.Minimal);
        var r = ScenarioLoader.Load(dir.Write("child.yaml", Child));

        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var p = r.Spec!.Periods[0].Parameters;
        Assert.Equal(1.5, p.Attrition.GlobalFactor);
        Assert.Equal([0.10, 0.07, 0.05], p.Attrition.HazardByYearOfService.ToArray()); // kept from the base
        Assert.Equal(["novice", "experienced"], p.Hiring.Sources.Select(s => s.Id));
        Assert.Equal(SourceKind.Novice, p.Hiring.Sources[0].Kind); // inherited key of a merged item
        Assert.Equal(0.5, p.Hiring.Sources[0].Share);
        Assert.Equal(("child", "Child"), (r.Spec.Id, r.Spec.Title));
        Assert.Equal(2, r.Files.Length);
        Assert.EndsWith("base.yaml", r.Files[1]);
    }

    [Fact]
    public void Scalars_and_lists_without_ids_replace_the_base_value()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", Samples.Minimal + "\ncycle: [exits, hiring, service]");
        var r = ScenarioLoader.Load(dir.Write("child.yaml", "scenario: c\ntitle: C\nextends: base.yaml\ncycle: [exits, service]\nhorizon: {years: 3}"));

        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal([Phase.Exits, Phase.Service], r.Spec!.Cycle.ToArray());
        Assert.Equal((2026, 3), (r.Spec.StartYear, r.Spec.Years));
    }

    [Fact]
    public void Scenario_and_title_are_not_inherited()
    {
        using var dir = new TempDir();
        dir.Write("base.yaml", Samples.Minimal);
        var r = ScenarioLoader.Load(dir.Write("child.yaml", "extends: base.yaml\n"));

        Assert.Equal(["WS1003", "WS1003"], r.Diagnostics.Select(d => d.Code));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("'scenario'"));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("'title'"));
    }

    [Fact]
    public void Base_file_may_extend_another_relative_to_itself()
    {
        using var dir = new TempDir();
        dir.Write("lib/root.yaml", Samples.Minimal);
        dir.Write("lib/middle.yaml", "extends: root.yaml\nseed: 7\n");
        var r = ScenarioLoader.Load(dir.Write("top.yaml", "scenario: top\ntitle: Top\nextends: lib/middle.yaml\nreplications: 3\n"));

        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal((7UL, 3), (r.Spec!.Seed, r.Spec.Replications));
        Assert.Equal(3, r.Files.Length);
    }

    [Fact]
    public void Cycle_is_reported_with_the_whole_chain()
    {
        using var dir = new TempDir();
        string a = dir.Write("a.yaml", "scenario: a\ntitle: A\nextends: b.yaml\n");
        dir.Write("b.yaml", "extends: a.yaml\n");
        var r = ScenarioLoader.Load(a);

        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("WS1012", d.Code);
        Assert.Contains("a.yaml -> b.yaml -> a.yaml", d.Message);
        Assert.EndsWith("b.yaml", d.File); // reported where the cycle closes
        Assert.Equal((1, 10), (d.Line, d.Column));
    }

    [Fact]
    public void Missing_base_file_is_reported_at_the_extends_value()
    {
        using var dir = new TempDir();
        var r = ScenarioLoader.Load(dir.Write("child.yaml", Child));

        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("WS1010", 3, 10), (d.Code, d.Line, d.Column));
        Assert.Contains("'base.yaml' does not exist", d.Message);
    }

    [Fact]
    public void Errors_in_a_base_file_carry_the_base_file_path_and_position()
    {
        using var dir = new TempDir();
        string basePath = dir.Write("base.yaml", Samples.Minimal.Replace("1: 0.10", "1: 14"));
        var r = ScenarioLoader.Load(dir.Write("child.yaml", Child));

        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("WS2002", 9, 22), (d.Code, d.Line, d.Column));
        Assert.Equal(basePath, d.File);
    }
}
