using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WorkforceSim.Scenarios.Tests;

public class LoaderTests
{
    [Fact]
    public void Sha256_is_the_hash_of_the_top_file_bytes()
    {
        using var dir = new TempDir();
        string path = dir.Write("s.yaml", Samples.Minimal);
        var r = ScenarioLoader.Load(path);

        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), r.Sha256);
        Assert.Equal([path], r.Files.ToArray());
    }

    [Fact]
    public void Utf8_byte_order_mark_is_accepted()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Samples.Minimal)]);
        Assert.True(ScenarioLoader.Load(path).Success);
    }

    [Fact]
    public void Extends_chain_longer_than_the_limit_is_reported()
    {
        var files = new Dictionary<string, string> { ["f0.yaml"] = Samples.Minimal };
        for (int i = 1; i <= 20; i++) files[$"f{i}.yaml"] = $"extends: f{i - 1}.yaml\n";
        var r = ScenarioLoader.LoadText("scenario: top\ntitle: T\nextends: f20.yaml\n", "top.yaml", p => files.GetValueOrDefault(p));

        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("WS1013", d.Code);
    }

    [Fact]
    public void Read_function_that_throws_becomes_a_diagnostic_on_the_base_file()
    {
        var r = ScenarioLoader.LoadText("scenario: a\ntitle: A\nextends: base.yaml\n", "top.yaml", _ => throw new IOException("disk on fire"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(("WS1021", "base.yaml", 1, 1), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("disk on fire", d.Message);
    }

    [Fact]
    public void Resolved_tree_includes_values_inherited_through_extends()
    {
        var r = ScenarioLoader.LoadText("scenario: c\ntitle: C\nextends: base.yaml\nseed: 9\n", "c.yaml",
            p => p == "base.yaml" ? Samples.Minimal : null);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var resolved = r.Resolved!;
        Assert.Equal(9L, resolved["seed"]);
        Assert.Equal("c", resolved["scenario"]);
        Assert.False(resolved.ContainsKey("extends"));
        var positions = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)resolved["workforce"]!)["positions"]!;
        Assert.Equal(1000L, positions["count"]);
        Assert.Equal(0.0, positions["growth_rate"]);
    }

    [Fact]
    public void Gap_bounds_of_reentrant_source_must_be_ordered()
    {
        var yaml = Samples.Minimal.Replace("share: 1}", "share: 0.5}\n    - {id: back, kind: reentrant, share: 0.5, min_gap: 6, max_gap: 2}");
        var r = ScenarioLoader.LoadText(yaml, "x.yaml");
        Assert.Equal("WS2009", Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Reentrant_source_rejects_keys_of_other_kinds()
    {
        var yaml = Samples.Minimal.Replace("share: 1}", "share: 0.5}\n    - {id: back, kind: reentrant, share: 0.5, yos: {uniform: {min: 0, max: 3}}}");
        var r = ScenarioLoader.LoadText(yaml, "x.yaml");
        Assert.Equal("WS1001", Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Every_error_code_in_the_catalogue_is_documented()
    {
        string root = RepoRoot();
        string catalogue = File.ReadAllText(Path.Combine(root, "src/WorkforceSim.Scenarios/Diagnostics/ScenarioErrors.cs"));
        string docs = File.ReadAllText(Path.Combine(root, "docs/errors.md"));
        var codes = Regex.Matches(catalogue, "\"(WS\\d{4})\"").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.True(codes.Count > 40, $"found only {codes.Count} codes");
        Assert.Equal([], codes.Where(c => !docs.Contains($"| {c} |")).ToArray());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
