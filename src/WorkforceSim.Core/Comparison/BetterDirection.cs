namespace WorkforceSim.Core.Comparison;

/// <summary>Which way an indicator has to move for an alternative to be better than the base.</summary>
public enum Better
{
    /// <summary>A larger value is better (retention, coaching coverage, headcount).</summary>
    Higher,
    /// <summary>A smaller value is better (attrition, novice share, cost, unfilled vacancies).</summary>
    Lower,
}

/// <summary>
/// The direction of "better" for each key indicator (docs/uncertainty.md, "Probability of benefit"). A district keeps
/// more of its new hires and of its best teachers, loses fewer teachers a year, starts fewer school years with an
/// empty position, spends less, coaches more of its teachers and staffs more of its positions; a lower novice share
/// means a more experienced staff (experience raises effectiveness most in the first years: Clotfelter, Ladd and
/// Vigdor 2010, see domain notes (c)).
/// </summary>
public static class BetterDirection
{
    /// <summary>The direction of key indicator <paramref name="id"/>, or null for an indicator without one.</summary>
    public static Better? For(string id) => id switch
    {
        "retention.hired_5y" or "retention.hired_3y" or "retention.hired_1y" or "retention.top_quintile" => Better.Higher,
        "coaching_coverage" or "headcount" or "mean_effectiveness" => Better.Higher,
        "attrition_rate" or "novice_share" or "cost.total" or "vacancies_unfilled" or "vacancy_fte_years" or "exits" => Better.Lower,
        _ => null,
    };

    /// <summary>The YAML/CSV spelling: <c>higher</c> or <c>lower</c>.</summary>
    public static string Name(Better b) => b == Better.Higher ? "higher" : "lower";
}
