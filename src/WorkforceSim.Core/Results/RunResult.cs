using System.Collections.Immutable;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Core.Results;

/// <summary>
/// The stable metric names of a run (docs/metrics.md). Standard metrics come first in a fixed order, then one
/// <c>headcount.&lt;stage&gt;</c> per stage, <c>exits.&lt;reason&gt;</c> per reason and <c>hires.&lt;source&gt;</c> per source.
/// </summary>
public sealed class MetricCatalog
{
    /// <summary>Standard metrics, in output order.</summary>
    public static readonly ImmutableArray<string> Standard =
    [
        "positions", "headcount", "exits", "hires", "vacancies_unfilled", "vacancy_fte_years", "attrition_rate",
        "retention.hired_1y", "retention.hired_3y", "retention.hired_5y", "retention.top_quintile",
        "mean_effectiveness", "mean_yos", "novice_share", "coaching_coverage",
        "cost.salary", "cost.stipend", "cost.hiring", "cost.total",
    ];

    /// <summary>Index of each standard metric in <see cref="Names"/>.</summary>
    public const int Positions = 0, Headcount = 1, Exits = 2, Hires = 3, VacanciesUnfilled = 4, VacancyFteYears = 5,
        AttritionRate = 6, RetentionHired1 = 7, RetentionHired3 = 8, RetentionHired5 = 9, RetentionTopQuintile = 10,
        MeanEffectiveness = 11, MeanYos = 12, NoviceShare = 13, CoachingCoverage = 14, CostSalary = 15,
        CostStipend = 16, CostHiring = 17, CostTotal = 18;

    /// <summary>All metric names, in output order.</summary>
    public ImmutableArray<string> Names { get; }
    /// <summary>Index of <c>headcount.&lt;stage&gt;</c> for stage 0.</summary>
    public int HeadcountByStage { get; }
    /// <summary>Index of <c>exits.&lt;reason&gt;</c> for reason 0 (<see cref="ExitReason"/> order).</summary>
    public int ExitsByReason { get; }
    /// <summary>Index of <c>hires.&lt;source&gt;</c> for source 0.</summary>
    public int HiresBySource { get; }

    private readonly Dictionary<string, int> _index;

    /// <summary>Builds the catalog for a scenario's stages and sources.</summary>
    public MetricCatalog(IReadOnlyList<string> stageIds, IReadOnlyList<string> sourceIds)
    {
        var b = ImmutableArray.CreateBuilder<string>();
        b.AddRange(Standard);
        HeadcountByStage = b.Count;
        foreach (var s in stageIds) b.Add("headcount." + s);
        ExitsByReason = b.Count;
        foreach (var r in Enum.GetValues<ExitReason>()) b.Add("exits." + ReasonName(r));
        HiresBySource = b.Count;
        foreach (var s in sourceIds) b.Add("hires." + s);
        Names = b.ToImmutable();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Names.Length; i++) _index[Names[i]] = i;
    }

    /// <summary>The catalog for a scenario.</summary>
    public static MetricCatalog For(ScenarioSpec spec)
    {
        var p = spec.Periods[0].Parameters;
        return new MetricCatalog([.. p.Stages.Select(s => s.Id)], [.. p.Hiring.Sources.Select(s => s.Id)]);
    }

    /// <summary>Number of metrics.</summary>
    public int Count => Names.Length;

    /// <summary>Index of a metric name, or −1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The YAML / metric spelling of a reason.</summary>
    public static string ReasonName(ExitReason r) => r switch
    {
        ExitReason.Resignation => "resignation",
        ExitReason.Retirement => "retirement",
        ExitReason.Dismissal => "dismissal",
        ExitReason.Move => "move",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };
}

/// <summary>
/// One replication's outcomes. <see cref="Values"/> is metric-major: the value of metric <c>m</c> in year index
/// <c>t</c> (0 = start year) is <c>Values[m * Years + t]</c>. A value is NaN where a metric is undefined in a year
/// (e.g. <c>retention.hired_5y</c> before any cohort has had 5 years); such cells are left out of the outputs.
/// </summary>
public sealed class ReplicationResult
{
    /// <summary>Replication index (0-based).</summary>
    public required int Replication { get; init; }
    /// <summary>Number of years.</summary>
    public required int Years { get; init; }
    /// <summary>Metric values, metric-major.</summary>
    public required double[] Values { get; init; }
    /// <summary>
    /// Survival of teachers hired during the run, by year since hire k = 1..Years (index k − 1): number of hired
    /// teachers who started their k-th year of service since hire (at risk).
    /// </summary>
    public required long[] SurvivalAtRisk { get; init; }
    /// <summary>Exits of hired teachers during their k-th year since hire (index k − 1).</summary>
    public required long[] SurvivalExits { get; init; }
    /// <summary>Teacher-years at risk by completed yos at the start of the year (index = yos, capped at <see cref="MaxYos"/>), summed over years.</summary>
    public required long[] AtRiskByYos { get; init; }
    /// <summary>Exits by completed yos at the start of the year of exit, summed over years.</summary>
    public required long[] ExitsByYos { get; init; }
    /// <summary>Highest yos index of <see cref="AtRiskByYos"/>; older teachers are counted there.</summary>
    public const int MaxYos = 60;
    /// <summary>Every employment spell of this replication, when recording was asked for (<c>RunOptions.RecordSpells</c>).</summary>
    public IReadOnlyList<TeacherSpell>? Spells { get; set; }

    /// <summary>Value of metric <paramref name="metric"/> in year index <paramref name="t"/>.</summary>
    public double this[int metric, int t] => Values[metric * Years + t];
}

/// <summary>The result of a whole run: every replication, in index order.</summary>
public sealed class RunResult
{
    /// <summary>The scenario that was run.</summary>
    public required ScenarioSpec Spec { get; init; }
    /// <summary>Metric names.</summary>
    public required MetricCatalog Metrics { get; init; }
    /// <summary>Replications in index order.</summary>
    public required ImmutableArray<ReplicationResult> Replications { get; init; }
    /// <summary>Worker threads used.</summary>
    public required int Threads { get; init; }
    /// <summary>Wall time of the simulation (not of output writing).</summary>
    public required TimeSpan WallTime { get; init; }
    /// <summary>Total teacher-years simulated (sum over replications and years of start-of-year headcount).</summary>
    public required long TeacherYears { get; init; }
}
