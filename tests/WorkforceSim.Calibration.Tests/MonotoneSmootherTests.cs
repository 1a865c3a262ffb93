using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Tests.Support;

namespace WorkforceSim.Calibration.Tests;

public class MonotoneSmootherTests
{
    [Fact]
    public void Smoothing_yields_a_non_decreasing_sequence()
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            double[] values = [.. Enumerable.Range(0, 20).Select(i => SplitMix64.Uniform(seed, i, 0, purpose: 0))];
            double[] weights = [.. Enumerable.Range(0, 20).Select(i => 1 + 100 * SplitMix64.Uniform(seed, i, 1, purpose: 0))];
            var smoothed = MonotoneSmoother.Smooth(values, weights);
            for (int i = 1; i < smoothed.Length; i++) Assert.True(smoothed[i] >= smoothed[i - 1] - 1e-15, $"seed {seed} at {i}");
            // Isotonic regression preserves the weighted mean.
            Assert.Equal(values.Zip(weights).Sum(p => p.First * p.Second), smoothed.Zip(weights).Sum(p => p.First * p.Second), 9);
        }
    }

    [Fact]
    public void Already_monotone_data_are_left_unchanged()
    {
        double[] values = [0.02, 0.03, 0.03, 0.05, 0.08, 0.12, 1.0];
        Assert.Equal(values, MonotoneSmoother.Smooth(values, [5, 1, 9, 2, 7, 3, 4]));
        Assert.Equal(values.Length, MonotoneSmoother.Blocks(values, [5, 1, 9, 2, 7, 3, 4]).Count);
    }

    [Fact]
    public void Violators_are_pooled_with_weights()
    {
        // 0.3 (weight 1) then 0.1 (weight 3) pool to (0.3 + 0.3)/4 = 0.15; then 0.2 stays.
        var smoothed = MonotoneSmoother.Smooth([0.3, 0.1, 0.2], [1, 3, 1]);
        Assert.Equal([0.15, 0.15, 0.2], smoothed.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Sparse_years_are_pooled_into_bands_of_at_least_min_at_risk()
    {
        Assert.Equal([(0, 2), (3, 5)], HazardBands.Pool([10, 10, 10, 40, 5, 5], 0, 5, 30));
        Assert.Equal([(0, 1)], HazardBands.Pool([3, 4], 0, 1, 30));
    }

    [Fact]
    public void Calibrated_ramp_is_non_decreasing_from_the_smoothing_start()
    {
        // A ramp with a dip at yos 22: at risk 100 each year; smoothing from yos 20 must remove the dip.
        int[] exits = [10, 9, 8, 7, 6, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6, 9, 7, 12, 15];
        RiskCell[] cells = [.. exits.Select((d, yos) => new RiskCell(yos, "", "", 100, d, 0))];
        var riskSet = new RiskSet([.. cells], 2000, 2024, 100);
        var estimate = AttritionCalibrator.Calibrate(riskSet, new EstimationSettings { SmoothFromYos = 20, MinAtRisk = 100 });
        var hazards = estimate.HazardByYearOfService;
        for (int yos = 21; yos < hazards.Length; yos++) Assert.True(hazards[yos] >= hazards[yos - 1]);
        Assert.Equal(0.08, hazards[21], 12); // (9 + 7) / 200
        Assert.Equal(0.08, hazards[22], 12);
        Assert.Equal(0.04, hazards[11], 12); // years before the smoothing start are untouched
        Assert.Contains(estimate.Bands, b => b.Smoothed && b.Label == "22-23");
    }
}
