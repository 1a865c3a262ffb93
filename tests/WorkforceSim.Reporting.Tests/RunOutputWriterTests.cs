using System.Text.Json;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public class RunOutputWriterTests
{
    /// <summary>2 replications × 2 years with fractional values, one NaN cell and a little survival data.</summary>
    private static RunResult SmallRun()
    {
        var spec = RunResultBuilder.Spec(years: 2, stages: ["teacher"], sources: ["novice"]);
        return RunResultBuilder.Run(spec, 2,
            (m, t, r) => m == MetricCatalog.RetentionHired1 && t == 0 ? double.NaN
                : m == MetricCatalog.CostTotal ? 1.5e22 * (r + 1) + t
                : m == MetricCatalog.AttritionRate ? 1e-20 * (r + 1) + t
                : m + 0.1 * t + 0.25 * r,
            atRisk: [[4, 2], [3, 1]], exits: [[1, 1], [1, 0]]);
    }

    private static Dictionary<string, string> WriteAndRead(string dir, RunResult run)
    {
        RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), RunResultBuilder.Manifest(run));
        return Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
    }

    [Fact]
    public void Writes_the_six_files_with_the_documented_headers()
    {
        using var tmp = new TempFolder();
        var files = WriteAndRead(tmp.Sub("run"), SmallRun());
        Assert.Equal(["hazard.csv", "manifest.json", "replications.csv", "summary.json", "survival.csv", "yearly.csv"], files.Keys.Order());
        Assert.StartsWith("year_of_service,input_hazard,realized,ci_low,ci_high\n", files["hazard.csv"]);
        Assert.StartsWith("year,metric,mean,sd,ci_low,ci_high,p05,p50,p95\n", files["yearly.csv"]);
        Assert.StartsWith("replication,year,metric,value\n", files["replications.csv"]);
        Assert.StartsWith("years_since_hire,at_risk,exits,censored,survival,ci_low,ci_high\n", files["survival.csv"]);
    }

    [Fact]
    public void Csv_files_match_the_golden_files()
    {
        using var tmp = new TempFolder();
        var files = WriteAndRead(tmp.Sub("run"), SmallRun());
        GoldenFile.Assert(files["yearly.csv"], "Golden/small/yearly.csv");
        GoldenFile.Assert(files["replications.csv"], "Golden/small/replications.csv");
        GoldenFile.Assert(files["survival.csv"], "Golden/small/survival.csv");
        GoldenFile.Assert(files["summary.json"], "Golden/small/summary.json");
        GoldenFile.Assert(files["manifest.json"], "Golden/small/manifest.json");
    }

    [Fact]
    public void Replications_csv_is_ordered_by_replication_year_metric_and_omits_NaN()
    {
        using var tmp = new TempFolder();
        var run = SmallRun();
        var lines = WriteAndRead(tmp.Sub("run"), run)["replications.csv"].TrimEnd('\n').Split('\n').Skip(1)
            .Select(l => l.Split(',')).ToList();
        var expected = new List<(int, int, string)>();
        foreach (var rep in run.Replications)
            for (int t = 0; t < 2; t++)
                for (int m = 0; m < run.Metrics.Count; m++)
                    if (!(m == MetricCatalog.RetentionHired1 && t == 0)) expected.Add((rep.Replication, 2025 + t, run.Metrics.Names[m]));
        Assert.Equal(expected, lines.Select(c => (int.Parse(c[0]), int.Parse(c[1]), c[2])));
        Assert.DoesNotContain(lines, c => c[3] == "NaN");
    }

    [Fact]
    public void Replication_values_round_trip_bit_for_bit()
    {
        using var tmp = new TempFolder();
        var spec = RunResultBuilder.Spec(years: 30);
        var run = RunResultBuilder.Run(spec, 40, (m, t, r) => Math.Sin(m * 1000 + t * 31 + r * 7) * Math.Pow(10, (m % 9) - 3));
        var lines = WriteAndRead(tmp.Sub("run"), run)["replications.csv"].TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 40 * 30 * run.Metrics.Count, lines.Length);
        int i = 1;
        foreach (var rep in run.Replications)
            for (int t = 0; t < 30; t++)
                for (int m = 0; m < run.Metrics.Count; m++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(rep[m, t]),
                        BitConverter.DoubleToInt64Bits(InvariantNumber.ParseDouble(lines[i++].Split(',')[3])));
    }

    [Fact]
    public void Output_is_identical_under_de_DE_and_uses_a_decimal_point()
    {
        using var tmp = new TempFolder();
        var invariant = CultureSwap.Under("", () => WriteAndRead(tmp.Sub("inv"), RunResultBuilder.Realistic()));
        var german = CultureSwap.Under("de-DE", () => WriteAndRead(tmp.Sub("de"), RunResultBuilder.Realistic()));
        Assert.Equal(invariant, german);
        Assert.Contains("2025,headcount,95.91666666666667,", german["yearly.csv"]);
        Assert.Contains("\"wall_time_seconds\": 1.5,", german["manifest.json"]);
        Assert.Contains("\"stipend\": 2500.5", german["manifest.json"]);
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        using var tmp = new TempFolder();
        var a = WriteAndRead(tmp.Sub("a"), RunResultBuilder.Realistic());
        var b = WriteAndRead(tmp.Sub("b"), RunResultBuilder.Realistic());
        Assert.Equal(a, b);
    }

    [Fact]
    public void Manifest_records_the_run_and_the_resolved_scenario_in_order()
    {
        using var tmp = new TempFolder();
        var run = RunResultBuilder.Realistic();
        using var doc = JsonDocument.Parse(WriteAndRead(tmp.Sub("run"), run)["manifest.json"]);
        var root = doc.RootElement;
        Assert.Equal(["tool_version", "scenario", "seed", "replications", "threads", "start_year", "years", "wall_time_seconds",
            "teacher_years", "teacher_years_per_second", "metrics", "resolved_scenario"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(6, root.GetProperty("replications").GetInt32());
        Assert.Equal(2000, root.GetProperty("teacher_years_per_second").GetDouble());
        Assert.Equal(run.Metrics.Names, root.GetProperty("metrics").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["scenario", "title", "horizon", "attrition", "career_ladder", "policies", "notes", "enabled"],
            root.GetProperty("resolved_scenario").EnumerateObject().Select(p => p.Name));
        Assert.Equal("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12",
            root.GetProperty("scenario").GetProperty("sha256").GetString());
    }

    [Fact]
    public void Refuses_a_non_empty_folder_and_leaves_it_untouched()
    {
        using var tmp = new TempFolder();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
        var run = RunResultBuilder.Realistic();
        var e = Assert.Throws<IOException>(() =>
            RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), RunResultBuilder.Manifest(run)));
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.Equal(["run"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Replaces_an_empty_folder_and_with_overwrite_a_full_one()
    {
        using var tmp = new TempFolder();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        var run = RunResultBuilder.Realistic();
        RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), RunResultBuilder.Manifest(run));
        Assert.True(File.Exists(Path.Combine(dir, "yearly.csv")));
        File.WriteAllText(Path.Combine(dir, "stale.txt"), "old");
        RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), RunResultBuilder.Manifest(run), overwrite: true);
        Assert.False(File.Exists(Path.Combine(dir, "stale.txt")));
        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
        Assert.Equal(["run"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failure_while_writing_leaves_no_folder_behind()
    {
        using var tmp = new TempFolder();
        var run = RunResultBuilder.Realistic();
        var bad = RunResultBuilder.Manifest(run) with
        {
            ResolvedScenario = new Dictionary<string, object?> { ["unsupported"] = new object() },
        };
        Assert.Throws<NotSupportedException>(() => RunOutputWriter.Write(tmp.Sub("run"), run, Summarizer.Summarize(run), bad));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void A_failure_while_overwriting_keeps_the_previous_folder()
    {
        using var tmp = new TempFolder();
        string dir = tmp.Sub("run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "previous.txt"), "old");
        var run = RunResultBuilder.Realistic();
        var bad = RunResultBuilder.Manifest(run) with
        {
            ResolvedScenario = new Dictionary<string, object?> { ["x"] = new List<object?> { new Uri("file:///a") } },
        };
        Assert.Throws<NotSupportedException>(() =>
            RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), bad, overwrite: true));
        Assert.Equal(["previous.txt"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.Equal(["run"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }
}
