using WorkforceSim.Core.Random;

namespace WorkforceSim.Core.Tests;

public class RandomTests
{
    [Fact]
    public void Unit_draws_are_uniform_by_the_DKW_bound()
    {
        // Dvoretzky–Kiefer–Wolfowitz: P(sup|F_n − F| > ε) ≤ 2·exp(−2nε²); with n = 200,000 and a false-alarm
        // probability of 1e-6, ε = √(ln(2e6) / 2n) ≈ 0.0085.
        const int n = 200_000;
        double eps = Math.Sqrt(Math.Log(2 / 1e-6) / (2.0 * n));
        ulong stream = CounterRng.StreamKey(7, 0, 2026, DrawPurpose.Exit);
        var u = new double[n];
        for (int i = 0; i < n; i++) u[i] = CounterRng.Unit(CounterRng.Bits(stream, CounterRng.TeacherCounter(2026, i)));
        Array.Sort(u);
        double d = 0;
        for (int i = 0; i < n; i++) d = Math.Max(d, Math.Max(Math.Abs(u[i] - (double)i / n), Math.Abs(u[i] - (double)(i + 1) / n)));
        Assert.True(d < eps, $"KS distance {d} ≥ {eps}");
    }

    [Fact]
    public void Adjacent_seeds_years_and_replications_give_unrelated_streams()
    {
        ulong a = CounterRng.StreamKey(1, 0, 2026, DrawPurpose.Exit);
        foreach (ulong b in new[] { CounterRng.StreamKey(2, 0, 2026, DrawPurpose.Exit), CounterRng.StreamKey(1, 1, 2026, DrawPurpose.Exit),
                                   CounterRng.StreamKey(1, 0, 2027, DrawPurpose.Exit), CounterRng.StreamKey(1, 0, 2026, DrawPurpose.ExitTime) })
        {
            // Agreement of the top bit over 100,000 draws behaves like a fair coin: within 5 sd of 50%.
            const int n = 100_000;
            int same = 0;
            for (ulong c = 0; c < n; c++) same += ((CounterRng.Bits(a, c) ^ CounterRng.Bits(b, c)) >> 63) == 0 ? 1 : 0;
            BinomialBounds.AssertCount(same, n, 0.5, "matching top bits");
        }
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(0.001)]
    [InlineData(0.025)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.975)]
    [InlineData(0.999999)]
    public void Normal_quantile_agrees_with_MathNet(double p)
    {
        double expected = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
        Assert.Equal(expected, NormalQuantile.Of(p), 1e-9);
    }

    [Theory]
    [InlineData(0.0, 0UL)]
    [InlineData(1.0, ulong.MaxValue)]
    [InlineData(0.5, 9223372036854775808UL)]
    public void Thresholds_turn_probabilities_into_comparisons(double p, ulong expected) => Assert.Equal(expected, CounterRng.Threshold(p));

    [Fact]
    public void Tabulated_normal_is_within_4e5_of_the_exact_quantile_everywhere()
    {
        // The variate of 64 bits is Φ⁻¹(p) with p the bits as a fraction; walk p over every cell and across each one.
        double worst = 0;
        for (ulong cell = 0; cell < NormalTable.Cells; cell++)
            for (ulong j = 0; j < 16; j++)
            {
                ulong bits = (cell << (64 - NormalTable.Bits)) | ((j * 0x0FFF_FFFF_FFFF_FFFFUL / 15) >> NormalTable.Bits) | 1;
                worst = Math.Max(worst, Math.Abs(CounterRng.Normal(bits) - NormalQuantile.Of(CounterRng.OpenUnit(bits))));
            }
        Assert.True(worst < 4e-5, $"largest error {worst}");
    }

    [Fact]
    public void Tabulated_normal_draws_have_mean_0_and_variance_1()
    {
        // n = 1,000,000: the mean's standard error is 0.001 and the variance's √(2/n) ≈ 0.0014; 5 standard errors.
        const int n = 1_000_000;
        ulong stream = CounterRng.StreamKey(11, 0, 2026, DrawPurpose.Growth);
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double z = CounterRng.Normal(CounterRng.Bits(stream, (ulong)i));
            sum += z; sumSq += z * z;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 1 - 0.007, 1 + 0.007);
    }
}
