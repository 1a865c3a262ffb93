using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Uncertainty;

/// <summary>
/// The variance of one outcome split into its parameter part and its noise part (law of total variance), estimated
/// from W worlds × R replications, with the precision of the grand mean. docs/uncertainty.md derives the estimators.
/// </summary>
/// <param name="Worlds">W, worlds used.</param>
/// <param name="Replications">R, replications per world used (replications undefined in some world are dropped).</param>
/// <param name="Mean">Grand mean over the W·R values.</param>
/// <param name="ParameterVariance">Var(E[Y | θ]): (MS_worlds − MS_interaction) / R, truncated at 0; NaN when W &lt; 2 or R &lt; 2.</param>
/// <param name="NoiseVariance">E[Var(Y | θ)]: the pooled within-world variance (MS_within); NaN when R &lt; 2.</param>
/// <param name="MeanVariance">Variance of the grand mean: (MS_worlds + MS_replications − MS_interaction) / (W·R).</param>
/// <param name="MeanDegreesOfFreedom">Satterthwaite degrees of freedom of <paramref name="MeanVariance"/>.</param>
public readonly record struct VarianceComponents(int Worlds, int Replications, double Mean, double ParameterVariance,
    double NoiseVariance, double MeanVariance, double MeanDegreesOfFreedom)
{
    /// <summary>Var(Y) = parameter part + noise part.</summary>
    public double TotalVariance => ParameterVariance + NoiseVariance;
    /// <summary>Share of the total variance due to parameter uncertainty (NaN when the total is 0).</summary>
    public double ParameterShare => TotalVariance > 0 ? ParameterVariance / TotalVariance : double.NaN;
    /// <summary>Half-width of the 95% confidence interval of the grand mean (Student t, Satterthwaite df).</summary>
    public double MeanCiHalfWidth => MeanVariance > 0
        ? SampleStatistics.StudentT975(Math.Max(1, (int)Math.Floor(Math.Min(MeanDegreesOfFreedom, 1e6)))) * Math.Sqrt(MeanVariance)
        : 0;
}

/// <summary>
/// Estimators for a worlds × replications table y[w, r] in which replication r of every world uses the same random
/// numbers (common random numbers across worlds). The design is therefore <b>crossed</b> (world × replication), not
/// nested: with y = f(θ_w, U_r) and the ANOVA (Hoeffding) decomposition f = μ + a(θ) + b(U) + ab(θ, U),
/// Var(E[Y|θ]) = σ²_a and E[Var(Y|θ)] = σ²_b + σ²_ab, and the two-way random-effects mean squares have
/// E[MS_A] = Rσ²_a + σ²_ab, E[MS_B] = Wσ²_b + σ²_ab, E[MS_AB] = σ²_ab, E[MS_within] = σ²_b + σ²_ab. So
/// σ²_a = (MS_A − MS_AB)/R and the noise part MS_within are unbiased. (The one-way "nested" estimator
/// (MS_A − MS_within)/R would be biased by −σ²_b/R here; with independent random numbers per world σ²_b is folded
/// into the interaction and the two coincide in expectation.)
/// </summary>
public static class CrossedDesign
{
    /// <summary>
    /// The components of <paramref name="values"/> (world-major: value of world w, replication r at
    /// <c>w·replications + r</c>). Replications undefined (NaN) in any world are left out of every world so the table
    /// stays balanced. Null when nothing is defined.
    /// </summary>
    public static VarianceComponents? Of(ReadOnlySpan<double> values, int worlds, int replications)
    {
        var t = Table.From(values, values, worlds, replications);
        if (t is null) return null;
        var s = t.Value.Squares();
        int w = t.Value.W, r = t.Value.R;
        double param = w >= 2 && r >= 2 ? Math.Max(0, (s.A - s.AB) / r) : double.NaN;
        double noise = r >= 2 ? s.Within : double.NaN;
        var (v, df) = MeanVariance(s, w, r);
        return new VarianceComponents(w, r, t.Value.GrandX, param, noise, v, df);
    }

    /// <summary>
    /// Covariance of the grand means of two tables of the same shape (pairs undefined in either are dropped as in
    /// <see cref="Of"/>): (MP_A + MP_B − MP_AB)/(W·R) with the mean products in place of the mean squares; with
    /// <paramref name="x"/> = <paramref name="y"/> this is <see cref="VarianceComponents.MeanVariance"/>.
    /// </summary>
    public static double MeanCovariance(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int worlds, int replications)
    {
        var t = Table.From(x, y, worlds, replications);
        if (t is null) return double.NaN;
        var s = t.Value.Squares();
        return MeanVariance(s, t.Value.W, t.Value.R).Variance;
    }

    private static (double Variance, double Df) MeanVariance(MeanSquares s, int w, int r)
    {
        if (w == 1 && r == 1) return (0, double.NaN);
        if (w == 1) return (s.B / r, r - 1);                 // one world: the ordinary variance of a mean
        if (r == 1) return (s.A / w, w - 1);
        double v = (s.A + s.B - s.AB) / ((double)w * r);
        double num = s.A + s.B - s.AB;
        double den = s.A * s.A / (w - 1) + s.B * s.B / (r - 1) + s.AB * s.AB / ((double)(w - 1) * (r - 1));
        double df = den > 0 ? num * num / den : double.NaN;
        return (Math.Max(0, v), df);
    }

    /// <summary>Mean squares (or mean products) of the two-way table.</summary>
    private readonly record struct MeanSquares(double A, double B, double AB, double Within);

    /// <summary>Two aligned W×R tables restricted to the replications defined in every world of both.</summary>
    private readonly struct Table
    {
        private readonly double[] _x, _y;
        public int W { get; }
        public int R { get; }
        public double GrandX { get; }
        private readonly double _grandY;
        private readonly double[] _worldX, _worldY, _repX, _repY;

        private Table(double[] x, double[] y, int w, int r)
        {
            (_x, _y, W, R) = (x, y, w, r);
            _worldX = new double[w]; _worldY = new double[w]; _repX = new double[r]; _repY = new double[r];
            for (int i = 0; i < w; i++)
            {
                double sx = 0, sy = 0;
                for (int j = 0; j < r; j++) { sx += x[i * r + j]; sy += y[i * r + j]; }
                _worldX[i] = sx / r; _worldY[i] = sy / r;
            }
            for (int j = 0; j < r; j++)
            {
                double sx = 0, sy = 0;
                for (int i = 0; i < w; i++) { sx += x[i * r + j]; sy += y[i * r + j]; }
                _repX[j] = sx / w; _repY[j] = sy / w;
            }
            double gx = 0, gy = 0;
            for (int i = 0; i < w; i++) { gx += _worldX[i]; gy += _worldY[i]; }
            GrandX = gx / w; _grandY = gy / w;
        }

        public static Table? From(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int worlds, int replications)
        {
            if (worlds < 1 || replications < 1) throw new ArgumentOutOfRangeException(nameof(worlds), "At least one world and one replication are needed.");
            if (x.Length != worlds * replications || y.Length != x.Length)
                throw new ArgumentException($"Expected {worlds}×{replications} values, got {x.Length} and {y.Length}.");
            var keep = new List<int>(replications);
            for (int j = 0; j < replications; j++)
            {
                bool ok = true;
                for (int i = 0; i < worlds && ok; i++)
                    ok = !double.IsNaN(x[i * replications + j]) && !double.IsNaN(y[i * replications + j]);
                if (ok) keep.Add(j);
            }
            if (keep.Count == 0) return null;
            int r = keep.Count;
            var cx = new double[worlds * r];
            var cy = new double[worlds * r];
            for (int i = 0; i < worlds; i++)
                for (int k = 0; k < r; k++)
                {
                    cx[i * r + k] = x[i * replications + keep[k]];
                    cy[i * r + k] = y[i * replications + keep[k]];
                }
            return new Table(cx, cy, worlds, r);
        }

        public MeanSquares Squares()
        {
            int w = W, r = R;
            double a = 0, b = 0, ab = 0, within = 0;
            for (int i = 0; i < w; i++) a += (_worldX[i] - GrandX) * (_worldY[i] - _grandY);
            for (int j = 0; j < r; j++) b += (_repX[j] - GrandX) * (_repY[j] - _grandY);
            for (int i = 0; i < w; i++)
                for (int j = 0; j < r; j++)
                {
                    double dx = _x[i * r + j] - _worldX[i], dy = _y[i * r + j] - _worldY[i];
                    within += dx * dy;
                    ab += (dx - (_repX[j] - GrandX)) * (dy - (_repY[j] - _grandY));
                }
            return new MeanSquares(
                w > 1 ? r * a / (w - 1) : double.NaN,
                r > 1 ? w * b / (r - 1) : double.NaN,
                w > 1 && r > 1 ? ab / ((double)(w - 1) * (r - 1)) : double.NaN,
                r > 1 ? within / ((double)w * (r - 1)) : double.NaN);
        }
    }
}
