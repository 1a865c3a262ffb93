namespace WorkforceSim.Cli.Tests;

public class RunCommandTests
{
    [Fact]
    public void Run_writes_the_documented_outputs_and_prints_a_summary()
    {
        string tmp = CliHarness.TempDir();
        string outDir = Path.Combine(tmp, "out");
        var (code, stdout, stderr) = CliHarness.Run("run", CliHarness.Scenario("baseline.yaml"), "--out", outDir,
            "--replications", "8", "--seed", "3", "--no-report");
        Assert.True(code == 0, stderr);
        foreach (var f in new[] { "manifest.json", "yearly.csv", "replications.csv", "survival.csv", "summary.json" })
            Assert.True(new FileInfo(Path.Combine(outDir, f)).Length > 0, $"{f} missing or empty");
        Assert.Equal("year,metric,mean,sd,ci_low,ci_high,p05,p50,p95", File.ReadLines(Path.Combine(outDir, "yearly.csv")).First());
        Assert.Equal("replication,year,metric,value", File.ReadLines(Path.Combine(outDir, "replications.csv")).First());
        Assert.Contains("5-year retention", stdout);
        Assert.Contains("teacher-years", stdout);
        Assert.DoesNotContain(Directory.GetDirectories(tmp), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void One_thread_and_four_threads_write_byte_identical_tables()
    {
        string tmp = CliHarness.TempDir();
        string a = Path.Combine(tmp, "a"), b = Path.Combine(tmp, "b");
        string s = CliHarness.Scenario("denver-team-leads.yaml");
        Assert.Equal(0, CliHarness.Run("run", s, "--out", a, "-r", "6", "--seed", "9", "--threads", "1", "--no-report").Code);
        Assert.Equal(0, CliHarness.Run("run", s, "--out", b, "-r", "6", "--seed", "9", "--threads", "4", "--no-report").Code);
        foreach (var f in new[] { "yearly.csv", "replications.csv", "survival.csv", "summary.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs");
    }

    [Fact]
    public void Invalid_scenario_exits_2_with_located_errors_and_leaves_no_output_folder()
    {
        string tmp = CliHarness.TempDir();
        string bad = Path.Combine(tmp, "bad.yaml");
        File.WriteAllText(bad, "scenario: broken\nhorizon: { start_year: 2026, years: 5 }\nreplications: lots\nattrition:\n  hazard_by_yos: { 1: 1.7 }\n");
        string outDir = Path.Combine(tmp, "out");
        var (code, _, stderr) = CliHarness.Run("run", bad, "--out", outDir);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Matches(@"bad\.yaml\(\d+,\d+\): error WS\d{4}: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused_without_force()
    {
        string tmp = CliHarness.TempDir();
        File.WriteAllText(Path.Combine(tmp, "keep.txt"), "x");
        var (code, _, stderr) = CliHarness.Run("run", CliHarness.Scenario("baseline.yaml"), "--out", tmp, "-r", "2", "--no-report");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--force", stderr);
        Assert.True(File.Exists(Path.Combine(tmp, "keep.txt")));
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("validate", "--help")]
    [InlineData("report", "--help")]
    [InlineData("--help")]
    public void Every_command_has_help(params string[] args)
    {
        var (code, stdout, _) = CliHarness.Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Usage", stdout);
    }

    [Fact]
    public void A_bad_command_line_exits_2()
    {
        Assert.Equal(ExitCodes.InvalidInput, CliHarness.Run("run").Code);
        Assert.Equal(ExitCodes.InvalidInput, CliHarness.Run("frobnicate").Code);
    }
}
