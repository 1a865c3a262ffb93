using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>How a group level's hazard ratio came out of the model.</summary>
public enum HazardRatioStatus
{
    /// <summary>The reference level of its factor (the largest by teacher-years among levels with exits): ratio 1.</summary>
    Reference,
    /// <summary>Estimated, with a Wald confidence interval.</summary>
    Estimated,
    /// <summary>No exits observed: the estimate would be 0, so no modifier is emitted; treated like the reference.</summary>
    NoExits,
    /// <summary>The model could not separate this level from the yos bands or other levels (singular information).</summary>
    NotIdentified,
}

/// <summary>The hazard ratio of one level of a grouping factor against the factor's reference level.</summary>
/// <param name="Factor">Stage or segment.</param>
/// <param name="Level">The level (a stage or segment id).</param>
/// <param name="Status">How the ratio was obtained.</param>
/// <param name="Ratio">Hazard ratio (1 unless <see cref="HazardRatioStatus.Estimated"/>).</param>
/// <param name="Ci">Confidence interval exp(β ± z·se) (the ratio itself unless estimated).</param>
/// <param name="AtRisk">Teacher-years at risk in this level.</param>
/// <param name="Exits">Exits in this level.</param>
public sealed record HazardRatio(GroupingFactor Factor, string Level, HazardRatioStatus Status, double Ratio, Interval Ci, int AtRisk, int Exits);

/// <summary>
/// Hazard ratios by stage and/or segment from a Poisson regression of exits on a log(at-risk) offset, with one fixed
/// effect per yos band and additive indicators for the non-reference levels of each factor:
/// E[exits] = at risk · exp(α_band + β_stage + γ_segment). Because the offset is the number at risk, exp(β) is a
/// ratio of annual exit probabilities, which is what a scenario modifier multiplies. The Poisson variance exceeds the
/// binomial one by the factor 1/(1 − h), so the intervals are slightly conservative.
/// </summary>
internal static class HazardRatioModel
{
    public static ImmutableArray<HazardRatio> Fit(IReadOnlyList<RiskCell> cells, Func<int, int> bandOfYos,
        ImmutableArray<GroupingFactor> factors, double confidenceLevel)
    {
        var levels = factors.ToDictionary(f => f, f => Levels(cells, f));
        bool Usable(RiskCell c) => factors.All(f => levels[f][c.Level(f)].Status != HazardRatioStatus.NoExits);
        var rows = Aggregate(cells.Where(Usable), bandOfYos, factors);
        var bandsWithExits = rows.Select(r => r.Band).Distinct().ToList();

        var columns = new List<(int Factor, string Level)>();
        for (int f = 0; f < factors.Length; f++)
            columns.AddRange(levels[factors[f]].Values.Where(l => l.Status == HazardRatioStatus.Estimated).Select(l => (f, l.Level)));

        var design = Matrix<double>.Build.Dense(rows.Count, bandsWithExits.Count + columns.Count, (i, j) =>
            j < bandsWithExits.Count
                ? (rows[i].Band == bandsWithExits[j] ? 1 : 0)
                : (rows[i].Levels[columns[j - bandsWithExits.Count].Factor] == columns[j - bandsWithExits.Count].Level ? 1 : 0));
        var fit = columns.Count == 0 ? null : PoissonRegression.Fit(design, [.. rows.Select(r => (double)r.Exits)], [.. rows.Select(r => (double)r.AtRisk)]);

        double z = BinomialInterval.Z(confidenceLevel);
        var result = ImmutableArray.CreateBuilder<HazardRatio>();
        foreach (var factor in factors)
            foreach (var level in levels[factor].Values)
            {
                int column = columns.IndexOf((factors.IndexOf(factor), level.Level));
                if (column < 0) { result.Add(level); continue; }
                if (fit is null) { result.Add(level with { Status = HazardRatioStatus.NotIdentified }); continue; }
                int j = bandsWithExits.Count + column;
                double beta = fit.Coefficients[j], se = fit.StandardError(j);
                result.Add(level with { Ratio = Math.Exp(beta), Ci = new Interval(Math.Exp(beta - z * se), Math.Exp(beta + z * se)) });
            }
        return result.ToImmutable();
    }

    /// <summary>Exits and teacher-years of one yos band and one combination of levels.</summary>
    private sealed record RegressionRow(int Band, string[] Levels, int AtRisk, int Exits);

    /// <summary>
    /// Cells summed by band and levels, in band then level order. Bands without exits are dropped: their fixed
    /// effect would be −∞ and they carry no information about the ratios.
    /// </summary>
    private static List<RegressionRow> Aggregate(IEnumerable<RiskCell> cells, Func<int, int> bandOfYos, ImmutableArray<GroupingFactor> factors)
    {
        var rows = cells
            .GroupBy(c => (Band: bandOfYos(c.Yos), Key: string.Join('\u001f', factors.Select(c.Level))))
            .OrderBy(g => g.Key.Band).ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .Select(g => new RegressionRow(g.Key.Band, [.. factors.Select(g.First().Level)], g.Sum(c => c.AtRisk), g.Sum(c => c.Exits)))
            .ToList();
        var bandsWithExits = rows.Where(r => r.Exits > 0).Select(r => r.Band).ToHashSet();
        return [.. rows.Where(r => r.AtRisk > 0 && bandsWithExits.Contains(r.Band))];
    }

    /// <summary>The levels of a factor in ordinal order, with the reference chosen and levels without exits marked.</summary>
    private static SortedDictionary<string, HazardRatio> Levels(IReadOnlyList<RiskCell> cells, GroupingFactor factor)
    {
        var totals = cells.GroupBy(c => c.Level(factor))
            .Select(g => (Level: g.Key, AtRisk: g.Sum(c => c.AtRisk), Exits: g.Sum(c => c.Exits)))
            .OrderBy(t => t.Level, StringComparer.Ordinal).ToList();
        string? reference = totals.Where(t => t.Exits > 0).OrderByDescending(t => t.AtRisk).Select(t => t.Level).FirstOrDefault();
        var levels = new SortedDictionary<string, HazardRatio>(StringComparer.Ordinal);
        foreach (var (level, atRisk, exits) in totals)
        {
            var status = level == reference ? HazardRatioStatus.Reference
                : exits == 0 ? HazardRatioStatus.NoExits : HazardRatioStatus.Estimated;
            levels[level] = new HazardRatio(factor, level, status, 1, new Interval(1, 1), atRisk, exits);
        }
        return levels;
    }
}
