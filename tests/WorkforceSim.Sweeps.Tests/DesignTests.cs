using WorkforceSim.Sweeps.Designs;
using WorkforceSim.Sweeps.Sensitivity;

namespace WorkforceSim.Sweeps.Tests;

public class DesignTests
{
    [Theory]
    [InlineData(7, 3)]
    [InlineData(50, 5)]
    [InlineData(1, 2)]
    public void Latin_hypercube_hits_every_stratum_of_every_dimension_exactly_once(int n, int d)
    {
        var x = LatinHypercube.Sample(n, d, seed: 11);
        for (int j = 0; j < d; j++)
        {
            var strata = x.Select(p => (int)Math.Floor(p[j] * n)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, n), strata);
        }
        Assert.Equal(LatinHypercube.Sample(n, d, 11).SelectMany(p => p), x.SelectMany(p => p)); // deterministic
    }

    [Fact]
    public void Joe_Kuo_rows_use_primitive_polynomials_and_valid_direction_numbers()
    {
        foreach (var (s, a, m) in SobolSequence.JoeKuo)
        {
            Assert.Equal(s, m.Length);
            for (int k = 0; k < s; k++) Assert.True(m[k] % 2 == 1 && m[k] < 1 << (k + 1), $"m_{k + 1} = {m[k]} for s = {s}, a = {a}");
            // x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 is primitive iff x has order 2^s - 1 modulo it.
            int poly = (1 << s) | (a << 1) | 1;
            int order = 0, v = 1;
            do
            {
                v <<= 1;
                if ((v & (1 << s)) != 0) v ^= poly;
                order++;
            } while (v != 1 && order <= 1 << s);
            Assert.True(order == (1 << s) - 1, $"polynomial s = {s}, a = {a} is not primitive (order {order})");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(12345UL)]
    public void Sobol_points_stratify_every_dimension_like_a_net(ulong? scramble)
    {
        var seq = new SobolSequence(SobolSequence.MaxDimensions, scramble);
        const int m = 6, n = 1 << m;
        var pts = Enumerable.Range(0, n).Select(i => seq.Point(i)).ToList();
        for (int j = 0; j < SobolSequence.MaxDimensions; j++)
            Assert.Equal(Enumerable.Range(0, n), pts.Select(p => (int)(p[j] * n)).Order());
        // First two dimensions together form a (0, m, 2)-net: every 2^a × 2^(m−a) box holds one point.
        for (int a = 0; a <= m; a++)
            Assert.Equal(n, pts.Select(p => ((int)(p[0] * (1 << a)), (int)(p[1] * (1 << (m - a))))).Distinct().Count());
    }

    [Fact]
    public void Sobol_indices_of_the_Ishigami_function_are_recovered()
    {
        // Ishigami (a = 7, b = 0.1), x_i ~ U(−π, π): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
        const int n = 8192, d = 3;
        var seq = new SobolSequence(2 * d, 2026);
        double F(double[] u) { var x = u.Select(v => Math.PI * (2 * v - 1)).ToArray(); return Math.Sin(x[0]) + 7 * Math.Pow(Math.Sin(x[1]), 2) + 0.1 * Math.Pow(x[2], 4) * Math.Sin(x[0]); }
        var a = new double[n][]; var b = new double[n][];
        for (int i = 0; i < n; i++) { var p = seq.Point(i); a[i] = p[..d]; b[i] = p[d..]; }
        var f = new List<double>();
        f.AddRange(a.Select(F));
        f.AddRange(b.Select(F));
        for (int j = 0; j < d; j++)
            f.AddRange(a.Select((row, i) => { var ab = (double[])row.Clone(); ab[j] = b[i][j]; return F(ab); }));
        var s = SensitivityAnalysis.Sobol(f, n, d, resamples: 200, seed: 3);
        double[] first = [0.3139, 0.4424, 0.0], total = [0.5576, 0.4424, 0.2437];
        for (int j = 0; j < d; j++)
        {
            Assert.InRange(s[j].First, first[j] - 0.03, first[j] + 0.03);
            Assert.InRange(s[j].Total, total[j] - 0.03, total[j] + 0.03);
            Assert.True(s[j].FirstLow <= s[j].First && s[j].First <= s[j].FirstHigh);
            Assert.True(s[j].TotalHigh - s[j].TotalLow < 0.1, "bootstrap interval should be tight at N = 8192");
        }
    }

    [Fact]
    public void Standardized_regression_coefficients_of_a_linear_model_are_its_standardized_slopes()
    {
        var x = LatinHypercube.Sample(200, 3, 5).ToList();
        var y = x.Select(p => 3 * p[0] - 1 * p[1] + 0 * p[2]).ToList();
        var (src, r2) = SensitivityAnalysis.Src(x, y);
        static double Sd(IEnumerable<double> v) { var a = v.ToArray(); double m = a.Average(); return Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / (a.Length - 1)); }
        double sy = Sd(y);
        Assert.Equal(1.0, r2, 9);
        Assert.Equal(3 * Sd(x.Select(p => p[0])) / sy, src[0], 9);
        Assert.Equal(-1 * Sd(x.Select(p => p[1])) / sy, src[1], 9);
        Assert.Equal(0, src[2], 6);
    }

    [Fact]
    public void Shards_are_balanced_and_cover_every_point_once()
    {
        var all = Enumerable.Range(1, 3).SelectMany(i => SweepPlan.Shard(10, i, 3)).Order();
        Assert.Equal(Enumerable.Range(0, 10), all);
        Assert.All(Enumerable.Range(1, 3), i => Assert.InRange(SweepPlan.Shard(10, i, 3).Count(), 3, 4));
    }
}

public class TornadoChartTests
{
    [Fact]
    public void The_tornado_puts_the_largest_coefficient_at_the_top_and_splits_bars_by_sign()
    {
        var layout = SweepLayoutForCharts();
        var rows = new List<WorkforceSim.Sweeps.Sensitivity.SensitivityRow>
        {
            new("y", "a", "src", 0.1, double.NaN, double.NaN),
            new("y", "b", "src", -0.8, double.NaN, double.NaN),
            new("y", "c", "src", 0.5, double.NaN, double.NaN),
        };
        var chart = SweepCharts.For(layout, [], [], [false, false, false], rows).Single(c => c.Name.StartsWith("tornado-", StringComparison.Ordinal));
        Assert.True(chart.Horizontal);
        Assert.Equal(["a", "c", "b"], chart.CategoryLabels.ToArray()); // bottom to top: |0.1| < |0.5| < |−0.8|
        var raises = chart.Series.Single(s => s.Label == "Raises the outcome");
        var lowers = chart.Series.Single(s => s.Label == "Lowers the outcome");
        Assert.Equal([1.0, 2.0], raises.X.ToArray());
        Assert.Equal([0.1, 0.5], raises.Y.ToArray());
        Assert.Equal([3.0], lowers.X.ToArray());
        Assert.Equal([-0.8], lowers.Y.ToArray());
    }

    private static SweepLayout SweepLayoutForCharts() => new()
    {
        Hash = "h", ToolVersion = "t", Id = "s", Title = "s", Scenario = "base.yaml", Design = "latin_hypercube", Points = 0,
        BaseSamples = 0, Replications = 1, Seed = 1, Bootstrap = 0,
        Parameters = [("a", "x.a", "u"), ("b", "x.b", "u"), ("c", "x.c", "u")],
        Outcomes = [("y", "attrition_rate", "mean")],
        Fixed = [],
    };
}
