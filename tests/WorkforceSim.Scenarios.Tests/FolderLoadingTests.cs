namespace WorkforceSim.Scenarios.Tests;

/// <summary><see cref="ScenarioLoader.LoadFromFolder"/>: a scenario and its base files come only from one folder.</summary>
public sealed class FolderLoadingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder => Path.Combine(_dir.Path, "lib");

    [Fact]
    public void Extends_inside_the_folder_loads_and_names_files_relative_to_it()
    {
        _dir.Write("lib/base.yaml", Samples.Minimal);
        _dir.Write("lib/sub/child.yaml", "extends: ../base.yaml\nscenario: child\ntitle: Child\n");
        var r = ScenarioLoader.LoadFromFolder(Folder, "sub/child.yaml");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(["sub/child.yaml", "sub/../base.yaml"], r.Files.ToArray());
    }

    [Theory]
    [InlineData("../outside.yaml")]
    [InlineData("../../outside.yaml")]
    [InlineData("/etc/outside.yaml")]
    public void Extends_that_leaves_the_folder_is_refused_at_the_extends_line(string target)
    {
        _dir.Write("outside.yaml", Samples.Minimal);
        _dir.Write("lib/child.yaml", $"scenario: child\ntitle: Child\nextends: {target}\n");
        var r = ScenarioLoader.LoadFromFolder(Folder, "child.yaml");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("WS1014", "child.yaml", 3, 10), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("outside the scenario folder", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_out_of_the_folder_is_not_followed()
    {
        string outside = _dir.Write("outside.yaml", Samples.Minimal);
        Directory.CreateDirectory(Folder);
        File.CreateSymbolicLink(Path.Combine(Folder, "link.yaml"), outside);
        _dir.Write("lib/child.yaml", "scenario: child\ntitle: Child\nextends: link.yaml\n");

        var direct = ScenarioLoader.LoadFromFolder(Folder, "link.yaml");
        Assert.Equal("WS1021", Assert.Single(direct.Diagnostics).Code);
        var viaExtends = ScenarioLoader.LoadFromFolder(Folder, "child.yaml");
        Assert.Equal("WS1014", Assert.Single(viaExtends.Diagnostics).Code);
    }

    [Fact]
    public void A_symbolic_link_that_stays_inside_the_folder_is_followed()
    {
        string inside = _dir.Write("lib/real.yaml", Samples.Minimal);
        File.CreateSymbolicLink(Path.Combine(Folder, "alias.yaml"), inside);
        Assert.True(ScenarioLoader.LoadFromFolder(Folder, "alias.yaml").Success);
    }

    [Fact]
    public void The_top_file_must_be_inside_the_folder_too()
    {
        _dir.Write("outside.yaml", Samples.Minimal);
        Directory.CreateDirectory(Folder);
        var r = ScenarioLoader.LoadFromFolder(Folder, "../outside.yaml");
        Assert.False(r.Success);
        Assert.Equal("WS1021", Assert.Single(r.Diagnostics).Code);
    }
}
