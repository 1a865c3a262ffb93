using MathNet.Numerics.LinearAlgebra;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>A converged Poisson fit: coefficients and their covariance (the inverse Fisher information).</summary>
internal sealed record PoissonFit(Vector<double> Coefficients, Matrix<double> Covariance, int Iterations, double Deviance)
{
    public double StandardError(int j) => Math.Sqrt(Covariance[j, j]);
}

/// <summary>
/// Poisson regression with a log link and a log(exposure) offset: counts ~ Poisson(exposure · exp(Xβ)), fitted by
/// iteratively reweighted least squares (Newton's method, since the log link is canonical), started like R's glm
/// from μ = y + 0.1 and stopped on the relative change of the deviance.
/// </summary>
internal static class PoissonRegression
{
    /// <summary>The fit, or null when the information matrix is singular or the iteration does not converge.</summary>
    /// <param name="design">Design matrix, one row per cell.</param>
    /// <param name="counts">Observed counts per cell. Range: ≥ 0.</param>
    /// <param name="exposures">Exposure per cell (teacher-years at risk). Range: &gt; 0.</param>
    public static PoissonFit? Fit(Matrix<double> design, IReadOnlyList<double> counts, IReadOnlyList<double> exposures,
        int maxIterations = 100, double tolerance = 1e-10)
    {
        int rows = design.RowCount;
        var y = Vector<double>.Build.Dense(rows, i => counts[i]);
        var offset = Vector<double>.Build.Dense(rows, i => Math.Log(exposures[i]));
        var mu = y.Map(v => v + 0.1);
        var eta = mu.PointwiseLog();
        double deviance = Deviance(y, mu);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            var working = eta - offset + (y - mu).PointwiseDivide(mu);
            var weighted = Matrix<double>.Build.DiagonalOfDiagonalVector(mu) * design;
            var information = design.TransposeThisAndMultiply(weighted);
            Vector<double> beta;
            try { beta = information.Cholesky().Solve(weighted.TransposeThisAndMultiply(working)); }
            catch (ArgumentException) { return null; }
            eta = design * beta + offset;
            mu = eta.PointwiseExp();
            double previous = deviance;
            deviance = Deviance(y, mu);
            if (Math.Abs(deviance - previous) / (Math.Abs(deviance) + 0.1) >= tolerance) continue;

            var finalInformation = design.TransposeThisAndMultiply(Matrix<double>.Build.DiagonalOfDiagonalVector(mu) * design);
            try { return new PoissonFit(beta, finalInformation.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(beta.Count)), iteration, deviance); }
            catch (ArgumentException) { return null; }
        }
        return null;
    }

    private static double Deviance(Vector<double> y, Vector<double> mu)
    {
        double sum = 0;
        for (int i = 0; i < y.Count; i++)
            sum += (y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) : 0) - (y[i] - mu[i]);
        return 2 * sum;
    }
}
