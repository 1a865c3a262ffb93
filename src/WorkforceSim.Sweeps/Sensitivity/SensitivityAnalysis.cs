using System.Collections.Immutable;
using WorkforceSim.Core.Results;
using WorkforceSim.Sweeps.Designs;

namespace WorkforceSim.Sweeps.Sensitivity;

/// <summary>One row of <c>sensitivity.csv</c>.</summary>
/// <param name="Outcome">Outcome name.</param>
/// <param name="Parameter">Parameter name (<c>(model)</c> for the regression's R²).</param>
/// <param name="Method"><c>src</c>, <c>src_r2</c>, <c>sobol_first</c> or <c>sobol_total</c>.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="CiLow">Lower 95% bound (bootstrap percentile for Sobol indices; NaN when not computed).</param>
/// <param name="CiHigh">Upper 95% bound.</param>
public sealed record SensitivityRow(string Outcome, string Parameter, string Method, double Estimate, double CiLow, double CiHigh);

/// <summary>Sobol indices (Saltelli 2010 first order, Jansen total) with bootstrap intervals, and standardized regression coefficients.</summary>
public static class SensitivityAnalysis
{
    /// <summary>First-order and total indices for one parameter from f(A), f(B), f(AB_j) (all length N).</summary>
    public static (double First, double Total) SobolIndices(ReadOnlySpan<double> fa, ReadOnlySpan<double> fb, ReadOnlySpan<double> fab)
    {
        int n = fa.Length;
        double mean = 0;
        for (int i = 0; i < n; i++) mean += fa[i] + fb[i];
        mean /= 2 * n;
        double v = 0;
        for (int i = 0; i < n; i++) v += (fa[i] - mean) * (fa[i] - mean) + (fb[i] - mean) * (fb[i] - mean);
        v /= 2 * n - 1;
        double s1 = 0, st = 0;
        for (int i = 0; i < n; i++)
        {
            // f_B centred: the same expectation as Saltelli's f_B·(f_ABj − f_A), far less variance when the mean is large.
            s1 += (fb[i] - mean) * (fab[i] - fa[i]);
            double d = fa[i] - fab[i];
            st += d * d;
        }
        return v > 0 ? (s1 / n / v, st / (2.0 * n) / v) : (double.NaN, double.NaN);
    }

    /// <summary>
    /// Sobol indices of every parameter with percentile bootstrap 95% intervals (rows of A, B and AB resampled
    /// together, <paramref name="resamples"/> times, deterministic in <paramref name="seed"/>).
    /// </summary>
    /// <param name="f">Outcome per point in Saltelli order: A (N), B (N), AB_1 (N), …, AB_d (N).</param>
    public static ImmutableArray<(double First, double FirstLow, double FirstHigh, double Total, double TotalLow, double TotalHigh)>
        Sobol(IReadOnlyList<double> f, int n, int d, int resamples, ulong seed)
    {
        if (f.Count != n * (d + 2)) throw new ArgumentException($"Expected {n * (d + 2)} outcomes for N = {n}, d = {d}.");
        double[] fa = [.. f.Take(n)], fb = [.. f.Skip(n).Take(n)];
        var result = ImmutableArray.CreateBuilder<(double, double, double, double, double, double)>(d);
        var rng = new DesignRandom(seed, 3000);
        var ra = new double[n];
        var rb = new double[n];
        var rab = new double[n];
        for (int j = 0; j < d; j++)
        {
            double[] fab = [.. f.Skip((2 + j) * n).Take(n)];
            var (s1, st) = SobolIndices(fa, fb, fab);
            var b1 = new List<double>(resamples);
            var bt = new List<double>(resamples);
            for (int r = 0; r < resamples; r++)
            {
                for (int i = 0; i < n; i++)
                {
                    // The same resampled rows for every parameter: counter depends on (r, i) only.
                    int k = rng.Below((ulong)r * (ulong)n + (ulong)i, n);
                    ra[i] = fa[k]; rb[i] = fb[k]; rab[i] = fab[k];
                }
                var (x1, xt) = SobolIndices(ra, rb, rab);
                if (!double.IsNaN(x1)) { b1.Add(x1); bt.Add(xt); }
            }
            b1.Sort();
            bt.Sort();
            (double lo1, double hi1) = b1.Count == 0 ? (double.NaN, double.NaN) : (SampleStatistics.QuantileR7([.. b1], 0.025), SampleStatistics.QuantileR7([.. b1], 0.975));
            (double lot, double hit) = bt.Count == 0 ? (double.NaN, double.NaN) : (SampleStatistics.QuantileR7([.. bt], 0.025), SampleStatistics.QuantileR7([.. bt], 0.975));
            result.Add((s1, lo1, hi1, st, lot, hit));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Standardized regression coefficients of y on the columns of x (ordinary least squares with intercept):
    /// b_j·sd(x_j)/sd(y), and the model's R². Constant or non-numeric columns get NaN and are left out of the fit.
    /// </summary>
    public static (ImmutableArray<double> Src, double R2) Src(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        int n = y.Count, d = x.Count == 0 ? 0 : x[0].Length;
        var src = Enumerable.Repeat(double.NaN, d).ToArray();
        if (n < 3) return ([.. src], double.NaN);
        double my = y.Average();
        double sy = Math.Sqrt(y.Sum(v => (v - my) * (v - my)) / (n - 1));
        var cols = new List<int>();
        var means = new double[d];
        var sds = new double[d];
        for (int j = 0; j < d; j++)
        {
            means[j] = x.Average(r => r[j]);
            sds[j] = Math.Sqrt(x.Sum(r => (r[j] - means[j]) * (r[j] - means[j])) / (n - 1));
            if (double.IsFinite(sds[j]) && sds[j] > 0) cols.Add(j);
        }
        if (sy == 0 || cols.Count == 0 || n <= cols.Count + 1) return ([.. src], double.NaN);
        int k = cols.Count;
        // Normal equations on standardized variables: (Z'Z) b = Z'y*, solved by Gaussian elimination with pivoting.
        var a = new double[k, k + 1];
        for (int i = 0; i < n; i++)
        {
            double ys = (y[i] - my) / sy;
            for (int p = 0; p < k; p++)
            {
                double zp = (x[i][cols[p]] - means[cols[p]]) / sds[cols[p]];
                for (int q = 0; q < k; q++) a[p, q] += zp * (x[i][cols[q]] - means[cols[q]]) / sds[cols[q]];
                a[p, k] += zp * ys;
            }
        }
        var beta = Solve(a, k);
        if (beta is null) return ([.. src], double.NaN);
        double sse = 0;
        for (int i = 0; i < n; i++)
        {
            double fit = 0;
            for (int p = 0; p < k; p++) fit += beta[p] * (x[i][cols[p]] - means[cols[p]]) / sds[cols[p]];
            double e = (y[i] - my) / sy - fit;
            sse += e * e;
        }
        for (int p = 0; p < k; p++) src[cols[p]] = beta[p];
        return ([.. src], 1 - sse / (n - 1));
    }

    private static double[]? Solve(double[,] a, int k)
    {
        for (int c = 0; c < k; c++)
        {
            int piv = c;
            for (int r = c + 1; r < k; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            if (Math.Abs(a[piv, c]) < 1e-12) return null;
            if (piv != c) for (int q = 0; q <= k; q++) (a[c, q], a[piv, q]) = (a[piv, q], a[c, q]);
            for (int r = 0; r < k; r++)
            {
                if (r == c) continue;
                double f = a[r, c] / a[c, c];
                for (int q = c; q <= k; q++) a[r, q] -= f * a[c, q];
            }
        }
        var x = new double[k];
        for (int c = 0; c < k; c++) x[c] = a[c, k] / a[c, c];
        return x;
    }
}
