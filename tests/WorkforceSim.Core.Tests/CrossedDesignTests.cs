using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Random;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Core.Tests;

/// <summary>
/// The variance decomposition recovers a known split on synthetic tables y[w, r] = μ + a_w + b_r + e_wr (normal
/// world effect a, replication effect b shared by every world — common random numbers — and interaction e), and the
/// comparison statistics built on it behave as documented (docs/uncertainty.md).
/// </summary>
[Trait("Category", "Statistical")]
public class CrossedDesignTests
{
    /// <summary>A synthetic W×R table; <paramref name="sharedNoise"/> false draws b per (world, replication) instead (independent noise per world).</summary>
    private static double[] Table(int w, int r, double mu, double sa, double sb, double se, ulong seed, bool sharedNoise = true)
    {
        ulong ka = CounterRng.Mix(seed * 3 + 1), kb = CounterRng.Mix(seed * 3 + 2), ke = CounterRng.Mix(seed * 3 + 3);
        var y = new double[w * r];
        for (int i = 0; i < w; i++)
        {
            double a = sa * CounterRng.Normal(CounterRng.Bits(ka, (ulong)i));
            for (int j = 0; j < r; j++)
            {
                ulong bIndex = sharedNoise ? (ulong)j : (ulong)(i * r + j) + 1_000_000;
                double b = sb * CounterRng.Normal(CounterRng.Bits(kb, bIndex));
                double e = se * CounterRng.Normal(CounterRng.Bits(ke, (ulong)(i * r + j)));
                y[i * r + j] = mu + a + b + e;
            }
        }
        return y;
    }

    /// <summary>
    /// Standard deviations of the two estimators under the normal model, from the mean squares' chi-square laws:
    /// Var(σ̂²_param) = [2(Rσa² + σe²)²/(W−1) + 2σe⁴/((W−1)(R−1))]/R² (MS_A and MS_AB independent), and
    /// σ̂²_noise = MS_B/W + (W−1)MS_AB/W with Var(MS_B) = 2(Wσb² + σe²)²/(R−1).
    /// </summary>
    private static (double Param, double Noise) Sds(int w, int r, double sa, double sb, double se)
    {
        double varA = 2 * Math.Pow(r * sa * sa + se * se, 2) / (w - 1);
        double varAB = 2 * Math.Pow(se, 4) / ((w - 1.0) * (r - 1));
        double varB = 2 * Math.Pow(w * sb * sb + se * se, 2) / (r - 1);
        return (Math.Sqrt((varA + varAB) / (r * r)), Math.Sqrt(varB / (w * w) + Math.Pow((w - 1.0) / w, 2) * varAB));
    }

    [Theory]
    // W, R, σa, σb, σe: a case where the parameter part dominates, one where noise dominates, one with a large shared
    // replication effect (where the nested estimator (MS_A − MS_within)/R would be biased by −σb²/R = −0.9, 18 sd).
    [InlineData(400, 40, 1.0, 0.3, 1.0)]
    [InlineData(200, 100, 0.3, 0.2, 2.0)]
    [InlineData(1000, 10, 1.0, 3.0, 1.0)]
    public void Decomposition_recovers_a_known_split_within_five_standard_deviations(int w, int r, double sa, double sb, double se)
    {
        var y = Table(w, r, 10, sa, sb, se, seed: 20261122);
        var c = CrossedDesign.Of(y, w, r)!.Value;
        var (sdParam, sdNoise) = Sds(w, r, sa, sb, se);
        double trueParam = sa * sa, trueNoise = sb * sb + se * se;
        Assert.True(Math.Abs(c.ParameterVariance - trueParam) <= 5 * sdParam,
            $"parameter part {c.ParameterVariance:G5}, true {trueParam} ± {5 * sdParam:G3}");
        Assert.True(Math.Abs(c.NoiseVariance - trueNoise) <= 5 * sdNoise,
            $"noise part {c.NoiseVariance:G5}, true {trueNoise} ± {5 * sdNoise:G3}");
        Assert.Equal(c.ParameterVariance + c.NoiseVariance, c.TotalVariance);
        Assert.Equal((w, r), (c.Worlds, c.Replications));
    }

    [Fact]
    public void The_nested_estimator_would_fail_where_the_crossed_one_holds()
    {
        // Test power: with a shared replication effect the one-way estimator is off by −σb²/R, far outside the tolerance.
        const int w = 1000, r = 10;
        var y = Table(w, r, 10, 1, 3, 1, seed: 20261122);
        var c = CrossedDesign.Of(y, w, r)!.Value;
        double msWithin = c.NoiseVariance;
        double grand = y.Average();
        double msA = r * Enumerable.Range(0, w).Sum(i => Math.Pow(y.Skip(i * r).Take(r).Average() - grand, 2)) / (w - 1);
        double nested = (msA - msWithin) / r;
        var (sdParam, _) = Sds(w, r, 1, 3, 1);
        Assert.True(Math.Abs(nested - 1) > 5 * sdParam, $"nested {nested:G4} should miss 1 by more than {5 * sdParam:G3}");
        Assert.True(Math.Abs(c.ParameterVariance - 1) <= 5 * sdParam);
    }

    [Fact]
    public void With_independent_noise_per_world_the_decomposition_still_holds()
    {
        // b drawn per cell: the noise part is σb² + σe² and nothing is shared between worlds.
        const int w = 400, r = 40;
        var y = Table(w, r, 0, 1, 0.8, 0.6, seed: 7, sharedNoise: false);
        var c = CrossedDesign.Of(y, w, r)!.Value;
        double se2 = 0.8 * 0.8 + 0.6 * 0.6; // all of it is interaction now
        var (sdParam, sdNoise) = Sds(w, r, 1, 0, Math.Sqrt(se2));
        Assert.True(Math.Abs(c.ParameterVariance - 1) <= 5 * sdParam, $"{c.ParameterVariance}");
        Assert.True(Math.Abs(c.NoiseVariance - se2) <= 5 * sdNoise, $"{c.NoiseVariance}");
    }

    [Fact]
    public void Variance_of_the_mean_matches_its_components_on_average()
    {
        // E[(MS_A + MS_B − MS_AB)/(WR)] = σa²/W + σb²/R + σe²/(WR): averaged over 200 independent tables the estimate
        // is within 5 standard errors (taken from the 200 estimates) of that value.
        const int w = 20, r = 10, n = 200;
        double sa = 1, sb = 2, se = 1;
        double expected = sa * sa / w + sb * sb / r + se * se / (w * r);
        var v = Enumerable.Range(0, n).Select(k => CrossedDesign.Of(Table(w, r, 0, sa, sb, se, (ulong)(100 + k)), w, r)!.Value.MeanVariance).ToArray();
        double mean = v.Average(), se2 = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
        Assert.True(Math.Abs(mean - expected) <= 5 * se2, $"mean of estimates {mean:G4}, expected {expected:G4} ± {5 * se2:G3}");
    }

    [Fact]
    public void Replications_undefined_in_a_world_are_dropped_from_every_world()
    {
        var y = Table(5, 4, 1, 1, 1, 1, seed: 3);
        y[2 * 4 + 1] = double.NaN;
        var c = CrossedDesign.Of(y, 5, 4)!.Value;
        Assert.Equal(3, c.Replications);
        var kept = Enumerable.Range(0, 5).SelectMany(i => new[] { 0, 2, 3 }.Select(j => y[i * 4 + j])).ToArray();
        Assert.Equal(kept.Average(), c.Mean, 12);
        Assert.Null(CrossedDesign.Of([double.NaN, double.NaN], 1, 2));
    }

    [Fact]
    public void One_world_reduces_to_the_ordinary_mean_and_its_variance()
    {
        double[] y = [1, 3, 4, 8];
        var c = CrossedDesign.Of(y, 1, 4)!.Value;
        double mean = 4, s2 = (9 + 1 + 0 + 16) / 3.0;
        Assert.Equal(mean, c.Mean, 12);
        Assert.Equal(s2 / 4, c.MeanVariance, 12);
        Assert.Equal(3, c.MeanDegreesOfFreedom);
        Assert.Equal(s2, c.NoiseVariance, 12);
        Assert.True(double.IsNaN(c.ParameterVariance));
    }

    [Fact]
    public void Probability_of_benefit_counts_worlds_in_the_better_direction_and_ties_as_half()
    {
        double[] d = [0.1, -0.2, 0, 0.3, double.NaN];
        Assert.Equal((1 + 0 + 0.5 + 1) / 4, UncertainComparison.ProbabilityOfBenefit(d, Better.Higher));
        Assert.Equal((0 + 1 + 0.5 + 0) / 4, UncertainComparison.ProbabilityOfBenefit(d, Better.Lower));
        Assert.Equal(0.5, UncertainComparison.ProbabilityOfBenefit([0, 0, 0], Better.Higher));
        Assert.True(double.IsNaN(UncertainComparison.ProbabilityOfBenefit([double.NaN], Better.Higher)));
    }

    [Fact]
    public void Identical_tables_pair_to_exactly_zero()
    {
        var y = Table(6, 5, 3, 1, 1, 1, seed: 9);
        var s = UncertainComparison.Paired(y, y, 6, 5)!.Value;
        Assert.Equal(0, s.DiffMean);
        Assert.Equal(0, s.DiffCiLow);
        Assert.Equal(0, s.DiffCiHigh);
        Assert.Equal(0, s.DiffSd);
        Assert.True(double.IsPositiveInfinity(s.VarianceReduction));
    }

    [Fact]
    public void Fieller_interval_brackets_the_ratio_and_matches_the_delta_method_when_the_effect_is_precise()
    {
        // Cost ≈ 20,000 × effect + noise; a precise effect (mean 100, sd 5 per cell): Fieller's interval is close
        // to the delta-method interval ρ ± t·√(Var(c̄) − 2ρCov + ρ²Var(ē))/ē.
        const int w = 50, r = 10;
        var e = Table(w, r, 100, 10, 3, 5, seed: 21);
        var noise = Table(w, r, 0, 0, 5000, 20000, seed: 22);
        var c = e.Select((x, i) => 20_000 * x + noise[i]).ToArray();
        var row = UncertainComparison.Ratio("alt", CostEffect.TeachersRetained, c, e, w, r);
        Assert.Equal(CostEffectStatus.Defined, row.Status);
        Assert.Equal(c.Average() / e.Average(), row.Ratio, 6);
        Assert.True(row.RatioCi.Low < row.Ratio && row.Ratio < row.RatioCi.High);
        var cc = CrossedDesign.Of(c, w, r)!.Value;
        var ce = CrossedDesign.Of(e, w, r)!.Value;
        double cov = CrossedDesign.MeanCovariance(c, e, w, r);
        double rho = row.Ratio;
        double half = Results.SampleStatistics.StudentT975((int)Math.Floor(ce.MeanDegreesOfFreedom))
            * Math.Sqrt(cc.MeanVariance - 2 * rho * cov + rho * rho * ce.MeanVariance) / ce.Mean;
        Assert.Equal(rho - half, row.RatioCi.Low, 0.02 * half);
        Assert.Equal(rho + half, row.RatioCi.High, 0.02 * half);
        Assert.Equal(1, row.MoreEffectMoreCost);
        Assert.True(row.WorldRatio.Low < row.Ratio && row.Ratio < row.WorldRatio.High);
    }

    [Fact]
    public void Ratio_is_not_defined_when_the_effect_cannot_be_told_apart_from_zero()
    {
        const int w = 30, r = 5;
        var e = Table(w, r, 0.01, 1, 1, 1, seed: 31);     // mean effect ~0 with sd ~1 per cell
        var c = Table(w, r, 1e6, 1e4, 1e4, 1e4, seed: 32);
        var row = UncertainComparison.Ratio("alt", CostEffect.TeachersRetained, c, e, w, r);
        Assert.Equal(CostEffectStatus.NotDefined, row.Status);
        Assert.True(double.IsNaN(row.Ratio) && double.IsNaN(row.RatioCi.Low));
        Assert.True(double.IsNaN(row.WorldRatio.Low)); // some worlds retain fewer: no ratio over worlds
    }

    [Fact]
    public void Cost_savings_with_more_effect_are_dominant_and_extra_cost_with_less_effect_is_dominated()
    {
        const int w = 20, r = 5;
        var more = Table(w, r, 50, 1, 1, 1, seed: 41);
        var less = more.Select(x => -x).ToArray();
        var saves = Table(w, r, -1e5, 1e3, 1e3, 1e3, seed: 42);
        var costs = saves.Select(x => -x).ToArray();
        Assert.Equal(CostEffectStatus.Dominant, UncertainComparison.Ratio("a", CostEffect.TeachersRetained, saves, more, w, r).Status);
        Assert.Equal(CostEffectStatus.Dominated, UncertainComparison.Ratio("a", CostEffect.TeachersRetained, costs, less, w, r).Status);
        var worse = UncertainComparison.Ratio("a", CostEffect.TeachersRetained, saves, less, w, r);
        Assert.Equal(CostEffectStatus.CheaperButWorse, worse.Status);
        Assert.True(worse.Ratio > 0);
    }
}
