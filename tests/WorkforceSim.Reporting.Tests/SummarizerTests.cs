using MathNet.Numerics.Statistics;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public class SummarizerTests
{
    private const double Tol = 1e-9;

    /// <summary>Metric 0 (positions) takes the given per-replication values in year 0; every other cell is 1.</summary>
    private static RunResult RunWithFirstCell(params double[] values)
    {
        var spec = RunResultBuilder.Spec(years: 2);
        return RunResultBuilder.Run(spec, values.Length, (m, t, r) => m == 0 && t == 0 ? values[r] : 1.0);
    }

    [Fact]
    public void Yearly_row_has_hand_computed_mean_sd_t_interval_and_type7_quantiles()
    {
        var row = Summarizer.Yearly(RunWithFirstCell(1, 2, 4)).First();
        Assert.Equal((2025, "positions", 3), (row.Year, row.Metric, row.N));
        Assert.Equal(7.0 / 3, row.Mean, Tol);
        Assert.Equal(1.5275252316519468, row.Sd, Tol);          // sqrt(7/3)
        Assert.Equal(-1.4612497004061318, row.CiLow, 1e-7);       // mean ∓ t(0.975, 2) = 4.302653 · sd / √3
        Assert.Equal(6.127916367072799, row.CiHigh, 1e-7);
        Assert.Equal(1.1, row.P05, Tol);                          // h = 0.1: 1 + 0.1·(2 − 1)
        Assert.Equal(2.0, row.P50, Tol);
        Assert.Equal(3.8, row.P95, Tol);                          // h = 1.9: 2 + 0.9·(4 − 2)
    }

    [Fact]
    public void NaN_cells_are_left_out_of_every_statistic()
    {
        var row = Summarizer.Yearly(RunWithFirstCell(1, double.NaN, 4)).First();
        Assert.Equal(2, row.N);
        Assert.Equal(2.5, row.Mean, Tol);
        Assert.Equal(2.1213203435596424, row.Sd, Tol);
        Assert.Equal(-16.559307104262043, row.CiLow, 1e-6);       // t(0.975, 1) = 12.7062
        Assert.Equal(21.559307104262043, row.CiHigh, 1e-6);
        Assert.Equal(1.15, row.P05, Tol);
        Assert.Equal(3.85, row.P95, Tol);
    }

    [Fact]
    public void A_single_defined_replication_has_zero_sd_and_a_degenerate_interval()
    {
        var row = Summarizer.Yearly(RunWithFirstCell(double.NaN, 7.5, double.NaN)).First();
        Assert.Equal((1, 7.5, 0.0, 7.5, 7.5), (row.N, row.Mean, row.Sd, row.CiLow, row.CiHigh));
        Assert.Equal((7.5, 7.5, 7.5), (row.P05, row.P50, row.P95));
    }

    [Fact]
    public void Metric_years_undefined_in_every_replication_are_skipped()
    {
        var rows = Summarizer.Yearly(RunWithFirstCell(double.NaN, double.NaN));
        Assert.DoesNotContain(rows, r => r.Year == 2025 && r.Metric == "positions");
        Assert.Contains(rows, r => r.Year == 2026 && r.Metric == "positions");
    }

    [Fact]
    public void Rows_are_ordered_by_year_then_catalog_order()
    {
        var run = RunWithFirstCell(1, 2);
        var rows = Summarizer.Yearly(run);
        var expected = new[] { 2025, 2026 }.SelectMany(y => run.Metrics.Names.Select(m => (y, m)));
        Assert.Equal(expected, rows.Select(r => (r.Year, r.Metric)));
    }

    [Fact]
    public void Quantiles_match_MathNet_R7_on_an_unsorted_sample()
    {
        double[] sample = [3.2, -1.0, 8.5, 0.25, 4.0, 4.0, 12.75, 6.5, -3.5, 2.0, 9.125];
        var s = SampleStatistics.Of(sample);
        Assert.Equal(Statistics.QuantileCustom(sample, 0.05, QuantileDefinition.R7), s.P05, Tol);
        Assert.Equal(Statistics.QuantileCustom(sample, 0.50, QuantileDefinition.R7), s.P50, Tol);
        Assert.Equal(Statistics.QuantileCustom(sample, 0.95, QuantileDefinition.R7), s.P95, Tol);
        Assert.Equal(Statistics.StandardDeviation(sample), s.Sd, Tol);
    }

    [Fact]
    public void Kaplan_Meier_with_censoring_matches_a_hand_computed_example()
    {
        // n = 10, 7, 3 at risk; d = 2, 1, 1 exits → censored 1, 3, 2.
        // S = 0.8, 0.8·6/7, ·2/3; Greenwood Σ d/(n(n−d)) = 0.025, 0.048810, 0.215476; log(−log) 95% CI.
        var rows = KaplanMeier.Estimate([10L, 7, 3], [2L, 1, 1]);
        Assert.Equal(4, rows.Length);
        Assert.Equal(new SurvivalRow(0, 10, 0, 0, 1, 1, 1), rows[0]);
        (int k, long n, long d, long c, double s, double lo, double hi)[] expected =
        [
            (1, 10, 2, 1, 0.8000, 0.4087, 0.9459),
            (2, 7, 1, 3, 0.6857, 0.3046, 0.8871),
            (3, 3, 1, 2, 0.4571, 0.0819, 0.7828),
        ];
        foreach (var e in expected)
        {
            var r = rows[e.k];
            Assert.Equal((e.k, e.n, e.d, e.c), (r.YearsSinceHire, r.AtRisk, r.Exits, r.Censored));
            Assert.Equal(e.s, Math.Round(r.Survival, 4));
            Assert.Equal(e.lo, Math.Round(r.CiLow, 4));
            Assert.Equal(e.hi, Math.Round(r.CiHigh, 4));
        }
    }

    [Fact]
    public void Kaplan_Meier_pools_counts_over_replications()
    {
        var spec = RunResultBuilder.Spec(years: 3);
        var run = RunResultBuilder.Run(spec, 2, (_, _, _) => 0,
            atRisk: [[6, 4, 1], [4, 3, 2]], exits: [[1, 1, 0], [1, 0, 1]]);
        var pooled = KaplanMeier.Estimate([10L, 7, 3], [2L, 1, 1]);
        Assert.Equal(pooled.ToArray(), Summarizer.Summarize(run).Survival.ToArray());
    }

    [Fact]
    public void Kaplan_Meier_stops_at_the_first_year_nobody_is_at_risk_and_handles_survival_zero()
    {
        var rows = KaplanMeier.Estimate([5L, 0, 0], [5L, 0, 0]);
        Assert.Equal(2, rows.Length);
        Assert.Equal(new SurvivalRow(1, 5, 5, 0, 0, 0, 0), rows[1]);
        Assert.Equal([new SurvivalRow(0, 0, 0, 0, 1, 1, 1)], KaplanMeier.Estimate([0L, 0], [0L, 0]).ToArray());
    }

    [Fact]
    public void Kaplan_Meier_rejects_more_at_risk_than_survivors()
    {
        Assert.Throws<ArgumentException>(() => KaplanMeier.Estimate([10L, 9], [2L, 0]));
        Assert.Throws<ArgumentException>(() => KaplanMeier.Estimate([10L], [11L]));
    }

    [Fact]
    public void Key_indicators_average_per_replication_means_and_skip_undefined_replications()
    {
        var spec = RunResultBuilder.Spec(years: 3);
        var catalog = Core.Results.MetricCatalog.For(spec);
        int h5 = catalog.IndexOf("retention.hired_5y"), hc = catalog.IndexOf("headcount"), ar = catalog.IndexOf("attrition_rate");
        // Replication r: attrition 0.1·(r+1) + 0.01·t, hired_5y only defined in year 2 of replications 0 and 1,
        // headcount 100 + 10·r + t.
        var run = RunResultBuilder.Run(spec, 3, (m, t, r) =>
            m == ar ? 0.1 * (r + 1) + 0.01 * t
            : m == h5 ? (t == 2 && r < 2 ? 0.5 + 0.1 * r : double.NaN)
            : m == hc ? 100 + 10 * r + t
            : 0.0);
        var k = Summarizer.KeyIndicators(run).ToDictionary(i => i.Id);

        Assert.Equal(["retention.hired_5y", "attrition_rate", "novice_share", "coaching_coverage", "retention.top_quintile",
            "cost.total", "vacancies_unfilled", "headcount"], Summarizer.KeyIndicators(run).Select(i => i.Id));
        // attrition per replication: 0.11, 0.21, 0.31 → mean 0.21, sd 0.1, half = 4.302653·0.1/√3.
        Assert.Equal(0.21, k["attrition_rate"].Mean, Tol);
        Assert.Equal(0.21 - 4.302652729911275 * 0.1 / Math.Sqrt(3), k["attrition_rate"].CiLow, 1e-7);
        Assert.Equal(("Annual attrition", "share/year"), (k["attrition_rate"].Label, k["attrition_rate"].Unit));
        // hired_5y: replication 2 undefined → mean of 0.5, 0.6.
        Assert.Equal(0.55, k["retention.hired_5y"].Mean, Tol);
        Assert.Equal(("5-year retention of new hires", "share"), (k["retention.hired_5y"].Label, k["retention.hired_5y"].Unit));
        // headcount in the last year: 102, 112, 122.
        Assert.Equal(112, k["headcount"].Mean, Tol);
        Assert.Equal("teachers", k["headcount"].Unit);
        Assert.Equal(("Annual cost", "currency/year"), (k["cost.total"].Label, k["cost.total"].Unit));
        Assert.Equal("positions", k["vacancies_unfilled"].Unit);
    }

    [Fact]
    public void An_indicator_undefined_in_every_replication_is_left_out()
    {
        var spec = RunResultBuilder.Spec(years: 2);
        int h5 = Core.Results.MetricCatalog.For(spec).IndexOf("retention.hired_5y");
        var run = RunResultBuilder.Run(spec, 2, (m, _, _) => m == h5 ? double.NaN : 1.0);
        Assert.DoesNotContain(Summarizer.KeyIndicators(run), i => i.Id == "retention.hired_5y");
    }

    [Fact]
    public void Summaries_of_the_same_run_are_bit_identical()
    {
        var a = Summarizer.Summarize(RunResultBuilder.Realistic());
        var b = Summarizer.Summarize(RunResultBuilder.Realistic());
        Assert.Equal(a.Yearly.ToArray(), b.Yearly.ToArray());
        Assert.Equal(a.Survival.ToArray(), b.Survival.ToArray());
        Assert.Equal(a.KeyIndicators.ToArray(), b.KeyIndicators.ToArray());
    }
}
