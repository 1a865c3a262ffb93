using System.Collections.Immutable;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Tests;

[Trait("Category", "Statistical")]
public class EngineStatisticalTests
{
    /// <summary>n = 150,000 detects a 0.5 pp hazard error at p ≈ 0.1 (BinomialBounds.TrialsToDetect(0.1, 0.005) ≈ 143,000).</summary>
    private const int Cohort = 150_000;

    [Fact]
    public void Cohort_survival_matches_the_analytic_product_of_hazards()
    {
        Assert.True(Cohort >= BinomialBounds.TrialsToDetect(0.1, 0.005));
        ImmutableArray<double> hazard = [0.10, 0.07, 0.065, 0.065, 0.065, 0.063, 0.06, 0.058, 0.055, 0.052];
        // No hiring: the initial cohort (all first-year teachers) is followed alone.
        var spec = TestSpecs.Simple(Cohort, hazard, years: 10, fillRate: 0.0);
        var r = Simulator.Run(spec, new RunOptions { Threads = 1 }).Replications[0];
        int hc = MetricCatalog.Headcount;
        double survival = 1;
        for (int t = 0; t < 10; t++)
        {
            survival *= 1 - hazard[t];
            BinomialBounds.AssertCount(r[hc, t], Cohort, survival, $"survivors after year {t + 1}");
        }
    }

    [Fact]
    public void Constant_hazard_gives_geometric_kaplan_meier_survival_of_hires()
    {
        const double h = 0.1;
        var spec = TestSpecs.Simple(50_000, [h], years: 12);
        var r = Simulator.Run(spec, new RunOptions { Threads = 2 });
        long atRisk = 0, exits = 0;
        foreach (var rep in r.Replications)
            for (int k = 0; k < 12; k++)
            {
                BinomialBounds.AssertCount(rep.SurvivalExits[k], rep.SurvivalAtRisk[k], h, $"exits in year {k + 1} since hire");
                atRisk += rep.SurvivalAtRisk[k];
                exits += rep.SurvivalExits[k];
            }
        Assert.True(atRisk > 200_000, $"too few hire-years at risk ({atRisk}) for the test to mean anything");
        BinomialBounds.AssertCount(exits, atRisk, h, "pooled exits of hires");
    }

    [Fact]
    public void One_uniform_splits_exits_between_reasons_by_their_shares()
    {
        var spec = TestSpecs.Simple(100_000, [0.2], years: 3);
        var p = spec.Periods[0].Parameters;
        double[] shares = [0.5, 0.3, 0.15, 0.05];
        spec = spec with
        {
            Periods = [new ParameterPeriod(2026, p with { Attrition = p.Attrition with { Reasons = [new ReasonShares(0, [.. shares])] } })],
        };
        var r = Simulator.Run(spec).Replications[0];
        var metrics = MetricCatalog.For(spec);
        for (int t = 0; t < 3; t++)
        {
            double exits = r[MetricCatalog.Exits, t];
            for (int k = 0; k < 4; k++)
                BinomialBounds.AssertCount(r[metrics.ExitsByReason + k, t], exits, shares[k], $"exits by reason {k} in year {t}");
        }
    }

    [Fact]
    public void Mid_year_exits_leave_vacancies_open_for_the_rest_of_the_year()
    {
        // A share s of exits happens at year end (no vacancy time); the rest uniformly: E[1 − t] = (1 − s) / 2.
        const double s = 0.4;
        var spec = TestSpecs.Simple(100_000, [0.15], years: 2);
        var p = spec.Periods[0].Parameters;
        spec = spec with { Periods = [new ParameterPeriod(2026, p with { Attrition = p.Attrition with { EndOfYearShare = s } })] };
        var r = Simulator.Run(spec).Replications[0];
        double exits = r[MetricCatalog.Exits, 0], vacancy = r[MetricCatalog.VacancyFteYears, 0];
        double mean = (1 - s) / 2, variance = (1 - s) / 3 - mean * mean;
        double tol = BinomialBounds.Z * Math.Sqrt(variance / exits) * exits;
        Assert.True(Math.Abs(vacancy - exits * mean) <= tol, $"vacancy {vacancy} vs {exits * mean} ± {tol}");
    }
}

[Trait("Category", "Statistical")]
public class RealizedHazardTests
{
    [Fact]
    public void Realized_exit_rate_by_yos_matches_the_input_hazard()
    {
        // Without modifiers the realized rate at each yos is the table's hazard: exits ~ Binomial(at risk, h).
        System.Collections.Immutable.ImmutableArray<double> hazard = [0.12, 0.09, 0.07, 0.06, 0.05, 0.2];
        var spec = TestSpecs.Simple(40_000, hazard, years: 8, initialYos: IntDistribution.Uniform(0, 8));
        var r = Simulator.Run(spec, new RunOptions { Replications = 2 });
        for (int yos = 0; yos <= 8; yos++)
        {
            long atRisk = r.Replications.Sum(x => x.AtRiskByYos[yos]), exits = r.Replications.Sum(x => x.ExitsByYos[yos]);
            Assert.True(atRisk > 10_000, $"yos {yos}: only {atRisk} at risk");
            BinomialBounds.AssertCount(exits, atRisk, hazard[Math.Min(yos, hazard.Length - 1)], $"exits at yos {yos}");
        }
    }
}
