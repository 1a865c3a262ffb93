using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkforceSim.Cli.Tests;

/// <summary><c>wsim compare --replications auto --precision X</c> adds replications until the key difference is
/// precise enough, or a cap, and says how many it took.</summary>
public partial class CompareAutoReplicationsTests
{
    private static (string Base, string Alt) SmallPair()
    {
        string dir = CliHarness.TempDir();
        string baseline = CliHarness.Scenario("baseline.yaml").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "base.yaml"),
            $"scenario: small-base\ntitle: Small district\nextends: {baseline}\nhorizon: {{ start_year: 2026, years: 8 }}\nworkforce:\n  positions: {{ count: 400 }}\n");
        File.WriteAllText(Path.Combine(dir, "alt.yaml"),
            "scenario: small-alt\ntitle: Small district, fewer exits\nextends: base.yaml\nattrition:\n  global_factor: 0.9\n");
        return (Path.Combine(dir, "base.yaml"), Path.Combine(dir, "alt.yaml"));
    }

    [Fact]
    public void Auto_replications_stop_once_the_key_difference_is_precise_enough()
    {
        var (b, a) = SmallPair();
        string outDir = Path.Combine(Path.GetDirectoryName(b)!, "out");
        const double target = 0.01; // 20 replications give about ±0.012 on this pair, so more are needed
        var (code, stdout, stderr) = CliHarness.Run("compare", b, a, "--out", outDir, "--replications", "auto",
            "--precision", target.ToString(CultureInfo.InvariantCulture), "--no-report");
        Assert.True(code == 0, stderr);
        var m = Reached().Match(stdout);
        Assert.True(m.Success, stdout);
        int reps = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        double halfWidth = double.Parse(m.Groups["hw"].Value, CultureInfo.InvariantCulture);
        Assert.True(reps > 20, $"the first round (20) was already precise enough ({halfWidth}); the test needs a harder target");
        Assert.True(halfWidth < target);
        // Every row of the comparison uses that many replications.
        var n = File.ReadLines(Path.Combine(outDir, "differences.csv")).Skip(1).Select(l => l.Split(',')[3]).Distinct().ToArray();
        Assert.Equal([reps.ToString(CultureInfo.InvariantCulture)], n);
    }

    [Fact]
    public void Auto_replications_stop_at_the_cap_and_say_the_target_was_not_reached()
    {
        var (b, a) = SmallPair();
        string outDir = Path.Combine(Path.GetDirectoryName(b)!, "out");
        var (code, stdout, stderr) = CliHarness.Run("compare", b, a, "--out", outDir, "--replications", "auto",
            "--precision", "0.0001", "--max-replications", "30", "--no-report");
        Assert.True(code == 0, stderr);
        Assert.Contains("stopped at the cap of 30 replications", stdout);
        Assert.Contains("not reached", stdout);
    }

    [Fact]
    public void Auto_replications_need_a_positive_precision()
    {
        var (b, a) = SmallPair();
        var (code, _, stderr) = CliHarness.Run("compare", b, a, "--out", Path.Combine(Path.GetDirectoryName(b)!, "out"), "--replications", "auto");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--precision", stderr);
    }

    [GeneratedRegex(@"(?<n>\d+) replications reached a 95% CI half-width of (?<hw>[0-9.Ee+-]+)")]
    private static partial Regex Reached();
}
