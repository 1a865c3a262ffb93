using System.Collections.Immutable;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>
/// One year of the life table: teachers with <see cref="Yos"/> completed years at the start of a school year,
/// i.e. working their year of service <see cref="YearOfService"/> = yos + 1.
/// </summary>
/// <param name="Yos">Completed years of service.</param>
/// <param name="AtRisk">n: teacher-years at risk (including those entering the window at this yos).</param>
/// <param name="Exits">d: exits during the year.</param>
/// <param name="Censored">Teachers still employed at the roster year whose last observed year this is.</param>
/// <param name="Hazard">h = d / n; NaN when nobody was at risk.</param>
/// <param name="HazardCi">Binomial confidence interval of h ([0, 1] when nobody was at risk).</param>
/// <param name="Survival">S = Π (1 − h) up to and including this year: probability of completing year of service yos + 1.</param>
/// <param name="SurvivalCi">Log(−log) interval from Greenwood's variance ([1, 1] before the first exit, [0, 0] after a year everyone left).</param>
public sealed record LifeTableRow(int Yos, int AtRisk, int Exits, int Censored, double Hazard, Interval HazardCi, double Survival, Interval SurvivalCi)
{
    /// <summary>Year of service being worked (1 = first year); the key of <c>hazard_by_yos</c>.</summary>
    public int YearOfService => Yos + 1;
    /// <summary>Hazard of the fitted (pooled, smoothed, reference-group) model.</summary>
    public double FittedHazard { get; init; } = double.NaN;
    /// <summary>Exits expected under the fitted model (with every teacher-year's hazard ratio applied).</summary>
    public double ExpectedExits { get; init; } = double.NaN;
    /// <summary>The band this year belongs to, in years of service ("3-5", "7"), or "mandatory" for the hard stop.</summary>
    public string Band { get; init; } = "";
}

/// <summary>The discrete-time life table of a risk set.</summary>
public static class LifeTable
{
    /// <summary>
    /// Rows for yos 0 up to the highest yos at risk. Survival is the product-limit estimate over conditional hazards,
    /// which stays valid under left truncation because late entrants only join the denominators of the years they
    /// are observed in. Greenwood: Var S = S² Σ d/(n(n − d)); the interval is S^exp(±z·√Σ / |log S|).
    /// </summary>
    public static ImmutableArray<LifeTableRow> Build(IReadOnlyList<RiskCell> cells, HazardInterval method, double confidenceLevel)
    {
        int maxYos = cells.Max(c => c.Yos);
        var atRisk = new int[maxYos + 1];
        var exits = new int[maxYos + 1];
        var censored = new int[maxYos + 1];
        foreach (var cell in cells)
        {
            atRisk[cell.Yos] += cell.AtRisk;
            exits[cell.Yos] += cell.Exits;
            censored[cell.Yos] += cell.Censored;
        }

        double z = BinomialInterval.Z(confidenceLevel), survival = 1, greenwood = 0;
        var rows = ImmutableArray.CreateBuilder<LifeTableRow>(maxYos + 1);
        for (int yos = 0; yos <= maxYos; yos++)
        {
            int n = atRisk[yos], d = exits[yos];
            double hazard = n > 0 ? (double)d / n : double.NaN;
            if (n > 0)
            {
                survival *= 1 - hazard;
                greenwood += d < n ? (double)d / ((double)n * (n - d)) : double.PositiveInfinity;
            }
            rows.Add(new LifeTableRow(yos, n, d, censored[yos], hazard,
                BinomialInterval.Compute(method, d, n, confidenceLevel), survival, SurvivalInterval(survival, greenwood, z)));
        }
        return rows.MoveToImmutable();
    }

    private static Interval SurvivalInterval(double survival, double greenwoodSum, double z)
    {
        if (survival >= 1) return new Interval(1, 1);
        if (survival <= 0 || double.IsInfinity(greenwoodSum)) return new Interval(0, 0);
        double se = Math.Sqrt(greenwoodSum) / Math.Abs(Math.Log(survival));
        return new Interval(Math.Pow(survival, Math.Exp(z * se)), Math.Pow(survival, Math.Exp(-z * se)));
    }
}
