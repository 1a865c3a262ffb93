using MathNet.Numerics.Distributions;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>How the confidence interval of a hazard (a binomial proportion) is computed.</summary>
public enum HazardInterval
{
    /// <summary>Wilson score interval: coverage close to nominal on average, never outside [0, 1]. The default.</summary>
    Wilson,
    /// <summary>Exact Clopper–Pearson interval from Beta quantiles: coverage at least nominal (conservative).</summary>
    ClopperPearson,
}

/// <summary>A confidence interval [Low, High].</summary>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Whether the interval contains a value (bounds included).</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}

/// <summary>Confidence intervals for a proportion of <c>events</c> out of <c>trials</c>.</summary>
public static class BinomialInterval
{
    /// <summary>The two-sided standard-normal quantile for a confidence level (0.95 → 1.95996).</summary>
    public static double Z(double confidenceLevel) => Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);

    /// <summary>
    /// The interval for events/trials. <paramref name="trials"/> may be fractional (an effective number at risk after
    /// hazard-ratio adjustment); with no trials the interval is [0, 1].
    /// </summary>
    public static Interval Compute(HazardInterval method, double events, double trials, double confidenceLevel)
    {
        if (trials <= 0) return new Interval(0, 1);
        trials = Math.Max(trials, events);
        return method == HazardInterval.Wilson
            ? Wilson(events, trials, Z(confidenceLevel))
            : ClopperPearson(events, trials, 1 - confidenceLevel);
    }

    private static Interval Wilson(double events, double trials, double z)
    {
        double p = events / trials, z2n = z * z / trials;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.Sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n);
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static Interval ClopperPearson(double events, double trials, double alpha) => new(
        events <= 0 ? 0 : Beta.InvCDF(events, trials - events + 1, alpha / 2),
        events >= trials ? 1 : Beta.InvCDF(events + 1, trials - events, 1 - alpha / 2));
}
