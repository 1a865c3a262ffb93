using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public sealed class ReportModelTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Loading_a_run_folder_gives_back_exactly_what_was_written()
    {
        var run = RunResultBuilder.Realistic();
        var summary = Summarizer.Summarize(run);
        var manifest = RunResultBuilder.Manifest(run);
        string dir = _tmp.Sub("run");
        RunOutputWriter.Write(dir, run, summary, manifest);
        var model = ReportModel.Load(dir);

        Assert.Equal(summary.Yearly.Select(r => new YearlyStat(r.Year, r.Metric, r.Mean, r.Sd, r.CiLow, r.CiHigh, r.P05, r.P50, r.P95)),
            model.Yearly);
        Assert.Equal(summary.Survival.ToArray(), model.Survival.ToArray());
        Assert.Equal(summary.KeyIndicators.ToArray(), model.KeyIndicators.ToArray());
        Assert.Equal((manifest.ScenarioId, manifest.ScenarioTitle, manifest.ScenarioDescription, manifest.Seed, manifest.Replications),
            (model.Manifest.ScenarioId, model.Manifest.ScenarioTitle, model.Manifest.ScenarioDescription, model.Manifest.Seed,
                model.Manifest.Replications));
        Assert.Equal(manifest.Metrics.ToArray(), model.Manifest.Metrics.ToArray());
        Assert.Equal(manifest.ExtendsChain.ToArray(), model.Manifest.ExtendsChain.ToArray());
        Assert.Equal(manifest.ResolvedScenario.Keys, model.Manifest.ResolvedScenario.Keys);
        Assert.Equal(["teacher", "team_lead"], model.Stages.ToArray());
        Assert.Equal(["resignation", "retirement", "dismissal", "move"], model.ExitReasons.ToArray());
        Assert.Equal(["novice", "experienced"], model.HiringSources.ToArray());
        Assert.Empty(model.Hazard);
    }

    [Fact]
    public void Series_aligns_a_metric_to_the_years_with_NaN_where_undefined()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        var model = ReportModel.Load(dir);
        var s = model.Series("retention.hired_3y");
        Assert.Equal([2025.0, 2026, 2027, 2028, 2029], s.Years);
        Assert.True(double.IsNaN(s.Mean[0]) && double.IsNaN(s.Mean[2]));
        Assert.False(double.IsNaN(s.Mean[3]));
        Assert.False(model.Series("no.such.metric").HasData);
    }

    [Fact]
    public void Hazard_csv_is_read_when_present()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        File.WriteAllText(Path.Combine(dir, "hazard.csv"), "year_of_service,input_hazard,realized,ci_low,ci_high\n1,0.15,0.16,0.14,0.18\n");
        Assert.Equal([new HazardRow(1, 0.15, 0.16, 0.14, 0.18)], ReportModel.Load(dir).Hazard.ToArray());
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        File.Delete(Path.Combine(dir, "survival.csv"));
        var e = Assert.Throws<FileNotFoundException>(() => ReportModel.Load(dir));
        Assert.Contains("survival.csv is missing", e.Message);
    }

    [Fact]
    public void A_wrong_header_or_bad_number_is_reported_with_file_and_line()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        string hazard = Path.Combine(dir, "hazard.csv");
        File.WriteAllText(hazard, "yos,input_hazard,realized,ci_low,ci_high\n");
        Assert.Contains("hazard.csv(1,1)", Assert.Throws<InvalidDataException>(() => ReportModel.Load(dir)).Message);
        File.WriteAllText(hazard, "year_of_service,input_hazard,realized,ci_low,ci_high\n1,0.15,0.16,0.14,0.18\n2,0,15,0.1,0.1,0.1\n");
        Assert.Contains("hazard.csv(3,1)", Assert.Throws<InvalidDataException>(() => ReportModel.Load(dir)).Message);
        File.WriteAllText(hazard, "year_of_service,input_hazard,realized,ci_low,ci_high\n1,abc,0.16,0.14,0.18\n");
        Assert.Contains("hazard.csv(2,2)", Assert.Throws<InvalidDataException>(() => ReportModel.Load(dir)).Message);
    }
}
