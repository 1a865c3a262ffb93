using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios.Validation;

/// <summary>How a number outside its range is reported.</summary>
internal enum RuleKind : byte
{
    /// <summary>A general range ("between 1900 and 2200").</summary>
    Range,
    /// <summary>A probability in [0, 1], with a percent hint.</summary>
    Probability,
    /// <summary>Zero or more (counts, money): reported as "must not be negative".</summary>
    NonNegative,
}

/// <summary>The valid range of a number, as documented in docs/scenario-format.md.</summary>
internal sealed record NumberRule(double Min, double Max, string Meaning, RuleKind Kind = RuleKind.Range)
{
    /// <summary>
    /// Why this value cannot be given as a distribution (docs/uncertainty.md), or null when it can: it fixes the run's
    /// structure, or it is one of a set of shares that must sum to 1 in every world.
    /// </summary>
    public string? FixedBecause { get; init; }

    /// <summary>The same rule for a value that may not be uncertain.</summary>
    public NumberRule Fixed(string because) => this with { FixedBecause = because };

    public static readonly NumberRule Probability = new(0, 1, "a probability", RuleKind.Probability);

    /// <summary>A share of a set that sums to 1 (segments, sources, exit reasons): never uncertain.</summary>
    public static readonly NumberRule Share = Probability.Fixed("it is one of a set of shares that must sum to 1 in every world");
    public static readonly NumberRule Any = new(double.MinValue, double.MaxValue, "a number");

    public static NumberRule NonNegative(string meaning) => new(0, double.MaxValue, meaning, RuleKind.NonNegative);
    public static NumberRule Between(double min, double max, string meaning) => new(min, max, meaning);
    public static NumberRule AtLeast(double min, string meaning) => new(min, double.MaxValue, meaning);

    /// <summary>The diagnostic for <paramref name="value"/>, or null when it is in range.</summary>
    public Diagnostic? Check(double value, SourceLocation at, string path)
    {
        if (value >= Min && value <= Max) return null; // NaN fails both comparisons and is reported
        return Kind switch
        {
            RuleKind.Probability => ScenarioErrors.ProbabilityOutOfRange(at, path, value),
            // Any zero-based range (counts, money, years) reports a negative value as such.
            RuleKind.NonNegative or RuleKind.Range when value < 0 && Min == 0 => ScenarioErrors.Negative(at, path, value),
            _ => ScenarioErrors.OutOfRange(at, path, value, Describe(), Meaning),
        };
    }

    /// <summary>The range in words: "between 0 and 1", "at least 0".</summary>
    public string Describe() => Max == double.MaxValue
        ? $"at least {ScenarioErrors.Num(Min)}"
        : Min == double.MinValue ? $"at most {ScenarioErrors.Num(Max)}" : $"between {ScenarioErrors.Num(Min)} and {ScenarioErrors.Num(Max)}";
}
