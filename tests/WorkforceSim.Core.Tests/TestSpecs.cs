using System.Collections.Immutable;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Core.Tests;

/// <summary>Scenario specs built in code, for engine tests that must not depend on the YAML loader.</summary>
internal static class TestSpecs
{
    public static ModelParameters Parameters(int positions, ImmutableArray<double> hazard, double fillRate = 1.0,
        ImmutableArray<StageSpec>? stages = null) => new()
    {
        Positions = new PositionsSpec(positions),
        Attrition = new AttritionSpec
        {
            HazardByYearOfService = hazard,
            Reasons = [new ReasonShares(0, [1, 0, 0, 0])],
        },
        Hiring = new HiringSpec
        {
            FillRate = fillRate,
            Sources = [new HiringSourceSpec { Id = "novice", Kind = SourceKind.Novice, Share = 1, Effectiveness = new(-0.5, 1) }],
        },
        Effectiveness = new EffectivenessSpec(),
        Evaluation = new EvaluationSpec { Levels = [new("low", double.NegativeInfinity), new("high", 0)] },
        Compensation = new CompensationSpec(),
        Stages = stages ?? [new StageSpec { Id = "teacher", Salary = 50_000 }],
    };

    public static ScenarioSpec Simple(int positions, ImmutableArray<double> hazard, int years, int replications = 1,
        IntDistribution? initialYos = null, double fillRate = 1.0) => new()
    {
        Id = "test",
        Title = "test",
        StartYear = 2026,
        Years = years,
        Replications = replications,
        Seed = 42,
        Segments = [new SegmentSpec("all", 1)],
        Initial = new InitialWorkforceSpec { Yos = initialYos ?? IntDistribution.Point(0), Effectiveness = new(0, 1) },
        Periods = [new ParameterPeriod(2026, Parameters(positions, hazard, fillRate))],
    };

    /// <summary>The benchmark workload R1 (benchmarks/benchmark-model in docs), built in code.</summary>
    public static ScenarioSpec R1(int positions = 65_000, int years = 30, int replications = 20)
    {
        double[] h = new double[31];
        double[] byYos = [0.12, 0.10, 0.09, 0.08, 0.07];
        for (int y = 0; y <= 30; y++)
            h[y] = y < 5 ? byYos[y] : y < 10 ? 0.06 : y < 20 ? 0.045 : y < 25 ? 0.06 : y < 30 ? 0.12 : 0.30;
        ImmutableArray<StageSpec> stages =
        [
            new StageSpec { Id = "novice" },
            new StageSpec { Id = "career", Promotion = new PromotionSpec { FromStage = 0, MinYos = 3 } },
            new StageSpec
            {
                Id = "advanced", HazardFactor = 0.85,
                Promotion = new PromotionSpec { FromStage = 1, MinYos = 5, Capacity = new CapacitySpec(CapacityKind.ShareOfPositions, 0.20) },
            },
            new StageSpec
            {
                Id = "lead", HazardFactor = 0.6,
                Promotion = new PromotionSpec { FromStage = 2, MinYos = 7, Capacity = new CapacitySpec(CapacityKind.PerTeachers, 8) },
            },
        ];
        var p = Parameters(positions, [.. h], 1.0, stages) with
        {
            // Every exit at year end, as scenarios/benchmark-r1.yaml (end_of_year_share: 1): exits counted as drawn.
            Attrition = new AttritionSpec { HazardByYearOfService = [.. h], MandatoryExitYos = 45, Reasons = [new ReasonShares(0, [1, 0, 0, 0])], EndOfYearShare = 1 },
            Effectiveness = new EffectivenessSpec
            {
                GrowthByYos = [new StepValue(1, 0.20), new StepValue(2, 0.10), new StepValue(5, 0.03), new StepValue(10, 0.0)],
                GrowthNoiseSd = 0.1,
            },
        };
        return new ScenarioSpec
        {
            Id = "r1",
            Title = "R1",
            StartYear = 2026,
            Years = years,
            Replications = replications,
            Seed = 1,
            Cycle = [Phase.Exits, Phase.Service, Phase.Promotion, Phase.Hiring],
            Segments = [new SegmentSpec("all", 1)],
            Initial = new InitialWorkforceSpec
            {
                Yos = IntDistribution.Uniform(0, 29),
                Effectiveness = new(0, 1),
                StageByYos = [new StageFromYos(0, 0), new StageFromYos(3, 1)],
                PromotionPasses = 1,
            },
            Periods = [new ParameterPeriod(2026, p)],
        };
    }
}
