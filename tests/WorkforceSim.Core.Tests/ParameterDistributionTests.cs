using WorkforceSim.Core.Random;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Core.Tests;

/// <summary>
/// The shared parameter distributions (scenario uncertainty and sweep domains): each is sampled by its inverse CDF
/// from counter-based uniforms and checked three ways — the empirical CDF against <see cref="ParameterDistribution.Cdf"/>
/// (Dvoretzky–Kiefer–Wolfowitz bound), the sample mean against the analytic mean (z = 5 standard errors), and the
/// analytic mean and variance against a midpoint-rule integral of the quantile function (deterministic, tight).
/// </summary>
[Trait("Category", "Statistical")]
public class ParameterDistributionTests
{
    /// <summary>Draws per distribution. DKW: P(sup |F_n − F| &gt; ε) ≤ 2·exp(−2nε²); with a false-alarm rate of 1e-6, ε = √(ln(2e6)/(2n)) = 0.0190 at n = 20,000.</summary>
    private const int N = 20_000;
    private static readonly double DkwEpsilon = Math.Sqrt(Math.Log(2 / 1e-6) / (2.0 * N));

    public static TheoryData<string, ParameterDistribution> Continuous => new()
    {
        { "uniform", new UniformDistribution(0.5, 1.0) },
        { "log_uniform", new LogUniformDistribution(1000, 20000) },
        { "triangular", new TriangularDistribution(0.5, 0.85, 1.0) },
        { "triangular-left", new TriangularDistribution(0, 0, 2) },
        { "normal", new NormalDistribution(3, 2) },
        { "normal-truncated-probability", new NormalDistribution(0.9, 0.1, 0, 1) },
        { "normal-truncated-factor", new NormalDistribution(0.2, 0.5, 0, 100) },
        { "lognormal", new LogNormalDistribution(Math.Log(0.85), 0.2) },
        { "lognormal-truncated", new LogNormalDistribution(Math.Log(0.9), 0.5, 0, 1) },
        { "beta", new BetaDistribution(2, 5) },
        { "beta-scaled", new BetaDistribution(0.5, 0.5, 0.6, 1.0) },
    };

    private static double[] Sample(ParameterDistribution d, ulong seed)
    {
        ulong key = CounterRng.Mix(seed);
        var x = new double[N];
        for (int i = 0; i < N; i++) x[i] = d.Quantile(CounterRng.OpenUnit(CounterRng.Bits(key, (ulong)i)));
        return x;
    }

    [Theory]
    [MemberData(nameof(Continuous))]
    public void Empirical_cdf_is_within_the_DKW_bound_of_the_cdf(string name, ParameterDistribution d)
    {
        var x = Sample(d, 11);
        Array.Sort(x);
        double worst = 0;
        for (int i = 0; i < N; i++)
        {
            double f = d.Cdf(x[i]);
            worst = Math.Max(worst, Math.Max(Math.Abs((i + 1.0) / N - f), Math.Abs((double)i / N - f)));
        }
        Assert.True(worst <= DkwEpsilon, $"{name}: sup|F_n − F| = {worst:G4} > ε = {DkwEpsilon:G4} (n = {N})");
        Assert.All(x, v => Assert.InRange(v, d.Lower, d.Upper));
    }

    [Theory]
    [MemberData(nameof(Continuous))]
    public void Sample_mean_matches_the_analytic_mean_within_five_standard_errors(string name, ParameterDistribution d)
    {
        var x = Sample(d, 12);
        double mean = x.Average();
        double tol = 5 * Math.Sqrt(d.Variance / N);
        Assert.True(Math.Abs(mean - d.Mean) <= tol, $"{name}: sample mean {mean:G6}, analytic {d.Mean:G6} ± {tol:G3}");
    }

    [Theory]
    [MemberData(nameof(Continuous))]
    public void Analytic_moments_equal_the_integral_of_the_quantile_function(string name, ParameterDistribution d)
    {
        // E[X] = ∫₀¹ Q(u) du and E[X²] = ∫₀¹ Q(u)² du, by the midpoint rule on 400,000 cells; the integrands are
        // smooth except near unbounded tails, where the error is still below 1e-4 relative for these laws.
        const int cells = 400_000;
        double m1 = 0, m2 = 0;
        for (int i = 0; i < cells; i++)
        {
            double q = d.Quantile((i + 0.5) / cells);
            m1 += q;
            m2 += q * q;
        }
        m1 /= cells;
        m2 /= cells;
        double scale = Math.Max(1, Math.Abs(d.Mean));
        Assert.True(Math.Abs(m1 - d.Mean) <= 2e-4 * scale, $"{name}: ∫Q = {m1:G8}, Mean = {d.Mean:G8}");
        Assert.True(Math.Abs(m2 - m1 * m1 - d.Variance) <= 2e-3 * d.Variance + 1e-9, $"{name}: ∫Q² − (∫Q)² = {m2 - m1 * m1:G8}, Variance = {d.Variance:G8}");
    }

    [Theory]
    [MemberData(nameof(Continuous))]
    public void Quantile_inverts_the_cdf(string name, ParameterDistribution d)
    {
        foreach (double u in new[] { 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999 })
            Assert.True(Math.Abs(d.Cdf(d.Quantile(u)) - u) < 1e-7, $"{name}: F(Q({u})) = {d.Cdf(d.Quantile(u))}");
    }

    [Fact]
    public void Triangular_and_beta_agree_with_mathnet()
    {
        var t = new MathNet.Numerics.Distributions.Triangular(0.5, 1.0, 0.85);
        var tri = new TriangularDistribution(0.5, 0.85, 1.0);
        Assert.Equal(t.Mean, tri.Mean, 12);
        Assert.Equal(t.Variance, tri.Variance, 12);
        var b = new MathNet.Numerics.Distributions.Beta(2, 5);
        var beta = new BetaDistribution(2, 5);
        Assert.Equal(b.Mean, beta.Mean, 12);
        Assert.Equal(b.Variance, beta.Variance, 12);
    }

    [Fact]
    public void Choice_picks_values_with_their_weights_and_orders_them()
    {
        var d = new ChoiceDistribution([1.0, 0.5, 0.85, 0.85], [1, 2, 0.5, 0.5]);
        Assert.Equal([0.5, 0.85, 1.0], d.Values.ToArray());
        Assert.Equal([0.5, 0.25, 0.25], d.Probabilities.ToArray());
        var x = Sample(d, 13);
        // Each value's count is binomial(n, p): within 5 sd.
        foreach (var (v, p) in d.Values.Zip(d.Probabilities))
            BinomialBounds.AssertCount(x.Count(y => y == v), N, p, $"choice value {v}");
        Assert.Equal(0.5 * 0.5 + 0.25 * 0.85 + 0.25 * 1.0, d.Mean, 12);
    }

    [Fact]
    public void Discrete_uniform_gives_each_whole_number_equally_often()
    {
        var d = new DiscreteUniformDistribution(2, 6);
        var x = Sample(d, 14);
        for (int v = 2; v <= 6; v++) BinomialBounds.AssertCount(x.Count(y => y == v), N, 0.2, $"value {v}");
        Assert.Equal(4, d.Mean);
        Assert.Equal(2.0, d.Variance, 12); // (5² − 1)/12
        Assert.Equal(6, d.Quantile(1 - 1e-16));
    }

    [Fact]
    public void Degenerate_distributions_return_their_single_value_exactly()
    {
        ParameterDistribution[] all =
        [
            new UniformDistribution(0.85, 0.85), new TriangularDistribution(0.85, 0.85, 0.85), new ChoiceDistribution([0.85]),
            new BetaDistribution(2, 3, 0.85, 0.85), new DiscreteUniformDistribution(7, 7),
        ];
        foreach (var d in all)
        {
            Assert.True(d.IsDegenerate, d.Describe());
            foreach (double u in new[] { 1e-9, 0.3, 0.5, 0.999 })
                Assert.Equal(d.Lower, d.Quantile(u));
            Assert.Equal(0, d.Variance, 15);
        }
    }

    [Theory]
    [InlineData(0.001, 10000)]
    [InlineData(10000, 0.001)]
    [InlineData(0.001, 0.001)]
    [InlineData(10000, 10000)]
    public void Beta_quantiles_exist_at_the_extremes_of_the_allowed_shapes(double a, double b)
    {
        var d = new BetaDistribution(a, b, 0.5, 1.0);
        double previous = double.NegativeInfinity;
        foreach (double u in new[] { 1e-9, 0.01, 0.5, 0.99, 1 - 1e-9 })
        {
            double q = d.Quantile(u);
            Assert.InRange(q, 0.5, 1.0);
            Assert.True(q >= previous, $"Q({u}) = {q} below {previous}");
            previous = q;
        }
    }

    [Fact]
    public void Truncated_normal_keeps_its_draws_inside_the_range_and_shifts_its_mean()
    {
        var d = new NormalDistribution(0.95, 0.1, 0, 1);
        Assert.True(d.Mean < 0.95);
        Assert.InRange(d.KeptMass, 0.69, 0.70); // Φ(0.5) − Φ(−9.5)
        Assert.InRange(d.Quantile(1 - 1e-17), 1 - 1e-9, 1);
        Assert.InRange(d.Quantile(1e-12), 0, 1);
    }

    [Fact]
    public void Sweep_formulas_are_kept_bit_for_bit()
    {
        // Sweep points sample these domains; sharing the code must not change a single sweep value.
        foreach (double u in new[] { 1e-9, 0.123456789, 0.5, 0.987654321 })
        {
            Assert.Equal(0.9 + u * (1.0 - 0.9), new UniformDistribution(0.9, 1.0).Quantile(u));
            Assert.Equal(Math.Exp(Math.Log(500) + u * (Math.Log(8000) - Math.Log(500))), new LogUniformDistribution(500, 8000).Quantile(u));
            Assert.Equal(3 + 2 * NormalQuantile.Of(u), new NormalDistribution(3, 2).Quantile(u));
        }
    }

    [Fact]
    public void World_draws_are_pure_functions_of_seed_world_and_name()
    {
        Assert.Equal(WorldDraw.Unit(7, 3, "a.b"), WorldDraw.Unit(7, 3, "a.b"));
        Assert.NotEqual(WorldDraw.Unit(7, 3, "a.b"), WorldDraw.Unit(7, 4, "a.b"));
        Assert.NotEqual(WorldDraw.Unit(7, 3, "a.b"), WorldDraw.Unit(8, 3, "a.b"));
        Assert.NotEqual(WorldDraw.Unit(7, 3, "a.b"), WorldDraw.Unit(7, 3, "a.c"));
    }

    [Fact]
    public void World_draws_are_uniform_over_worlds_and_independent_between_parameters()
    {
        // DKW on the uniforms of one parameter over N worlds; and the sample correlation of two parameters'
        // uniforms, whose sd is 1/√N under independence (z = 5: |r| ≤ 0.035).
        var u = Enumerable.Range(0, N).Select(w => WorldDraw.Unit(20261122, w, "leadership_roles[x].effects.coached_hazard_factor")).ToArray();
        var v = Enumerable.Range(0, N).Select(w => WorldDraw.Unit(20261122, w, "career_ladder.stages[mentor].stipend")).ToArray();
        var sorted = u.Order().ToArray();
        double worst = 0;
        for (int i = 0; i < N; i++) worst = Math.Max(worst, Math.Max(Math.Abs((i + 1.0) / N - sorted[i]), Math.Abs((double)i / N - sorted[i])));
        Assert.True(worst <= DkwEpsilon, $"sup|F_n − F| = {worst:G4}");
        double mu = u.Average(), mv = v.Average();
        double r = u.Zip(v).Sum(p => (p.First - mu) * (p.Second - mv)) / Math.Sqrt(u.Sum(a => (a - mu) * (a - mu)) * v.Sum(b => (b - mv) * (b - mv)));
        Assert.True(Math.Abs(r) <= 5 / Math.Sqrt(N), $"correlation {r:G3}");
    }
}
