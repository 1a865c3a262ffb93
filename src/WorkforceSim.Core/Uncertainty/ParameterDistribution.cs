using System.Collections.Immutable;
using System.Globalization;
using MathNet.Numerics.Distributions;
using WorkforceSim.Core.Random;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>
/// A distribution of one parameter value, sampled by its inverse CDF (<see cref="Quantile"/>) from a uniform
/// probability: one uniform gives one value, so two distributions fed the same uniform are comonotone (the same
/// world draws the same quantile of a parameter in every scenario that has it). Shared by parameter uncertainty in
/// scenarios (docs/uncertainty.md) and by the continuous parameter domains of sweeps (docs/sweep-format.md).
/// Validation of the parameters happens where they are read; the constructors assume valid values.
/// </summary>
public abstract record ParameterDistribution
{
    /// <summary>The value at probability <paramref name="u"/>. Range: 0 &lt; u &lt; 1 (0 and 1 give the support's ends).</summary>
    public abstract double Quantile(double u);
    /// <summary>P(X ≤ <paramref name="x"/>).</summary>
    public abstract double Cdf(double x);
    /// <summary>Smallest possible value.</summary>
    public abstract double Lower { get; }
    /// <summary>Largest possible value.</summary>
    public abstract double Upper { get; }
    /// <summary>Expected value.</summary>
    public abstract double Mean { get; }
    /// <summary>Variance.</summary>
    public abstract double Variance { get; }
    /// <summary>Whether every draw is the same value (all mass at one point).</summary>
    public bool IsDegenerate => Lower == Upper;
    /// <summary>The median, <see cref="Quantile"/>(0.5): the nominal value used where a single value is needed.</summary>
    public double Median => Quantile(0.5);
    /// <summary>Short description, e.g. <c>triangular(min 0.5, mode 0.85, max 1)</c>.</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>Invariant shortest round-trip text of a number.</summary>
    protected static string F(double v) => v == 0 ? "0" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Keeps a quantile inside the support (inverse CDFs may overshoot by an ulp).</summary>
    protected double Clamp(double x) => x < Lower ? Lower : x > Upper ? Upper : x;
}

/// <summary>Continuous uniform on [<paramref name="Min"/>, <paramref name="Max"/>]; Min ≤ Max.</summary>
public sealed record UniformDistribution(double Min, double Max) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Quantile(double u) => Min + u * (Max - Min);
    /// <inheritdoc />
    public override double Cdf(double x) => Max == Min ? (x >= Min ? 1 : 0) : Math.Clamp((x - Min) / (Max - Min), 0, 1);
    /// <inheritdoc />
    public override double Lower => Min;
    /// <inheritdoc />
    public override double Upper => Max;
    /// <inheritdoc />
    public override double Mean => (Min + Max) / 2;
    /// <inheritdoc />
    public override double Variance => (Max - Min) * (Max - Min) / 12;
    /// <inheritdoc />
    public override string Describe() => $"uniform(min {F(Min)}, max {F(Max)})";
}

/// <summary>Uniform on the whole numbers <paramref name="Min"/>..<paramref name="Max"/> (inclusive).</summary>
public sealed record DiscreteUniformDistribution(long Min, long Max) : ParameterDistribution
{
    private double Count => (double)(Max - Min) + 1;
    /// <inheritdoc />
    public override double Quantile(double u) => Math.Min(Max, Min + (long)Math.Floor(u * Count));
    /// <inheritdoc />
    public override double Cdf(double x) => x < Min ? 0 : x >= Max ? 1 : (Math.Floor(x) - Min + 1) / Count;
    /// <inheritdoc />
    public override double Lower => Min;
    /// <inheritdoc />
    public override double Upper => Max;
    /// <inheritdoc />
    public override double Mean => (Min + (double)Max) / 2;
    /// <inheritdoc />
    public override double Variance => (Count * Count - 1) / 12;
    /// <inheritdoc />
    public override string Describe() => $"uniform(whole numbers {Min}..{Max})";
}

/// <summary>Log-uniform on [<paramref name="Min"/>, <paramref name="Max"/>]; 0 &lt; Min ≤ Max.</summary>
public sealed record LogUniformDistribution(double Min, double Max) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Quantile(double u) => Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min)));
    /// <inheritdoc />
    public override double Cdf(double x) => Max == Min ? (x >= Min ? 1 : 0)
        : x <= Min ? 0 : x >= Max ? 1 : (Math.Log(x) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min));
    /// <inheritdoc />
    public override double Lower => Min;
    /// <inheritdoc />
    public override double Upper => Max;
    /// <inheritdoc />
    public override double Mean => Max == Min ? Min : (Max - Min) / Math.Log(Max / Min);
    /// <inheritdoc />
    public override double Variance => Max == Min ? 0 : (Max * Max - Min * Min) / (2 * Math.Log(Max / Min)) - Mean * Mean;
    /// <inheritdoc />
    public override string Describe() => $"log_uniform(min {F(Min)}, max {F(Max)})";
}

/// <summary>Triangular on [<paramref name="Min"/>, <paramref name="Max"/>] with its peak at <paramref name="Mode"/>; Min ≤ Mode ≤ Max.</summary>
public sealed record TriangularDistribution(double Min, double Mode, double Max) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Quantile(double u) => Min == Max ? Min : Clamp(Triangular.InvCDF(Min, Max, Mode, u));
    /// <inheritdoc />
    public override double Cdf(double x) => Min == Max ? (x >= Min ? 1 : 0) : Triangular.CDF(Min, Max, Mode, x);
    /// <inheritdoc />
    public override double Lower => Min;
    /// <inheritdoc />
    public override double Upper => Max;
    /// <inheritdoc />
    public override double Mean => (Min + Mode + Max) / 3;
    /// <inheritdoc />
    public override double Variance => (Min * Min + Mode * Mode + Max * Max - Min * Mode - Min * Max - Mode * Max) / 18;
    /// <inheritdoc />
    public override string Describe() => $"triangular(min {F(Min)}, mode {F(Mode)}, max {F(Max)})";
}

/// <summary>
/// Normal with <paramref name="Mu"/> and <paramref name="Sigma"/>, truncated to [<paramref name="TruncateBelow"/>,
/// <paramref name="TruncateAbove"/>] (infinite bounds: no truncation). Sampled as μ + σ·Φ⁻¹(p) with p spread over
/// [Φ(α), Φ(β)] (the inverse CDF of the truncated law); Φ⁻¹ is <see cref="NormalQuantile"/> (AS 241).
/// </summary>
public sealed record NormalDistribution(double Mu, double Sigma, double TruncateBelow = double.NegativeInfinity,
    double TruncateAbove = double.PositiveInfinity) : ParameterDistribution
{
    private bool Truncated => !double.IsNegativeInfinity(TruncateBelow) || !double.IsPositiveInfinity(TruncateAbove);
    private double Alpha => (TruncateBelow - Mu) / Sigma;
    private double Beta => (TruncateAbove - Mu) / Sigma;
    private double PLow => double.IsNegativeInfinity(TruncateBelow) ? 0 : Normal.CDF(0, 1, Alpha);
    private double PHigh => double.IsPositiveInfinity(TruncateAbove) ? 1 : Normal.CDF(0, 1, Beta);

    /// <summary>Probability mass the truncation keeps (1 without truncation).</summary>
    public double KeptMass => Sigma == 0 ? 1 : PHigh - PLow;

    /// <inheritdoc />
    public override double Quantile(double u)
    {
        if (Sigma == 0) return Mu;
        if (!Truncated) return Mu + Sigma * NormalQuantile.Of(u);
        double lo = PLow, p = lo + u * (PHigh - lo);
        if (!(p > 0)) return Lower;
        if (!(p < 1)) return Upper;
        return Clamp(Mu + Sigma * NormalQuantile.Of(p));
    }

    /// <inheritdoc />
    public override double Cdf(double x)
    {
        if (x < Lower) return 0;
        if (x >= Upper) return 1;
        if (Sigma == 0) return x >= Mu ? 1 : 0;
        return (Normal.CDF(0, 1, (x - Mu) / Sigma) - PLow) / KeptMass;
    }

    /// <inheritdoc />
    public override double Lower => Sigma == 0 ? Mu : TruncateBelow;
    /// <inheritdoc />
    public override double Upper => Sigma == 0 ? Mu : TruncateAbove;

    /// <inheritdoc />
    public override double Mean
    {
        get
        {
            if (Sigma == 0 || !Truncated) return Mu;
            return Mu + Sigma * (Phi(Alpha) - Phi(Beta)) / KeptMass;
        }
    }

    /// <inheritdoc />
    public override double Variance
    {
        get
        {
            if (Sigma == 0) return 0;
            if (!Truncated) return Sigma * Sigma;
            double z = KeptMass, a = Phi(Alpha), b = Phi(Beta);
            double aa = double.IsInfinity(Alpha) ? 0 : Alpha * a, bb = double.IsInfinity(Beta) ? 0 : Beta * b;
            double d = (a - b) / z;
            return Sigma * Sigma * (1 + (aa - bb) / z - d * d);
        }
    }

    private static double Phi(double z) => double.IsInfinity(z) ? 0 : Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);

    /// <inheritdoc />
    public override string Describe() => Truncated
        ? $"normal(mean {F(Mu)}, sd {F(Sigma)}) truncated to [{F(TruncateBelow)}, {F(TruncateAbove)}]"
        : $"normal(mean {F(Mu)}, sd {F(Sigma)})";
}

/// <summary>
/// Log-normal: exp(N(<paramref name="Mu"/>, <paramref name="Sigma"/>²)), truncated to [<paramref name="TruncateBelow"/>,
/// <paramref name="TruncateAbove"/>] (0 and +∞: no truncation). Sampled through the normal on the log scale.
/// </summary>
public sealed record LogNormalDistribution(double Mu, double Sigma, double TruncateBelow = 0,
    double TruncateAbove = double.PositiveInfinity) : ParameterDistribution
{
    private NormalDistribution LogScale => new(Mu, Sigma,
        TruncateBelow > 0 ? Math.Log(TruncateBelow) : double.NegativeInfinity,
        double.IsPositiveInfinity(TruncateAbove) ? double.PositiveInfinity : Math.Log(TruncateAbove));

    /// <summary>The log-normal with a given mean and standard deviation on the natural scale.</summary>
    public static (double Mu, double Sigma) FromMeanSd(double mean, double sd)
    {
        double s2 = Math.Log(1 + sd * sd / (mean * mean));
        return (Math.Log(mean) - s2 / 2, Math.Sqrt(s2));
    }

    /// <summary>Probability mass the truncation keeps.</summary>
    public double KeptMass => LogScale.KeptMass;

    /// <inheritdoc />
    public override double Quantile(double u) => Sigma == 0 ? Math.Exp(Mu) : Clamp(Math.Exp(LogScale.Quantile(u)));
    /// <inheritdoc />
    public override double Cdf(double x) => x <= 0 ? 0 : LogScale.Cdf(Math.Log(x));
    /// <inheritdoc />
    public override double Lower => Sigma == 0 ? Math.Exp(Mu) : TruncateBelow;
    /// <inheritdoc />
    public override double Upper => Sigma == 0 ? Math.Exp(Mu) : TruncateAbove;
    /// <inheritdoc />
    public override double Mean => RawMoment(1);
    /// <inheritdoc />
    public override double Variance { get { double m = Mean; return Math.Max(0, RawMoment(2) - m * m); } }

    /// <summary>E[X^k] of the truncated law: exp(kμ + k²σ²/2)·[Φ(β − kσ) − Φ(α − kσ)] / Z.</summary>
    private double RawMoment(int k)
    {
        if (Sigma == 0) return Math.Pow(Math.Exp(Mu), k);
        double a = TruncateBelow > 0 ? (Math.Log(TruncateBelow) - Mu) / Sigma : double.NegativeInfinity;
        double b = double.IsPositiveInfinity(TruncateAbove) ? double.PositiveInfinity : (Math.Log(TruncateAbove) - Mu) / Sigma;
        double mass = Normal.CDF(0, 1, b - k * Sigma) - Normal.CDF(0, 1, a - k * Sigma);
        return Math.Exp(k * Mu + k * k * Sigma * Sigma / 2) * mass / KeptMass;
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"lognormal(mu {F(Mu)}, sigma {F(Sigma)})" + (TruncateBelow > 0 || !double.IsPositiveInfinity(TruncateAbove)
            ? $" truncated to [{F(TruncateBelow)}, {F(TruncateAbove)}]" : "");
}

/// <summary>Beta(<paramref name="A"/>, <paramref name="B"/>) scaled to [<paramref name="Min"/>, <paramref name="Max"/>]; A, B &gt; 0, Min ≤ Max.</summary>
public sealed record BetaDistribution(double A, double B, double Min = 0, double Max = 1) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Quantile(double u) => Min == Max ? Min : Clamp(Min + (Max - Min) * Beta.InvCDF(A, B, u));
    /// <inheritdoc />
    public override double Cdf(double x) => Min == Max ? (x >= Min ? 1 : 0)
        : x <= Min ? 0 : x >= Max ? 1 : Beta.CDF(A, B, (x - Min) / (Max - Min));
    /// <inheritdoc />
    public override double Lower => Min;
    /// <inheritdoc />
    public override double Upper => Max;
    /// <inheritdoc />
    public override double Mean => Min + (Max - Min) * A / (A + B);
    /// <inheritdoc />
    public override double Variance => (Max - Min) * (Max - Min) * A * B / ((A + B) * (A + B) * (A + B + 1));
    /// <inheritdoc />
    public override string Describe() => Min == 0 && Max == 1
        ? $"beta(a {F(A)}, b {F(B)})" : $"beta(a {F(A)}, b {F(B)}) on [{F(Min)}, {F(Max)}]";
}

/// <summary>
/// One of a few values with given weights. The values are kept in ascending order (equal values merged), so the
/// inverse CDF is monotone: a larger uniform never picks a smaller value.
/// </summary>
public sealed record ChoiceDistribution : ParameterDistribution
{
    /// <summary>Distinct values with positive weight, ascending.</summary>
    public ImmutableArray<double> Values { get; }
    /// <summary>Probabilities of <see cref="Values"/> (sum 1).</summary>
    public ImmutableArray<double> Probabilities { get; }
    private readonly double[] _cumulative;

    /// <summary>Builds the distribution; weights ≥ 0 with a positive sum (null: equal weights).</summary>
    public ChoiceDistribution(IReadOnlyList<double> values, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("A choice needs at least one value.", nameof(values));
        var merged = new SortedDictionary<double, double>();
        for (int i = 0; i < values.Count; i++)
        {
            double w = weights is null ? 1 : weights[i];
            if (w > 0) merged[values[i]] = merged.GetValueOrDefault(values[i]) + w;
        }
        if (merged.Count == 0) throw new ArgumentException("A choice needs a positive weight.", nameof(weights));
        double total = merged.Values.Sum();
        Values = [.. merged.Keys];
        Probabilities = [.. merged.Values.Select(w => w / total)];
        _cumulative = new double[Values.Length];
        double c = 0;
        for (int i = 0; i < _cumulative.Length; i++) _cumulative[i] = c += Probabilities[i];
        _cumulative[^1] = 1;
    }

    /// <inheritdoc />
    public override double Quantile(double u)
    {
        for (int i = 0; i < _cumulative.Length; i++)
            if (u < _cumulative[i]) return Values[i];
        return Values[^1];
    }

    /// <inheritdoc />
    public override double Cdf(double x)
    {
        double c = 0;
        for (int i = 0; i < Values.Length && Values[i] <= x; i++) c = _cumulative[i];
        return c;
    }

    /// <inheritdoc />
    public override double Lower => Values[0];
    /// <inheritdoc />
    public override double Upper => Values[^1];
    /// <inheritdoc />
    public override double Mean
    {
        get { double m = 0; for (int i = 0; i < Values.Length; i++) m += Probabilities[i] * Values[i]; return m; }
    }
    /// <inheritdoc />
    public override double Variance
    {
        get
        {
            double m = Mean, v = 0;
            for (int i = 0; i < Values.Length; i++) v += Probabilities[i] * (Values[i] - m) * (Values[i] - m);
            return v;
        }
    }

    /// <inheritdoc />
    public override string Describe() => "choice(" + string.Join(", ", Values.Select((v, i) =>
        Values.Length == 1 ? F(v) : $"{F(v)} p={Probabilities[i].ToString("0.###", CultureInfo.InvariantCulture)}")) + ")";

    /// <inheritdoc />
    public bool Equals(ChoiceDistribution? other) =>
        other is not null && Values.SequenceEqual(other.Values) && Probabilities.SequenceEqual(other.Probabilities);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Values.Length, Values[0], Values[^1]);
}
