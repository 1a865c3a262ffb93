using Xunit.Abstractions;
using System.Collections.Immutable;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;
using WorkforceSim.Calibration.Tests.Support;

namespace WorkforceSim.Calibration.Tests;

[Trait("Category", "Statistical")]
public class HazardRatioTests(ITestOutputHelper output)
{
    private static readonly double[] Hazards = [0.15, 0.12, 0.10, 0.09, 0.08, 0.07, 0.07, 0.06, 0.06, 0.05];

    // 20,000 teachers, 30% in stage "lead" with hazard ratio 0.7: a few thousand lead exits → se(log HR) ≈ 0.02,
    // so the z = 4 interval is about 0.7 · 2 · 4 · 0.02 ≈ 0.11 wide.
    // Intervals at level 1 - 6.3e-5 (z = 4) keep the fixed-seed test robust to legitimate draw-order changes.
    private static readonly SyntheticRoster Roster = new(Hazards, 20_000) { LeadShare = 0.3, LeadRatio = 0.7, WindowStart = 2000 };
    private const double ZFourLevel = 0.99993666;

    private static AttritionEstimate Estimate(double level) => AttritionCalibrator.Calibrate(
        RiskSet.FromSpells(Roster.Spells(seed: 42), Roster.WindowStart, Roster.RosterYear),
        new EstimationSettings { By = [GroupingFactor.Stage], ConfidenceLevel = level });

    [Fact]
    public void Poisson_regression_recovers_a_stage_hazard_ratio_of_07_within_its_interval()
    {
        var lead = Estimate(ZFourLevel).Modifiers.Single(m => m.Level == "lead");
        output.WriteLine($"lead HR {lead.Ratio:0.0000}, z=4 CI [{lead.Ci.Low:0.0000}, {lead.Ci.High:0.0000}], {lead.Exits} exits in {lead.AtRisk} teacher-years");
        Assert.Equal(HazardRatioStatus.Estimated, lead.Status);
        Assert.True(lead.Ci.Contains(0.7), $"HR {lead.Ratio} CI [{lead.Ci.Low}, {lead.Ci.High}]");
        Assert.True(lead.Ci.High - lead.Ci.Low < 0.15, $"the interval [{lead.Ci.Low}, {lead.Ci.High}] should be informative");
    }

    [Fact]
    public void Largest_group_is_the_reference_and_hazards_are_those_of_the_reference_group()
    {
        var estimate = Estimate(ZFourLevel);
        var teacher = estimate.Modifiers.Single(m => m.Level == "teacher");
        Assert.Equal(HazardRatioStatus.Reference, teacher.Status);
        // hazard_by_yos applies to the reference stage; lead teachers get it times the modifier.
        for (int yos = 0; yos < 5; yos++)
            Assert.True(estimate.Bands[yos].Ci.Contains(Hazards[yos]), $"yos {yos}: {estimate.Bands[yos].Hazard}");
    }

    [Fact]
    public void Poisson_regression_matches_the_closed_form_rate_ratio_with_a_single_band()
    {
        // With one band and one factor the MLE is the ratio of crude rates: (30/1000)/(50/1000) = 0.6,
        // se(log HR) = √(1/30 + 1/50).
        RiskCell[] cells = [new(0, "a", "", 1000, 50, 0), new(0, "b", "", 1000, 30, 0)];
        var ratios = HazardRatioModel.Fit(cells, _ => 0, ImmutableArray.Create(GroupingFactor.Stage), 0.95);
        var b = ratios.Single(r => r.Level == "b");
        double se = Math.Sqrt(1 / 30.0 + 1 / 50.0), z = BinomialInterval.Z(0.95);
        Assert.Equal(0.6, b.Ratio, 8);
        Assert.Equal(0.6 * Math.Exp(-z * se), b.Ci.Low, 6);
        Assert.Equal(0.6 * Math.Exp(z * se), b.Ci.High, 6);
    }

    [Fact]
    public void A_group_without_exits_gets_no_modifier()
    {
        RiskCell[] cells = [new(0, "a", "", 1000, 50, 0), new(0, "b", "", 1000, 30, 0), new(0, "c", "", 40, 0, 0)];
        var c = HazardRatioModel.Fit(cells, _ => 0, ImmutableArray.Create(GroupingFactor.Stage), 0.95).Single(r => r.Level == "c");
        Assert.Equal(HazardRatioStatus.NoExits, c.Status);
    }
}
