namespace WorkforceSim.Core.Tests;

/// <summary>
/// Tolerances for statistical tests, derived from binomial variance (STYLE.md B9): for n trials at probability p,
/// the count is within z·√(n·p·(1−p)) of n·p except with probability ≈ 6e-7 at z = 5. Tests use fixed seeds, so a
/// pass is repeatable; the tolerance keeps the test valid when legitimate changes move the draws.
/// </summary>
internal static class BinomialBounds
{
    public const double Z = 5.0;

    public static double Sd(double n, double p) => Math.Sqrt(n * p * (1 - p));

    /// <summary>Trials needed so that an error of <paramref name="delta"/> in p is caught about 90% of the time.</summary>
    public static double TrialsToDetect(double p, double delta) => Math.Pow(Z + 1.3, 2) * p * (1 - p) / (delta * delta);

    public static void AssertCount(double observed, double n, double p, string what)
    {
        double expected = n * p, tol = Z * Sd(n, p);
        Assert.True(Math.Abs(observed - expected) <= tol,
            $"{what}: observed {observed}, expected {expected:F1} ± {tol:F1} (n = {n}, p = {p:F5}, z = {Z})");
    }
}
