using System.Collections.Immutable;

namespace WorkforceSim.Core.Results;

/// <summary>A row of <c>hazard.csv</c>: by year of service (1 = first year), the scenario's base hazard and the
/// realized annual exit rate pooled over replications and years, with a 95% Wilson interval.</summary>
public sealed record RealizedHazardRow(int YearOfService, long AtRisk, long Exits, double InputHazard, double Realized,
    double CiLow, double CiHigh);

/// <summary>Realized exit rates by years of service: the check that the hazards a scenario asks for are the ones
/// the run produced (they differ by the modifiers: stage, quintile, coaching, bonuses).</summary>
public static class RealizedHazard
{
    /// <summary>Rows for every yos with teachers at risk, in yos order.</summary>
    public static ImmutableArray<RealizedHazardRow> Rows(RunResult r)
    {
        var a = r.Spec.Periods[0].Parameters.Attrition;
        var rows = ImmutableArray.CreateBuilder<RealizedHazardRow>();
        for (int yos = 0; yos <= ReplicationResult.MaxYos; yos++)
        {
            long n = 0, d = 0;
            foreach (var rep in r.Replications) { n += rep.AtRiskByYos[yos]; d += rep.ExitsByYos[yos]; }
            if (n == 0) continue;
            double input = yos >= a.MandatoryExitYos ? 1
                : Math.Min(1, a.HazardByYearOfService[Math.Min(yos, a.HazardByYearOfService.Length - 1)] * a.GlobalFactor);
            var (lo, hi) = Wilson(d, n);
            rows.Add(new RealizedHazardRow(yos + 1, n, d, input, (double)d / n, lo, hi));
        }
        return rows.ToImmutable();
    }

    /// <summary>The 95% Wilson score interval for d events in n trials.</summary>
    public static (double Low, double High) Wilson(long d, long n)
    {
        const double z = 1.959963984540054;
        double p = (double)d / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
