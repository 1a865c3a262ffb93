using Xunit.Abstractions;
using System.Text;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;
using WorkforceSim.Calibration.Tests.Support;

namespace WorkforceSim.Calibration.Tests;

[Trait("Category", "Statistical")]
public class RoundTripTests(ITestOutputHelper output)
{
    // A declining early-career hazard, flat mid-career, rising towards retirement (completed yos 0..29).
    private static readonly double[] TrueHazards =
    [
        0.14, 0.11, 0.09, 0.08, 0.07, 0.06, 0.055, 0.05, 0.045, 0.04,
        0.04, 0.035, 0.035, 0.03, 0.03, 0.03, 0.03, 0.035, 0.04, 0.05,
        0.06, 0.08, 0.10, 0.13, 0.16, 0.20, 0.25, 0.30, 0.35, 0.40,
    ];

    [Fact]
    public void Every_true_hazard_lies_in_its_Bonferroni_interval_after_a_round_trip_through_the_roster_csv()
    {
        // 6,000 teachers hired 2000-2024, window 2015-2024: cohorts hired before 2015 are left-truncated and
        // everyone still employed in 2024 is censored. With K years estimated, each interval has level 1 - 0.01/K,
        // so the chance that any true value falls outside is at most 1% (Bonferroni) — robust to draw-order changes.
        var roster = new SyntheticRoster(TrueHazards, 6000);
        var csv = SyntheticRoster.ToCsv(roster.Spells(seed: 20261122));
        var probe = Run(csv, new EstimationSettings { MinAtRisk = 1 });
        int years = probe.Estimate.Bands.Length;

        var estimate = Run(csv, new EstimationSettings { MinAtRisk = 1, ConfidenceLevel = 1 - 0.01 / years }).Estimate;

        Assert.Equal(2015, estimate.RiskSet.WindowStart);
        Assert.True(years >= 25, $"only {years} years estimated");
        foreach (var band in estimate.Bands)
            Assert.True(band.Ci.Contains(roster.Hazard(band.FirstYos)),
                $"yos {band.FirstYos}: true {roster.Hazard(band.FirstYos)} outside [{band.Ci.Low}, {band.Ci.High}] (n = {band.AtRisk})");
    }

    [Fact]
    public void Ignoring_left_truncation_biases_the_early_hazards_that_the_window_corrects()
    {
        // Contrast that shows the window matters: treating 2000 as the window start counts early-leaving cohorts
        // hired before 2015 as if they had stayed, so the first-year hazard is underestimated by far more than
        // its sampling error (the truncation-corrected estimate is checked above).
        var spells = new SyntheticRoster(TrueHazards, 6000).Spells(seed: 7);
        var settings = new EstimationSettings { MinAtRisk = 1 };
        var corrected = AttritionCalibrator.Calibrate(RiskSet.FromSpells(spells, 2015, 2024), settings).Bands[0];
        var naive = AttritionCalibrator.Calibrate(RiskSet.FromSpells(spells, 2000, 2024), settings).Bands[0];

        Assert.True(naive.Ci.High < TrueHazards[0], $"naive first-year CI [{naive.Ci.Low}, {naive.Ci.High}] should lie below {TrueHazards[0]}");
        Assert.True(corrected.Ci.Contains(TrueHazards[0]));
    }

    [Fact]
    public void Coverage_of_the_95_percent_interval_over_200_seeds_is_within_binomial_tolerance_of_095()
    {
        // Year of service 3 (yos 2), about 400 teacher-years at risk per seed. Each seed's interval covers with
        // probability ≈ 0.95, so over 200 seeds coverage has sd √(0.95·0.05/200) = 0.0154; with z = 4 the
        // tolerance is ±0.0616 (two-sided false alarm ≈ 6e-5): coverage must lie in [0.888, 1].
        const int Seeds = 200, Yos = 2;
        var roster = new SyntheticRoster(TrueHazards, 1500);
        var settings = new EstimationSettings { MinAtRisk = 1 };
        int covered = 0;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var riskSet = RiskSet.FromSpells(roster.Spells((ulong)seed), roster.WindowStart, roster.RosterYear);
            var band = AttritionCalibrator.Calibrate(riskSet, settings).Bands.Single(b => b.FirstYos == Yos);
            if (band.Ci.Contains(TrueHazards[Yos])) covered++;
        }
        double coverage = covered / (double)Seeds;
        output.WriteLine($"coverage of the 95% interval for yos {Yos}: {covered}/{Seeds} = {coverage:0.000}");
        double tolerance = BinomialBounds.ProportionTolerance(0.95, Seeds, z: 4);
        Assert.InRange(tolerance, 0.0615, 0.0617);
        Assert.True(Math.Abs(coverage - 0.95) <= tolerance, $"coverage {coverage} not within 0.95 ± {tolerance}");
    }

    private static CalibrationResult Run(string csv, EstimationSettings settings)
    {
        var run = CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = "synthetic.csv",
            RosterContent = Encoding.UTF8.GetBytes(csv),
            WindowStart = 2015,
            Estimation = settings,
            GeneratedAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
        });
        Assert.True(run.Success, string.Join("\n", run.Diagnostics));
        return run.Result!;
    }
}
