using System.Text.Json;

namespace WorkforceSim.Scenarios.Tests;

public sealed class ScenarioYamlWriterTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(RepoRoot(), "scenarios"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    private static string Tree(IReadOnlyDictionary<string, object?>? resolved) => JsonSerializer.Serialize<object?>(resolved);

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Written_scenario_loads_back_to_the_same_resolved_scenario(string file)
    {
        var original = ScenarioLoader.Load(Path.Combine(RepoRoot(), "scenarios", file));
        Assert.True(original.Success, string.Join("\n", original.Diagnostics));

        string yaml = ScenarioYamlWriter.Write(original.Resolved!, ["a header line", "with: a colon and 'quotes'"]);
        // Standalone: no extends, so it loads without any other file.
        var again = ScenarioLoader.LoadText(yaml, "written.yaml");

        Assert.True(again.Success, string.Join("\n", again.Diagnostics) + "\n" + yaml);
        Assert.DoesNotContain("extends", yaml, StringComparison.Ordinal);
        Assert.Equal(Tree(original.Resolved), Tree(again.Resolved));
        Assert.StartsWith("# a header line\n# with: a colon and 'quotes'\nscenario: ", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_a_reader_would_take_for_something_else_is_quoted()
    {
        var tree = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["a"] = "true", ["b"] = "12", ["c"] = "x: y # z", ["d"] = "line\nbreak \"q\"", ["e"] = "plain_word", ["f"] = 0.1,
            ["g"] = 1e-20, ["h"] = 12L, ["i"] = new List<object?>(), ["j"] = new SortedDictionary<string, object?>(), ["k"] = "null",
            ["career_ladder.stages[x].stipend"] = 5L,
        };
        string yaml = ScenarioYamlWriter.Write(tree);
        Assert.Contains("a: \"true\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("b: \"12\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("c: \"x: y # z\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("d: \"line\\nbreak \\\"q\\\"\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("e: plain_word\n", yaml, StringComparison.Ordinal);
        Assert.Contains("f: 0.1\n", yaml, StringComparison.Ordinal);
        Assert.Contains("g: 1E-20\n", yaml, StringComparison.Ordinal);
        Assert.Contains("h: 12\n", yaml, StringComparison.Ordinal);
        Assert.Contains("i: []\n", yaml, StringComparison.Ordinal);
        Assert.Contains("j: {}\n", yaml, StringComparison.Ordinal);
        Assert.Contains("k: \"null\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("\"career_ladder.stages[x].stipend\": 5\n", yaml, StringComparison.Ordinal);
    }
}
