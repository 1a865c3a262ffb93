using System.Collections.Immutable;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;

namespace WorkforceSim.Reporting.Tests.TestSupport;

/// <summary>Hand-built scenarios and run results for the reporting tests (no engine involved).</summary>
internal static class RunResultBuilder
{
    /// <summary>A minimal valid scenario with the given stages and sources.</summary>
    public static ScenarioSpec Spec(int startYear = 2025, int years = 3, string[]? stages = null, string[]? sources = null,
        string title = "Test scenario", string description = "")
    {
        stages ??= ["teacher", "team_lead"];
        sources ??= ["novice", "experienced"];
        var parameters = new ModelParameters
        {
            Positions = new PositionsSpec(100),
            Attrition = new AttritionSpec
            {
                HazardByYearOfService = [0.1],
                Reasons = [new ReasonShares(0, [1.0, 0, 0, 0])],
            },
            Hiring = new HiringSpec
            {
                Sources = [.. sources.Select(s => new HiringSourceSpec { Id = s, Kind = SourceKind.Novice, Share = 1.0 / sources.Length })],
            },
            Effectiveness = new EffectivenessSpec(),
            Evaluation = new EvaluationSpec { Levels = [new RatingLevel("low", 0)] },
            Compensation = new CompensationSpec(),
            Stages = [.. stages.Select(s => new StageSpec { Id = s, Salary = 50_000 })],
        };
        return new ScenarioSpec
        {
            Id = "test",
            Title = title,
            Description = description,
            StartYear = startYear,
            Years = years,
            Replications = 1,
            Seed = 42,
            Segments = [new SegmentSpec("all", 1.0)],
            Initial = new InitialWorkforceSpec { Yos = IntDistribution.Point(5), Effectiveness = new NormalSpec(0, 1) },
            Periods = [new ParameterPeriod(startYear, parameters)],
        };
    }

    /// <summary>
    /// A run whose value of metric m in year t of replication r is <paramref name="value"/>(m, t, r); survival counts
    /// per replication from <paramref name="atRisk"/> and <paramref name="exits"/> (the same for every replication when
    /// a single array is given).
    /// </summary>
    public static RunResult Run(ScenarioSpec spec, int replications, Func<int, int, int, double> value,
        long[][]? atRisk = null, long[][]? exits = null, TimeSpan? wallTime = null)
    {
        var catalog = MetricCatalog.For(spec);
        var reps = ImmutableArray.CreateBuilder<ReplicationResult>(replications);
        for (int r = 0; r < replications; r++)
        {
            var values = new double[catalog.Count * spec.Years];
            for (int m = 0; m < catalog.Count; m++)
                for (int t = 0; t < spec.Years; t++)
                    values[m * spec.Years + t] = value(m, t, r);
            reps.Add(new ReplicationResult
            {
                Replication = r,
                Years = spec.Years,
                Values = values,
                SurvivalAtRisk = atRisk is null ? new long[spec.Years] : atRisk[Math.Min(r, atRisk.Length - 1)],
                SurvivalExits = exits is null ? new long[spec.Years] : exits[Math.Min(r, exits.Length - 1)],
                AtRiskByYos = new long[ReplicationResult.MaxYos + 1],
                ExitsByYos = new long[ReplicationResult.MaxYos + 1],
            });
        }
        return new RunResult
        {
            Spec = spec with { Replications = replications },
            Metrics = catalog,
            Replications = reps.MoveToImmutable(),
            Threads = 2,
            WallTime = wallTime ?? TimeSpan.FromSeconds(1.5),
            TeacherYears = 100L * spec.Years * replications,
        };
    }

    /// <summary>
    /// A plausible-looking run used by the writer, chart and report tests: 2 stages, 2 sources, 5 years,
    /// 6 replications, hires followed for survival, a few undefined cells.
    /// </summary>
    public static RunResult Realistic(int years = 5, int replications = 6, string title = "Career ladder <pilot> & \"coaching\"",
        string description = "Team leads coach up to 6 colleagues; tested with 1.5 % growth.")
    {
        var spec = Spec(years: years, title: title, description: description);
        var catalog = MetricCatalog.For(spec);
        double Value(int m, int t, int r)
        {
            string name = catalog.Names[m];
            double wobble = ((r * 7 + t * 3 + m) % 5 - 2) * 0.5;
            return name switch
            {
                "positions" => 100 + 2 * t,
                "headcount" => 96 + 2 * t + wobble,
                "headcount.teacher" => 80 + 2 * t + wobble,
                "headcount.team_lead" => 16,
                "vacancies_unfilled" => 4 - wobble,
                "exits" => 12 + wobble,
                "exits.resignation" => 8 + wobble,
                "exits.retirement" => 3,
                "exits.dismissal" => 0.5,
                "exits.move" => 0.5,
                "hires" => 14 + wobble,
                "hires.novice" => 10 + wobble,
                "hires.experienced" => 4,
                "attrition_rate" => 0.125 + wobble / 100,
                "retention.hired_1y" => t >= 1 ? 0.85 + wobble / 50 : double.NaN,
                "retention.hired_3y" => t >= 3 ? 0.7 + wobble / 50 : double.NaN,
                "retention.hired_5y" => t >= 4 ? 0.55 + wobble / 50 : double.NaN,
                "retention.top_quintile" => 0.9 + wobble / 100,
                "mean_effectiveness" => 0.05 * t + wobble / 10,
                "mean_yos" => 10 - 0.2 * t,
                "novice_share" => 0.15 + wobble / 100,
                "coaching_coverage" => 0.6,
                "cost.salary" => 5_000_000 + 100_000 * t + wobble * 10_000,
                "cost.stipend" => 80_000,
                "cost.hiring" => 14_000 + wobble * 1000,
                "cost.total" => 5_094_000 + 100_000 * t + wobble * 11_000,
                _ => t + r,
            };
        }
        var atRisk = new long[years];
        var exits = new long[years];
        long n = 60;
        for (int k = 0; k < years; k++)
        {
            atRisk[k] = n;
            exits[k] = n / 6;
            n = n - exits[k] - 5;
            if (n < 0) n = 0;
        }
        return Run(spec, replications, Value, [atRisk], [exits]);
    }

    /// <summary>The manifest of a run with a small resolved-scenario tree including policies.</summary>
    public static RunManifest Manifest(RunResult run) => RunManifest.For(run, "0.1.0-test", "scenarios/test.yaml",
        "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", ["base.yaml"], new Dictionary<string, object?>
        {
            ["scenario"] = "test",
            ["title"] = run.Spec.Title,
            ["horizon"] = new Dictionary<string, object?> { ["start_year"] = 2025, ["years"] = run.Spec.Years },
            ["attrition"] = new Dictionary<string, object?>
            {
                ["hazard_by_yos"] = new List<object?> { 0.15, 0.12, 0.1 },
                ["global_factor"] = 1.0,
            },
            ["career_ladder"] = new Dictionary<string, object?>
            {
                ["stages"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["id"] = "teacher", ["salary"] = 50000, ["stipend"] = 0 },
                    new Dictionary<string, object?> { ["id"] = "team_lead", ["salary"] = 50000, ["stipend"] = 2500.5 },
                },
            },
            ["policies"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["from_year"] = 2027,
                    ["set"] = new Dictionary<string, object?> { ["career_ladder.stages[team_lead].stipend"] = 5000 },
                    ["note"] = "Raise <stipend> & see",
                },
            },
            ["notes"] = null,
            ["enabled"] = true,
        });

    /// <summary>Writes the realistic run to <paramref name="dir"/> through the real writer and returns it.</summary>
    public static string WriteFixtureFolder(string dir, RunResult? run = null)
    {
        run ??= Realistic();
        RunOutputWriter.Write(dir, run, Summarizer.Summarize(run), Manifest(run));
        return dir;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wsim-reporting-tests-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Runs code under a culture and restores the previous one.</summary>
internal static class CultureSwap
{
    public static T Under<T>(string culture, Func<T> body)
    {
        var (current, ui) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
            return body();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = current;
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
    }

    public static void Under(string culture, Action body) => Under(culture, () => { body(); return 0; });
}
