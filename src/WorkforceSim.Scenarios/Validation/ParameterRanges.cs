using System.Text.RegularExpressions;

namespace WorkforceSim.Scenarios.Validation;

/// <summary>The valid range of a scenario value, as the loader checks it (docs/scenario-format.md).</summary>
/// <param name="Min">Smallest valid value (<see cref="double.MinValue"/>: no lower bound).</param>
/// <param name="Max">Largest valid value (<see cref="double.MaxValue"/>: no upper bound).</param>
/// <param name="WholeNumber">Whether the loader requires a whole number.</param>
/// <param name="Meaning">What the number is, as the loader's messages say it ("a probability", "money per year").</param>
public sealed record ParameterRange(double Min, double Max, bool WholeNumber, string Meaning)
{
    /// <summary>Whether there is a lower bound.</summary>
    public bool HasMin => Min > double.MinValue;
    /// <summary>Whether there is an upper bound.</summary>
    public bool HasMax => Max < double.MaxValue;
}

/// <summary>
/// The ranges of the scenario values that tools offer as levers (the what-if page, sweeps), taken from the very rules the
/// loader validates with, so a form can show the range the loader will enforce.
/// </summary>
public static partial class ParameterRanges
{
    internal static readonly NumberRule Replications = NumberRule.Between(1, 1_000_000, "a number of replications");
    internal static readonly NumberRule Seed = NumberRule.Between(0, long.MaxValue, "a 63-bit seed");
    internal static readonly NumberRule HorizonYears = NumberRule.Between(1, 200, "a number of years");
    internal static readonly NumberRule Money = NumberRule.NonNegative("money per year");
    internal static readonly NumberRule StageHazardFactor = NumberRule.Between(0, 100, "a factor");
    internal static readonly NumberRule CapacityAbsolute = NumberRule.NonNegative("a number of slots");
    internal static readonly NumberRule CapacityPerTeachers = NumberRule.AtLeast(1, "positions per slot");
    internal static readonly NumberRule Span = NumberRule.Between(1, 100, "teachers per holder");
    internal static readonly NumberRule GlobalFactor = NumberRule.Between(0, 10, "a factor");
    internal static readonly NumberRule BonusAmount = NumberRule.NonNegative("money per year");

    /// <summary>Patterns (ids of list items written as <c>[]</c>) and the rule the loader applies there.</summary>
    private static readonly Dictionary<string, (NumberRule Rule, bool Whole)> Table = new(StringComparer.Ordinal)
    {
        ["replications"] = (Replications, true),
        ["seed"] = (Seed, true),
        ["horizon.years"] = (HorizonYears, true),
        ["career_ladder.stages[].salary"] = (Money, false),
        ["career_ladder.stages[].stipend"] = (Money, false),
        ["career_ladder.stages[].hazard_factor"] = (StageHazardFactor, false),
        ["career_ladder.stages[].promotion.acceptance"] = (NumberRule.Probability, false),
        ["career_ladder.stages[].promotion.capacity.absolute"] = (CapacityAbsolute, true),
        ["career_ladder.stages[].promotion.capacity.per_teachers"] = (CapacityPerTeachers, false),
        ["career_ladder.stages[].promotion.capacity.share"] = (NumberRule.Probability, false),
        ["leadership_roles[].span"] = (Span, true),
        ["hiring.fill_rate"] = (NumberRule.Probability, false),
        ["hiring.sources[].share"] = (NumberRule.Probability, false),
        ["hiring.sources[].return_probability"] = (NumberRule.Probability, false),
        ["attrition.global_factor"] = (GlobalFactor, false),
        ["bonuses[].amount"] = (BonusAmount, false),
    };

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex ItemId();

    /// <summary>
    /// The range of the value at <paramref name="path"/> (policy-path syntax, e.g. <c>career_ladder.stages[team_lead].stipend</c>),
    /// or null when the path is not one of the values listed here.
    /// </summary>
    public static ParameterRange? For(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Table.TryGetValue(ItemId().Replace(path, "[]"), out var entry)) return null;
        return new ParameterRange(entry.Rule.Min, entry.Rule.Max, entry.Whole, entry.Rule.Meaning);
    }
}
