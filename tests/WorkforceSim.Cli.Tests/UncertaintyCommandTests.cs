using System.Globalization;
using System.Text.Json;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli.Tests;

/// <summary>
/// Runs and comparisons with uncertain parameters (docs/uncertainty.md), end to end through <c>wsim</c>: degenerate
/// distributions give the fixed run's bytes, nested outputs and report, probability of benefit exactly 0.5 for identical
/// worlds and 0.5 ± noise for independent ones, cost-effectiveness, and the errors.
/// </summary>
public class UncertaintyCommandTests
{
    /// <summary>A small district (300 positions, 6 years) with one number written in; extends the baseline.</summary>
    private static string Small(string dir, string name, string globalFactor, string extra = "")
    {
        string baseline = CliHarness.Scenario("baseline.yaml").Replace("\\", "/", StringComparison.Ordinal);
        string path = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(path, $"scenario: {name}\ntitle: Small {name}\nextends: {baseline}\nhorizon: {{ start_year: 2026, years: 6 }}\n" +
            $"workforce:\n  positions: {{ count: 300 }}\nattrition:\n  global_factor: {globalFactor}\n{extra}");
        return path;
    }

    private static readonly string[] DataFiles = ["yearly.csv", "replications.csv", "survival.csv", "hazard.csv", "summary.json"];

    private static void AssertSameBytes(string a, string b, IEnumerable<string> files)
    {
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs between {a} and {b}");
    }

    [Fact]
    public void Degenerate_distributions_give_the_fixed_run_byte_for_byte()
    {
        string dir = CliHarness.TempDir();
        string fixedRun = Path.Combine(dir, "fixed");
        Assert.Equal(0, CliHarness.Run("run", Small(dir, "fixed", "0.85"), "--out", fixedRun, "-r", "5", "--no-report").Code);
        int k = 0;
        foreach (var form in new[] { "{ uniform: { min: 0.85, max: 0.85 } }", "{ choice: [0.85] }", "{ triangular: { min: 0.85, mode: 0.85, max: 0.85 } }" })
        {
            string outDir = Path.Combine(dir, "degenerate" + k);
            var (code, _, stderr) = CliHarness.Run("run", Small(dir, "degenerate" + k++, form), "--out", outDir, "-r", "5", "--no-report", "--worlds", "4");
            Assert.True(code == 0, stderr);
            Assert.Contains("all its mass at one value", stderr);
            AssertSameBytes(fixedRun, outDir, DataFiles.Where(f => f != "summary.json"));
            // summary.json names the scenario; everything after the id is the same.
            Assert.Equal(File.ReadAllText(Path.Combine(fixedRun, "summary.json")).Split('\n').Skip(2), File.ReadAllText(Path.Combine(outDir, "summary.json")).Split('\n').Skip(2));
            Assert.False(File.Exists(Path.Combine(outDir, "uncertainty.csv")));
        }
    }

    [Fact]
    public void Forced_worlds_of_a_degenerate_distribution_repeat_the_fixed_run_exactly()
    {
        // The nested machinery itself: world specs built from draws, run with common random numbers, give each world
        // the fixed run's values bit for bit, and the decomposition finds no parameter variance.
        string dir = CliHarness.TempDir();
        var fixedSpec = ScenarioLoader.Load(Small(dir, "f", "0.85")).Spec!;
        var load = ScenarioLoader.Load(Small(dir, "d", "{ uniform: { min: 0.85, max: 0.85 } }"));
        var plan = load.Uncertainty!.Plan(load.Spec!.Seed, worlds: 3);
        var built = load.Uncertainty.BuildWorlds(plan);
        var options = new RunOptions { Replications = 4, Threads = 2 };
        var nested = NestedSimulator.Run(load.Spec!, load.Uncertainty.Parameters, plan, built.Specs, [.. built.Values], options);
        var single = Simulator.Run(fixedSpec with { Id = "d", Title = "Small d" }, options);
        foreach (var world in nested.Worlds)
            for (int r = 0; r < 4; r++)
                Assert.Equal(single.Replications[r].Values, world.Replications[r].Values);
        var summary = NestedSummarizer.Summarize(nested);
        Assert.All(summary.Uncertainty, u => Assert.True(u.Uncertainty.Components.ParameterVariance <= 1e-20 * Math.Max(1, u.Uncertainty.Components.Mean * u.Uncertainty.Components.Mean), $"{u.Metric} {u.Year}"));
        Assert.All(summary.KeyIndicators, k => Assert.Equal(k.Uncertainty.Parameters.Low, k.Uncertainty.Parameters.High));
    }

    [Fact]
    public void A_nested_run_writes_world_level_outputs_and_a_report_section_and_is_thread_independent()
    {
        string dir = CliHarness.TempDir();
        string s = Small(dir, "nested", "{ triangular: { min: 0.6, mode: 0.9, max: 1.2 } }", "compensation:\n  hiring_cost: { uniform: { min: 10000, max: 20000 } }\n");
        string a = Path.Combine(dir, "a"), b = Path.Combine(dir, "b");
        var (code, stdout, stderr) = CliHarness.Run("run", s, "--out", a, "-r", "3", "--worlds", "6", "--threads", "1");
        Assert.True(code == 0, stderr);
        Assert.Equal(0, CliHarness.Run("run", s, "--out", b, "-r", "3", "--worlds", "6", "--threads", "2", "--no-report").Code);
        AssertSameBytes(a, b, [.. DataFiles, "uncertainty.csv", "worlds.csv"]);
        Assert.Contains("6 worlds × 3 replications", stdout);
        Assert.Contains("due to parameters", stdout);

        Assert.Equal("world,replication,year,metric,value", File.ReadLines(Path.Combine(a, "replications.csv")).First());
        var worlds = File.ReadAllLines(Path.Combine(a, "worlds.csv"));
        Assert.Equal(7, worlds.Length);
        Assert.StartsWith("world,attrition.global_factor,compensation.hiring_cost,retention.hired_5y,", worlds[0]);
        var factors = worlds.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.All(factors, f => Assert.InRange(f, 0.6, 1.2));
        Assert.Equal(6, factors.Distinct().Count());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "summary.json")));
        Assert.Equal(6, summary.RootElement.GetProperty("worlds").GetInt32());
        Assert.Equal(3, summary.RootElement.GetProperty("replications").GetInt32());
        var ind = summary.RootElement.GetProperty("uncertainty").GetProperty("indicators")[0];
        double total = ind.GetProperty("var_total").GetDouble();
        Assert.Equal(total, ind.GetProperty("var_parameters").GetDouble() + ind.GetProperty("var_noise").GetDouble(), 12);

        var model = ReportModel.Load(a);
        Assert.Equal(6, model.Manifest.Uncertainty!.Worlds);
        Assert.NotEmpty(model.Uncertainty);
        Assert.Contains(ChartCatalog.For(model), c => c.Name == "uncertainty");
        string html = File.ReadAllText(Path.Combine(a, "report.html"));
        Assert.Contains("<h2>Parameter uncertainty</h2>", html);
        Assert.Contains("triangular(min 0.6, mode 0.9, max 1.2)", html);
        Assert.True(File.Exists(Path.Combine(a, "charts", "uncertainty.png")));
    }

    [Fact]
    public void A_scenario_compared_with_itself_in_identical_worlds_differs_by_exactly_zero_with_probability_one_half()
    {
        string dir = CliHarness.TempDir();
        string s = Small(dir, "same", "{ uniform: { min: 0.6, max: 1.4 } }");
        string outDir = Path.Combine(dir, "cmp");
        var (code, _, stderr) = CliHarness.Run("compare", s, s, "--out", outDir, "-r", "3", "--worlds", "5", "--no-report");
        Assert.True(code == 0, stderr);
        var rows = ReadCsv(Path.Combine(outDir, "benefit.csv"));
        Assert.NotEmpty(rows);
        foreach (var r in rows)
        {
            Assert.Equal("0", r["diff_mean"]);
            Assert.Equal("0", r["diff_ci_low"]);
            Assert.Equal("0", r["diff_ci_high"]);
            if (r["better"] != "") Assert.Equal("0.5", r["probability_of_benefit"]);
        }
        Assert.All(ReadCsv(Path.Combine(outDir, "differences.csv")), r => Assert.Equal("0", r["diff_mean"]));
        Assert.All(ReadCsv(Path.Combine(outDir, "cost-effectiveness.csv")), r =>
        {
            Assert.Equal("not_defined", r["status"]);
            Assert.Equal("NaN", r["cost_per_unit"]);
        });
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Under_independent_worlds_a_scenario_beats_itself_with_probability_one_half_within_binomial_noise()
    {
        // W = 200 worlds; the alternative is the same file with its own uncertainty seed. Each world's difference is
        // g(θ'_w) − g(θ_w) with θ, θ' independent and the same replications (common random numbers), so it is symmetric
        // about 0 and the count of better worlds is binomial(W, 1/2): tolerance z·0.5/√W = 0.177 at z = 5. A bias of
        // 0.25 (e.g. counting ties as losses) would fail.
        const int w = 200;
        string dir = CliHarness.TempDir();
        string s = Small(dir, "base", "{ uniform: { min: 0.5, max: 1.5 } }");
        string alt = Small(dir, "alt", "{ uniform: { min: 0.5, max: 1.5 } }", "uncertainty: { seed: 987654321 }\n");
        string outDir = Path.Combine(dir, "cmp");
        var (code, _, stderr) = CliHarness.Run("compare", s, alt, "--out", outDir, "-r", "2", "--worlds", w.ToString(CultureInfo.InvariantCulture), "--no-report");
        Assert.True(code == 0, stderr);
        var rows = ReadCsv(Path.Combine(outDir, "benefit.csv")).Where(r => r["better"] != "").ToList();
        Assert.True(rows.Count >= 6);
        double tol = 5 * 0.5 / Math.Sqrt(w);
        int varying = 0;
        foreach (var r in rows)
        {
            double p = double.Parse(r["probability_of_benefit"], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(p - 0.5) <= tol, $"{r["indicator"]}: P(benefit) {p} outside 0.5 ± {tol:F3}");
            if (r["diff_mean"] != "0") varying++;
        }
        Assert.True(varying >= 4, "the worlds must actually differ between the two scenarios");
        var worlds = ReadCsv(Path.Combine(outDir, "worlds.csv"));
        Assert.Equal(w, worlds.Count);
    }

    [Fact]
    public void A_fixed_base_against_an_uncertain_alternative_prices_the_effect_and_draws_the_cost_effectiveness_plane()
    {
        string dir = CliHarness.TempDir();
        string b = Small(dir, "base", "1");
        string a = Small(dir, "alt", "{ uniform: { min: 0.6, max: 0.8 } }", "career_ladder:\n  stages:\n    - { id: teacher, stipend: 1000 }\n");
        string outDir = Path.Combine(dir, "cmp");
        var (code, stdout, stderr) = CliHarness.Run("compare", b, a, "--out", outDir, "-r", "4", "--worlds", "8");
        Assert.True(code == 0, stderr);
        Assert.Contains("P(better)", stdout);
        Assert.Contains("per extra teacher retained", stdout);
        var ce = ReadCsv(Path.Combine(outDir, "cost-effectiveness.csv"));
        Assert.Equal(["teachers_retained", "top_quintile_retained", "vacancies_avoided"], ce.Select(r => r["effect"]));
        var teachers = ce[0];
        Assert.Equal("1", teachers["share_more_effect_more_cost"]);       // a 20–40% cut in exits and a stipend in every world
        Assert.Equal("defined", teachers["status"]);
        double ratio = double.Parse(teachers["cost_per_unit"], CultureInfo.InvariantCulture);
        double dc = double.Parse(teachers["delta_cost"], CultureInfo.InvariantCulture), de = double.Parse(teachers["delta_effect"], CultureInfo.InvariantCulture);
        Assert.Equal(dc / de, ratio, 6);
        Assert.InRange(ratio, double.Parse(teachers["cost_per_unit_ci_low"], CultureInfo.InvariantCulture), double.Parse(teachers["cost_per_unit_ci_high"], CultureInfo.InvariantCulture));
        Assert.True(File.Exists(Path.Combine(outDir, "charts", "cost-effectiveness.svg")));
        Assert.True(Directory.Exists(Path.Combine(outDir, "scenarios", "base-base")));
        Assert.True(File.Exists(Path.Combine(outDir, "scenarios", "alt1-alt", "uncertainty.csv")));
        Assert.False(File.Exists(Path.Combine(outDir, "scenarios", "base-base", "uncertainty.csv")));
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<h2>Under parameter uncertainty</h2>", html);
        Assert.Contains("<h2>Cost-effectiveness</h2>", html);
        // The chart's cloud is the worlds of worlds.csv.
        var worldRows = ReadCsv(Path.Combine(outDir, "worlds.csv"));
        Assert.Equal(8, worldRows.Count);
        Assert.Equal(dc, worldRows.Average(r => double.Parse(r["delta_cost"], CultureInfo.InvariantCulture)), 1e-6 * Math.Abs(dc));
    }

    [Fact]
    public void A_comparison_without_uncertain_parameters_also_prices_its_effects()
    {
        string dir = CliHarness.TempDir();
        string outDir = Path.Combine(dir, "cmp");
        var (code, stdout, stderr) = CliHarness.Run("compare", Small(dir, "b", "1"), Small(dir, "a", "0.8"), "--out", outDir, "-r", "6");
        Assert.True(code == 0, stderr);
        Assert.Contains("per extra teacher retained", stdout);
        Assert.False(File.Exists(Path.Combine(outDir, "benefit.csv")));
        var ce = ReadCsv(Path.Combine(outDir, "cost-effectiveness.csv"));
        Assert.Equal(3, ce.Count);
        Assert.Equal("NaN", ce[0]["world_ratio_low"]);
        Assert.True(File.Exists(Path.Combine(outDir, "charts", "cost-effectiveness.png")));
    }

    [Theory]
    [InlineData("--worlds", "1")]
    [InlineData("--replications", "1")]
    [InlineData("--emit-roster", "x.csv")]
    public void Bad_options_for_a_nested_run_exit_2(string option, string value)
    {
        string dir = CliHarness.TempDir();
        string outDir = Path.Combine(dir, "out");
        var (code, _, stderr) = CliHarness.Run("run", Small(dir, "n", "{ uniform: { min: 0.6, max: 1.4 } }"), "--out", outDir, option,
            option == "--emit-roster" ? Path.Combine(dir, value) : value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("wsim: error: ", stderr.Split('\n').First(l => l.StartsWith("wsim:", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Auto_replications_are_refused_under_uncertainty()
    {
        string dir = CliHarness.TempDir();
        var (code, _, stderr) = CliHarness.Run("compare", Small(dir, "b", "1"), Small(dir, "a", "{ uniform: { min: 0.6, max: 1.4 } }"),
            "--out", Path.Combine(dir, "o"), "--replications", "auto", "--precision", "0.01");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--replications auto cannot be used", stderr);
    }

    [Fact]
    public void A_world_whose_values_contradict_each_other_is_refused_before_anything_runs()
    {
        string dir = CliHarness.TempDir();
        // min and max of the initial yos range cross in some worlds but not at the two corners checked on loading.
        string baseline = CliHarness.Scenario("baseline.yaml").Replace("\\", "/", StringComparison.Ordinal);
        string s = Path.Combine(dir, "crossing.yaml");
        File.WriteAllText(s, $"scenario: crossing\ntitle: Crossing\nextends: {baseline}\nhorizon: {{ start_year: 2026, years: 3 }}\n" +
            "workforce:\n  positions: { count: 300 }\n  initial:\n    yos: { uniform: { min: { uniform: { min: 0, max: 20 } }, max: { uniform: { min: 5, max: 30 } } } }\n");
        string outDir = Path.Combine(dir, "out");
        var (code, _, stderr) = CliHarness.Run("run", s, "--out", outDir, "-r", "2", "--worlds", "50");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Matches(@"crossing\.yaml\(\d+,\d+\): error WS7013: in world \d+ ", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Theory]
    [InlineData("mentor-all-novices-uncertain.yaml")]
    [InlineData("denver-team-leads-uncertain.yaml")]
    public void Shipped_uncertain_scenarios_build_their_worlds_and_run(string file)
    {
        var load = ScenarioLoader.Load(CliHarness.Scenario(file));
        Assert.True(load.Success, string.Join("\n", load.Diagnostics));
        var u = load.Uncertainty!;
        Assert.True(u.HasUncertainParameters);
        Assert.Equal(100, u.Worlds);
        var plan = u.Plan(load.Spec!.Seed, worlds: 3);
        var built = u.BuildWorlds(plan);
        Assert.True(built.Success, string.Join("\n", built.Problems));
        var specs = built.Specs.Select(s => s with { Years = 3 }).ToList();
        var run = NestedSimulator.Run(load.Spec! with { Years = 3 }, u.Parameters, plan, specs, [.. built.Values], new RunOptions { Replications = 2, Threads = 2 });
        Assert.Equal(3, run.WorldCount);
        Assert.All(built.Values, v => Assert.Equal(u.Parameters.Length, v.Length));
        Assert.NotEqual(built.Values[0][0], built.Values[1][0]);
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }
}
