namespace WorkforceSim.Cli.Tests;

/// <summary><c>wsim validate</c> on scenario and sweep files, alone and mixed.</summary>
public class ValidateCommandTests
{
    [Fact]
    public void Shipped_sweep_and_scenario_files_validate_together()
    {
        string[] sweeps = Directory.GetFiles(Path.Combine(CliHarness.RepoRoot, "scenarios", "sweeps"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(sweeps);
        var (code, stdout, stderr) = CliHarness.Run(["validate", CliHarness.Scenario("baseline.yaml"), .. sweeps]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains($"{CliHarness.Scenario("baseline.yaml")}: ok (", stdout);
        foreach (string s in sweeps) Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(s)}: ok \(sweep .+: (grid|latin_hypercube|sobol) design, \d+ parameter\(s\), \d+ replications a point\)", stdout);
    }

    [Fact]
    public void A_sweep_file_is_checked_as_wsim_sweep_loads_it_with_located_errors()
    {
        string tmp = CliHarness.TempDir();
        string file = Path.Combine(tmp, "bad.sweep.yaml");
        File.WriteAllText(file, $"""
            sweep: bad
            scenario: {CliHarness.Scenario("baseline.yaml")}
            design: grid
            replications: 2
            seed: 1
            parameters:
              - {"{"} path: hiring.fill_ratez, values: [0.9, 1.0] {"}"}
            outcomes:
              - metric: attrition_rate
            """);
        var (code, stdout, stderr) = CliHarness.Run("validate", file, CliHarness.Scenario("baseline.yaml"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        // The unknown path is reported at its line in the sweep file; the valid scenario after it is still checked.
        Assert.Matches($@"bad\.sweep\.yaml\(7,\d+\): error WS\d{{4}}: .*fill_ratez", stderr);
        Assert.Contains($"{file}: 1 error(s)", stderr);
        Assert.Contains($"{CliHarness.Scenario("baseline.yaml")}: ok (", stdout);
        Assert.DoesNotContain("   at ", stderr);

        // The same file through 'wsim sweep' gives the same diagnostics.
        var sweep = CliHarness.Run("sweep", file, "--out", Path.Combine(tmp, "out"));
        Assert.Equal(ExitCodes.InvalidInput, sweep.Code);
        Assert.Equal(stderr.Split('\n').Where(l => l.Contains(": error WS", StringComparison.Ordinal)),
            sweep.Err.Split('\n').Where(l => l.Contains(": error WS", StringComparison.Ordinal)));
    }
}
