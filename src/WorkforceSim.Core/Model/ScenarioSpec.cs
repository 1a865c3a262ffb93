using System.Collections.Immutable;

namespace WorkforceSim.Core.Model;

/// <summary>
/// A validated, immutable scenario: the engine's input contract. Built by WorkforceSim.Scenarios from YAML
/// (after <c>extends</c>, defaults and policies are resolved) or by tests directly. The engine never validates;
/// everything here is assumed to satisfy the ranges documented in docs/scenario-format.md.
/// </summary>
public sealed record ScenarioSpec
{
    /// <summary>Short identifier (the YAML <c>scenario:</c> key).</summary>
    public required string Id { get; init; }
    /// <summary>Human title.</summary>
    public required string Title { get; init; }
    /// <summary>Longer description (may be empty).</summary>
    public string Description { get; init; } = "";
    /// <summary>First simulated calendar year. Year <c>StartYear</c> is the first year teachers are exposed to exits.</summary>
    public required int StartYear { get; init; }
    /// <summary>Number of simulated years. Range: 1 ≤ Years ≤ 200.</summary>
    public required int Years { get; init; }
    /// <summary>Monte Carlo replications. Range: ≥ 1.</summary>
    public int Replications { get; init; } = 100;
    /// <summary>Master seed of the counter-based generator.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Order of the phases inside a year. Policy changes always come first and recording always last.</summary>
    public ImmutableArray<Phase> Cycle { get; init; } = DefaultCycle;
    /// <summary>Segments (school groups) that own shares of the positions. Always at least one.</summary>
    public required ImmutableArray<SegmentSpec> Segments { get; init; }
    /// <summary>The workforce at the start of the first year.</summary>
    public required InitialWorkforceSpec Initial { get; init; }
    /// <summary>
    /// Time-varying parameters. <c>Periods[0].FromYear == StartYear</c>; later periods come from effective-dated
    /// policies, in ascending <c>FromYear</c>. Stage, source, role and bonus lists have the same ids in the same
    /// order in every period (policies change values, not structure).
    /// </summary>
    public required ImmutableArray<ParameterPeriod> Periods { get; init; }

    /// <summary>Last simulated calendar year.</summary>
    public int LastYear => StartYear + Years - 1;

    /// <summary>The parameters in force in a calendar year.</summary>
    public ModelParameters ParametersFor(int year)
    {
        var p = Periods[0].Parameters;
        foreach (var period in Periods)
            if (period.FromYear <= year) p = period.Parameters;
        return p;
    }

    /// <summary>Positions budgeted for a calendar year under the parameters in force then (years after the horizon
    /// use the last period's, e.g. the next year a final hiring round staffs).</summary>
    public int PositionsIn(int year) => ParametersFor(year).Positions.For(year, StartYear);

    /// <summary>The phases in the order DESIGN.md §2 gives them.</summary>
    public static readonly ImmutableArray<Phase> DefaultCycle =
        [Phase.Exits, Phase.Evaluation, Phase.Promotion, Phase.Hiring, Phase.Leadership, Phase.Service];

    /// <inheritdoc />
    public override string ToString() => $"ScenarioSpec({Id}, {StartYear}-{LastYear}, {Replications} replications)";
}

/// <summary>A phase of the yearly cycle that a scenario may order.</summary>
public enum Phase : byte
{
    /// <summary>Exits during the year at their sampled times.</summary>
    Exits,
    /// <summary>Annual rating drawn from effectiveness plus noise.</summary>
    Evaluation,
    /// <summary>Capacity-limited promotion round, top stage first (vacancy chains).</summary>
    Promotion,
    /// <summary>Hiring round that fills vacancies for the next year.</summary>
    Hiring,
    /// <summary>Leadership-role holders are assigned teachers to coach.</summary>
    Leadership,
    /// <summary>Teachers who served the year gain a year of service and effectiveness growth.</summary>
    Service,
}

/// <summary>Parameters in force from a calendar year on.</summary>
public sealed record ParameterPeriod(int FromYear, ModelParameters Parameters);

/// <summary>Everything that an effective-dated policy may change.</summary>
public sealed record ModelParameters
{
    /// <summary>Demand for teachers.</summary>
    public required PositionsSpec Positions { get; init; }
    /// <summary>Exit hazards, modifiers and reasons.</summary>
    public required AttritionSpec Attrition { get; init; }
    /// <summary>Fill rate and hiring sources.</summary>
    public required HiringSpec Hiring { get; init; }
    /// <summary>Growth of effectiveness with service.</summary>
    public required EffectivenessSpec Effectiveness { get; init; }
    /// <summary>Annual ratings.</summary>
    public required EvaluationSpec Evaluation { get; init; }
    /// <summary>Salary schedule and hiring cost.</summary>
    public required CompensationSpec Compensation { get; init; }
    /// <summary>Career-ladder stages, lowest first. Always at least one.</summary>
    public required ImmutableArray<StageSpec> Stages { get; init; }
    /// <summary>Leadership (coaching) roles.</summary>
    public ImmutableArray<LeadershipRoleSpec> Roles { get; init; } = [];
    /// <summary>Temporary bonuses.</summary>
    public ImmutableArray<BonusSpec> Bonuses { get; init; } = [];
}

/// <summary>A school group (e.g. high-poverty) owning a share of positions.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Share">Share of positions. Range: 0 &lt; share ≤ 1; shares sum to 1.</param>
public sealed record SegmentSpec(string Id, double Share);

/// <summary>Positions (demand) per year: <c>round(Count·(1+GrowthRate)^(y−start) + ChangePerYear·(y−start))</c>, at least 0.</summary>
public sealed record PositionsSpec(int Count, double ChangePerYear = 0, double GrowthRate = 0)
{
    /// <summary>Positions budgeted for a calendar year.</summary>
    public int For(int year, int startYear)
    {
        int t = year - startYear;
        double v = Count * Math.Pow(1 + GrowthRate, t) + ChangePerYear * t;
        return v <= 0 ? 0 : (int)Math.Round(v, MidpointRounding.AwayFromZero);
    }
}

/// <summary>The workforce present at the start of the first year.</summary>
public sealed record InitialWorkforceSpec
{
    /// <summary>Completed years of service of the initial teachers.</summary>
    public required IntDistribution Yos { get; init; }
    /// <summary>Effectiveness of the initial teachers (teacher-SD units).</summary>
    public required NormalSpec Effectiveness { get; init; }
    /// <summary>
    /// Initial stage as a step function of completed yos: each entry applies from its <c>FromYos</c> on.
    /// Empty: everyone starts in the first stage.
    /// </summary>
    public ImmutableArray<StageFromYos> StageByYos { get; init; } = [];
    /// <summary>Promotion passes run before the first year. Range: 0..10.</summary>
    public int PromotionPasses { get; init; } = 1;
    /// <summary>Initial headcount as a share of the first year's positions. Range: 0..1.</summary>
    public double FilledShare { get; init; } = 1.0;
}

/// <summary>An initial-stage step: teachers with at least <paramref name="FromYos"/> completed years start in <paramref name="Stage"/>.</summary>
public sealed record StageFromYos(int FromYos, int Stage);

/// <summary>A normal distribution. <paramref name="Sd"/> ≥ 0.</summary>
public sealed record NormalSpec(double Mean, double Sd)
{
    /// <inheritdoc />
    public override string ToString() => $"Normal(mean = {Mean}, sd = {Sd})";
}

/// <summary>A discrete distribution over non-negative integers (completed years of service).</summary>
public sealed record IntDistribution
{
    /// <summary>Support values, ascending, distinct.</summary>
    public required ImmutableArray<int> Values { get; init; }
    /// <summary>Probabilities, same length as <see cref="Values"/>, summing to 1.</summary>
    public required ImmutableArray<double> Probabilities { get; init; }

    /// <summary>A point mass.</summary>
    public static IntDistribution Point(int v) => new() { Values = [v], Probabilities = [1.0] };

    /// <summary>Uniform on the integers min..max inclusive.</summary>
    public static IntDistribution Uniform(int min, int max)
    {
        int n = max - min + 1;
        return new() { Values = [.. Enumerable.Range(min, n)], Probabilities = [.. Enumerable.Repeat(1.0 / n, n)] };
    }

    /// <inheritdoc />
    public override string ToString() => $"IntDistribution({Values.Length} values, {Values[0]}..{Values[^1]})";
}

/// <summary>A value that applies from a completed-yos threshold on (step function).</summary>
public sealed record StepValue(int FromYos, double Value);

/// <summary>Why a teacher leaves. Order is fixed: it is the order of the competing-risk cumulative sums.</summary>
public enum ExitReason : byte
{
    /// <summary>Voluntary exit from teaching.</summary>
    Resignation,
    /// <summary>Retirement (including mandatory exit at <see cref="AttritionSpec.MandatoryExitYos"/>).</summary>
    Retirement,
    /// <summary>Involuntary exit.</summary>
    Dismissal,
    /// <summary>Move to another district (leaves this workforce).</summary>
    Move,
}

/// <summary>Exit hazards by years of service, multiplicative modifiers and the split between reasons.</summary>
public sealed record AttritionSpec
{
    /// <summary>
    /// Annual exit probability by year of service being worked: index 0 is the first year (0 completed years).
    /// Years beyond the table use its last value. Range of each: 0..1.
    /// </summary>
    public required ImmutableArray<double> HazardByYearOfService { get; init; }
    /// <summary>Teachers with at least this many completed years at the start of a year leave during it with certainty (reason: retirement), unmodified by factors. Range: 1..100.</summary>
    public int MandatoryExitYos { get; init; } = 60;
    /// <summary>Multiplicative modifiers; all that match a teacher apply.</summary>
    public ImmutableArray<HazardModifier> Modifiers { get; init; } = [];
    /// <summary>Reason shares as a step function of completed yos (ascending FromYos, first FromYos = 0).</summary>
    public required ImmutableArray<ReasonShares> Reasons { get; init; }
    /// <summary>Share of exits that happen at the very end of the year (summer); the rest are uniform within the year. Range: 0..1.</summary>
    public double EndOfYearShare { get; init; } = 0.0;
    /// <summary>Optional pay elasticity applied to stipends and bonuses (Hendricks 2014).</summary>
    public PayElasticitySpec? PayElasticity { get; init; }
    /// <summary>A global multiplier on every hazard (sensitivity lever). Range: ≥ 0.</summary>
    public double GlobalFactor { get; init; } = 1.0;
}

/// <summary>Shares of exit reasons (Resignation, Retirement, Dismissal, Move) from a completed yos on; they sum to 1.</summary>
public sealed record ReasonShares(int FromYos, ImmutableArray<double> Shares);

/// <summary>
/// Hazard × (1 + Elasticity · extra pay / base salary · w(yos)), w falling linearly from 1 at yos 0 to 0 at
/// <paramref name="FadeOutYos"/>; floored at 0. Extra pay = stage stipend + bonuses.
/// </summary>
public sealed record PayElasticitySpec(double Elasticity, int FadeOutYos);

/// <summary>A multiplicative hazard modifier for teachers matching a condition, optionally only in some years.</summary>
public sealed record HazardModifier(TeacherCondition When, double Factor, int? FromYear = null, int? ToYear = null);

/// <summary>A condition on a teacher's state. Empty lists and null bounds match anything.</summary>
public sealed record TeacherCondition
{
    /// <summary>Stage indices that match.</summary>
    public ImmutableArray<int> Stages { get; init; } = [];
    /// <summary>Segment indices that match.</summary>
    public ImmutableArray<int> Segments { get; init; } = [];
    /// <summary>Effectiveness quintiles that match (1 = bottom 20%, 5 = top 20%), computed among all teachers at the start of the year.</summary>
    public ImmutableArray<int> Quintiles { get; init; } = [];
    /// <summary>Whether the teacher is coached this year (by any role).</summary>
    public bool? Coached { get; init; }
    /// <summary>Minimum completed years of service.</summary>
    public int? MinYos { get; init; }
    /// <summary>Maximum completed years of service.</summary>
    public int? MaxYos { get; init; }
    /// <summary>The last rating level is at most this (0 = lowest level); teachers never rated do not match.</summary>
    public int? MaxRating { get; init; }

    /// <summary>Matches everyone.</summary>
    public static readonly TeacherCondition Any = new();
}

/// <summary>Hiring: fill rate and sources.</summary>
public sealed record HiringSpec
{
    /// <summary>Share of vacancies filled each year (each vacancy independently). Range: 0..1.</summary>
    public double FillRate { get; init; } = 1.0;
    /// <summary>Per-segment fill rate (same length as segments), or empty to use <see cref="FillRate"/>.</summary>
    public ImmutableArray<double> FillRateBySegment { get; init; } = [];
    /// <summary>Sources, shares summing to 1.</summary>
    public required ImmutableArray<HiringSourceSpec> Sources { get; init; }
}

/// <summary>What kind of person a source hires.</summary>
public enum SourceKind : byte
{
    /// <summary>New teachers (their yos distribution is usually 0).</summary>
    Novice,
    /// <summary>Experienced transfers from elsewhere.</summary>
    Experienced,
    /// <summary>Former teachers of this workforce returning after a gap; they keep their yos and effectiveness.</summary>
    Reentrant,
}

/// <summary>A hiring source.</summary>
public sealed record HiringSourceSpec
{
    /// <summary>Identifier (metric <c>hires.&lt;id&gt;</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Kind.</summary>
    public required SourceKind Kind { get; init; }
    /// <summary>Share of hires. Range 0..1.</summary>
    public required double Share { get; init; }
    /// <summary>Completed yos at hire (novice and experienced).</summary>
    public IntDistribution Yos { get; init; } = IntDistribution.Point(0);
    /// <summary>Effectiveness at hire (novice and experienced).</summary>
    public NormalSpec Effectiveness { get; init; } = new(0, 1);
    /// <summary>Re-entrants: each eligible former teacher is available to return in a year with this probability.</summary>
    public double ReturnProbability { get; init; } = 0.1;
    /// <summary>Re-entrants: minimum gap in years between exit and return.</summary>
    public int MinGap { get; init; } = 1;
    /// <summary>Re-entrants: maximum gap; former teachers leave the pool after it.</summary>
    public int MaxGap { get; init; } = 5;
    /// <summary>Re-entrants: only leavers with at most this many completed years join the pool.</summary>
    public int MaxYosAtExit { get; init; } = 100;
    /// <summary>Re-entrants: exit reasons that put a leaver in the pool (bit per <see cref="ExitReason"/>).</summary>
    public int EligibleReasonMask { get; init; } = (1 << (int)ExitReason.Resignation) | (1 << (int)ExitReason.Move);
}

/// <summary>Effectiveness growth after a year of service.</summary>
public sealed record EffectivenessSpec
{
    /// <summary>Mean growth by the new completed yos (step function, ascending).</summary>
    public ImmutableArray<StepValue> GrowthByYos { get; init; } = [];
    /// <summary>Sd of the normal noise added to growth. Range ≥ 0.</summary>
    public double GrowthNoiseSd { get; init; } = 0.0;
}

/// <summary>Annual rating = effectiveness + N(0, NoiseSd²), cut into ordered levels.</summary>
public sealed record EvaluationSpec
{
    /// <summary>Noise sd. Range ≥ 0.</summary>
    public double NoiseSd { get; init; } = 0.5;
    /// <summary>Levels, lowest first; level 0 starts at −∞, each later level at its <c>From</c> (ascending). At most 7 levels.</summary>
    public required ImmutableArray<RatingLevel> Levels { get; init; }
}

/// <summary>A rating level.</summary>
public sealed record RatingLevel(string Id, double From);

/// <summary>Pay: stage salary plus a step per completed year of service.</summary>
public sealed record CompensationSpec
{
    /// <summary>Salary increase per completed year of service (currency per year).</summary>
    public double StepPerYos { get; init; } = 0;
    /// <summary>Steps stop after this many years.</summary>
    public int MaxSteps { get; init; } = 0;
    /// <summary>Cost of one hire (recruiting, onboarding), in currency.</summary>
    public double HiringCost { get; init; } = 0;
}

/// <summary>A stage of the career ladder.</summary>
public sealed record StageSpec
{
    /// <summary>Identifier (metric <c>headcount.&lt;id&gt;</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Base salary per year in this stage at 0 completed yos.</summary>
    public double Salary { get; init; }
    /// <summary>Stipend per year on top of salary.</summary>
    public double Stipend { get; init; }
    /// <summary>The stage's own attrition factor.</summary>
    public double HazardFactor { get; init; } = 1.0;
    /// <summary>How teachers are promoted into this stage (null for the entry stage or stages reached only initially).</summary>
    public PromotionSpec? Promotion { get; init; }
}

/// <summary>How open slots of a stage are counted.</summary>
public enum CapacityKind : byte
{
    /// <summary>No limit: every eligible teacher is offered promotion.</summary>
    Unlimited,
    /// <summary>A fixed number of slots.</summary>
    Absolute,
    /// <summary>floor(positions / Value) slots.</summary>
    PerTeachers,
    /// <summary>floor(Value × positions) slots.</summary>
    ShareOfPositions,
}

/// <summary>Slot capacity of a stage, counted against the year's positions.</summary>
public sealed record CapacitySpec(CapacityKind Kind, double Value)
{
    /// <summary>Slots for a number of positions (int.MaxValue when unlimited).</summary>
    public int Slots(int positions) => Kind switch
    {
        CapacityKind.Unlimited => int.MaxValue,
        CapacityKind.Absolute => (int)Value,
        CapacityKind.PerTeachers => (int)Math.Floor(positions / Value),
        CapacityKind.ShareOfPositions => (int)Math.Floor(Value * positions + 1e-9),
        _ => 0,
    };

    /// <summary>No limit.</summary>
    public static readonly CapacitySpec Unlimited = new(CapacityKind.Unlimited, 0);
}

/// <summary>Who is offered promotion first.</summary>
public enum SelectionRule : byte
{
    /// <summary>Highest effectiveness first (ties: earlier row).</summary>
    TopEffectiveness,
    /// <summary>Most completed years first (ties: earlier row).</summary>
    Seniority,
    /// <summary>Random order.</summary>
    Random,
}

/// <summary>A rating requirement: the last <paramref name="Consecutive"/> ratings in the current stage are all at least level <paramref name="AtLeastLevel"/>.</summary>
public sealed record RatingRule(int AtLeastLevel, int Consecutive);

/// <summary>A promotion rule into a stage.</summary>
public sealed record PromotionSpec
{
    /// <summary>Stage promoted from (index of a lower stage).</summary>
    public required int FromStage { get; init; }
    /// <summary>Minimum completed years of service.</summary>
    public int MinYos { get; init; }
    /// <summary>Minimum effectiveness percentile (0..100) among all current teachers, or null.</summary>
    public double? MinEffectivenessPercentile { get; init; }
    /// <summary>Rating requirements, any one of which suffices; empty means none.</summary>
    public ImmutableArray<RatingRule> RatingRules { get; init; } = [];
    /// <summary>Slot capacity.</summary>
    public CapacitySpec Capacity { get; init; } = CapacitySpec.Unlimited;
    /// <summary>Order of offers.</summary>
    public SelectionRule Selection { get; init; } = SelectionRule.TopEffectiveness;
    /// <summary>Probability an offer is accepted. Range 0..1.</summary>
    public double Acceptance { get; init; } = 1.0;
}

/// <summary>Who gets coached first when coaching capacity is short.</summary>
public enum CoachingPriority : byte
{
    /// <summary>Fewest completed years first (ties: earlier row).</summary>
    NovicesFirst,
    /// <summary>Lowest effectiveness first.</summary>
    LowestEffectiveness,
    /// <summary>Random order.</summary>
    Random,
}

/// <summary>A leadership role: holders of a stage each coach up to Span teachers.</summary>
public sealed record LeadershipRoleSpec
{
    /// <summary>Identifier.</summary>
    public required string Id { get; init; }
    /// <summary>The stage whose holders coach.</summary>
    public required int HeldByStage { get; init; }
    /// <summary>Teachers coached per holder. Range 1..100.</summary>
    public required int Span { get; init; }
    /// <summary>Assignment priority.</summary>
    public CoachingPriority Priority { get; init; } = CoachingPriority.NovicesFirst;
    /// <summary>Who may be coached (holders of the role's stage never are).</summary>
    public TeacherCondition Eligible { get; init; } = TeacherCondition.Any;
    /// <summary>Factor on the coached teacher's exit hazard in the next year.</summary>
    public double CoachedHazardFactor { get; init; } = 1.0;
    /// <summary>Extra effectiveness growth of a coached teacher (teacher-SD per year).</summary>
    public double CoachedGrowth { get; init; }
}

/// <summary>A temporary bonus paid to matching teachers in years FromYear..ToYear, with a hazard factor while paid.</summary>
public sealed record BonusSpec
{
    /// <summary>Identifier.</summary>
    public required string Id { get; init; }
    /// <summary>Amount per teacher per year.</summary>
    public double Amount { get; init; }
    /// <summary>First year paid (null: from the start).</summary>
    public int? FromYear { get; init; }
    /// <summary>Last year paid (null: to the end).</summary>
    public int? ToYear { get; init; }
    /// <summary>Who is paid.</summary>
    public TeacherCondition When { get; init; } = TeacherCondition.Any;
    /// <summary>Hazard factor while paid.</summary>
    public double HazardFactor { get; init; } = 1.0;

    /// <summary>Whether the bonus is paid in a year.</summary>
    public bool ActiveIn(int year) => (FromYear is null || year >= FromYear) && (ToYear is null || year <= ToYear);
}
