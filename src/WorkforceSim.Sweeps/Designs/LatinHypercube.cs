namespace WorkforceSim.Sweeps.Designs;

/// <summary>
/// Latin hypercube sample: each dimension is cut into n equal strata and every stratum holds exactly one point
/// (an independent random permutation per dimension, a uniform position inside the stratum).
/// </summary>
public static class LatinHypercube
{
    /// <summary>n points in (0, 1)^d, deterministic in <paramref name="seed"/>.</summary>
    public static double[][] Sample(int n, int d, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        var points = new double[n][];
        for (int i = 0; i < n; i++) points[i] = new double[d];
        for (int j = 0; j < d; j++)
        {
            var rng = new DesignRandom(seed, 2000 + (ulong)j);
            var perm = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 0; i--) // Fisher–Yates
            {
                int k = rng.Below((ulong)i, i + 1);
                (perm[i], perm[k]) = (perm[k], perm[i]);
            }
            for (int i = 0; i < n; i++)
            {
                double u = rng.OpenUnit((ulong)(n + i));
                points[i][j] = Math.Min((perm[i] + u) / n, Math.BitDecrement(1.0));
            }
        }
        return points;
    }
}
