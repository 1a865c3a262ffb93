namespace WorkforceSim.Calibration.Tests.Support;

/// <summary>Tolerances for statistical tests, from the binomial variance (STYLE.md B9).</summary>
internal static class BinomialBounds
{
    /// <summary>z · √(p(1 − p)/n): how far an observed proportion of n trials may stray from p.</summary>
    public static double ProportionTolerance(double p, int n, double z) => z * Math.Sqrt(p * (1 - p) / n);
}
