using System.Collections.Immutable;

namespace WorkforceSim.Core.Results;

/// <summary>
/// Kaplan–Meier retention of teachers hired during a run, pooled over replications, with Greenwood's variance and a
/// log(−log) 95% confidence interval (Kalbfleisch and Prentice). Hires still teaching at the horizon are censored.
/// </summary>
public static class KaplanMeier
{
    /// <summary>z(0.975).</summary>
    private const double Z975 = 1.959963984540054;

    /// <summary>
    /// Rows k = 0.. : row 0 is the hire (at risk = those who start their first year, survival 1); row k ≥ 1 has
    /// n_k at risk, d_k exits, c_k = n_k − d_k − n_{k+1} censored (n_k − d_k in the last row) and
    /// S_k = S_{k−1}·(1 − d_k/n_k). Rows stop before the first k with n_k = 0.
    /// </summary>
    public static ImmutableArray<SurvivalRow> Estimate(IReadOnlyList<ReplicationResult> replications)
    {
        ArgumentNullException.ThrowIfNull(replications);
        int length = 0;
        foreach (var rep in replications)
            length = Math.Max(length, Math.Max(rep.SurvivalAtRisk.Length, rep.SurvivalExits.Length));
        var atRisk = new long[length + 1];   // extra 0 so that n_{k+1} exists for the last k
        var exits = new long[length];
        foreach (var rep in replications)
        {
            for (int i = 0; i < rep.SurvivalAtRisk.Length; i++) atRisk[i] += rep.SurvivalAtRisk[i];
            for (int i = 0; i < rep.SurvivalExits.Length; i++) exits[i] += rep.SurvivalExits[i];
        }
        return Estimate(atRisk.AsSpan(0, length), exits);
    }

    /// <summary>The estimator on pooled counts: <paramref name="atRisk"/>[k−1] = n_k, <paramref name="exits"/>[k−1] = d_k.</summary>
    public static ImmutableArray<SurvivalRow> Estimate(ReadOnlySpan<long> atRisk, ReadOnlySpan<long> exits)
    {
        var rows = ImmutableArray.CreateBuilder<SurvivalRow>();
        rows.Add(new SurvivalRow(0, atRisk.Length > 0 ? atRisk[0] : 0, 0, 0, 1.0, 1.0, 1.0));
        double survival = 1.0, greenwoodSum = 0.0;
        for (int k = 1; k <= atRisk.Length && atRisk[k - 1] > 0; k++)
        {
            long n = atRisk[k - 1];
            long d = k - 1 < exits.Length ? exits[k - 1] : 0;
            if (d > n) throw new ArgumentException($"Year {k} since hire has {d} exits but only {n} at risk.", nameof(exits));
            long next = k < atRisk.Length ? atRisk[k] : 0;
            long censored = n - d - next;
            if (censored < 0)
                throw new ArgumentException($"Year {k + 1} since hire has more at risk ({next}) than survived year {k} ({n - d}).", nameof(atRisk));
            survival *= 1.0 - (double)d / n;
            if (d < n) greenwoodSum += (double)d / ((double)n * (n - d));
            var (low, high) = LogLogInterval(survival, greenwoodSum);
            rows.Add(new SurvivalRow(k, n, d, censored, survival, low, high));
        }
        return rows.ToImmutable();
    }

    /// <summary>
    /// 95% interval S^exp(±z·σ/|log S|) where σ² = Σ d/(n(n−d)) is Greenwood's relative variance; [1, 1] at S = 1 and
    /// [0, 0] at S = 0.
    /// </summary>
    private static (double Low, double High) LogLogInterval(double survival, double greenwoodSum)
    {
        if (survival >= 1.0) return (1.0, 1.0);
        if (survival <= 0.0) return (0.0, 0.0);
        double se = Math.Sqrt(greenwoodSum) / Math.Abs(Math.Log(survival));
        return (Math.Pow(survival, Math.Exp(Z975 * se)), Math.Pow(survival, Math.Exp(-Z975 * se)));
    }
}
