using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration.Tests;

public class LifeTableTests
{
    // Window 2020-2023 (window start 2020, roster year 2023). Spell: hire year, prior yos, exit year.
    //   A 2020 0 2020  yos0 exit
    //   B 2020 0 2021  yos0, yos1 exit
    //   C 2020 0 -     yos0..3, censored at yos3 (2023)
    //   D 2021 0 -     yos0..2, censored at yos2
    //   E 2022 0 2022  yos0 exit
    //   F 2022 0 -     yos0..1, censored at yos1
    //   G 2023 0 -     yos0, censored
    //   H 2018 0 2021  left-truncated: enters 2020 at yos2; yos3 exit (2021)
    //   I 2019 0 -     left-truncated: enters 2020 at yos1; yos1..4, censored at yos4
    //   J 2017 0 2019  left before the window: not in the risk set at all
    //   K 2021 2 2022  prior service: enters at yos2; yos3 exit
    //   L 2015 0 2020  left-truncated: enters at yos5 and exits there
    //   M 2020 1 2023  yos1..3, yos4 exit
    //
    // yos  at risk (who)              n  d  censored  h = d/n   S = Π(1-h)        Greenwood Σ d/(n(n-d))
    //  0   A B C D E F G              7  2  1 (G)     2/7       5/7   = 0.714286  2/35            = 0.0571429
    //  1   B C D F I M                6  1  1 (F)     1/6       25/42 = 0.595238  + 1/30          = 0.0904762
    //  2   C D H I K M                6  0  1 (D)     0         25/42 = 0.595238  + 0             = 0.0904762
    //  3   C H I K M                  5  2  1 (C)     2/5       15/42 = 0.357143  + 2/15          = 0.2238095
    //  4   I M                        2  1  1 (I)     1/2       15/84 = 0.178571  + 1/2           = 0.7238095
    //  5   L                          1  1  0         1         0
    // Log(-log) interval, z = 1.959964: se = √Σ / |ln S|, low = S^exp(z·se), high = S^exp(-z·se).
    //  yos0: se = √0.0571429 / 0.336472 = 0.710449 → [0.714286^4.0248, 0.714286^0.24846] = [0.258154, 0.919797]
    //  yos1: se = √0.0904762 / 0.518794 = 0.579798 → [0.198638, 0.846603]; yos2 the same (no exits)
    //  yos3: se = √0.2238095 / 1.029619 = 0.459478 → [0.079352, 0.658112]
    //  yos4: se = √0.7238095 / 1.722767 = 0.493844 → [0.010726, 0.519733]
    // Wilson for 2/7: centre (p + z²/2n)/(1 + z²/n) = 0.361642, half-width 0.279423 → [0.082219, 0.641066].
    internal static readonly Spell[] HandSpells =
    [
        Spell("A", 2020, 0, 2020), Spell("B", 2020, 0, 2021), Spell("C", 2020, 0, null), Spell("D", 2021, 0, null),
        Spell("E", 2022, 0, 2022), Spell("F", 2022, 0, null), Spell("G", 2023, 0, null), Spell("H", 2018, 0, 2021),
        Spell("I", 2019, 0, null), Spell("J", 2017, 0, 2019), Spell("K", 2021, 2, 2022), Spell("L", 2015, 0, 2020),
        Spell("M", 2020, 1, 2023),
    ];

    private static Spell Spell(string id, int hire, int prior, int? exit) => new(0, id, hire, prior, exit, null, "", "");

    private static LifeTableRow[] HandTable() =>
        [.. LifeTable.Build(RiskSet.FromSpells(HandSpells, 2020, 2023).Cells, HazardInterval.Wilson, 0.95)];

    [Fact]
    public void Hand_computed_life_table_with_censoring_and_left_truncation_matches_counts()
    {
        var table = HandTable();
        Assert.Equal([7, 6, 6, 5, 2, 1], table.Select(r => r.AtRisk));
        Assert.Equal([2, 1, 0, 2, 1, 1], table.Select(r => r.Exits));
        Assert.Equal([1, 1, 1, 1, 1, 0], table.Select(r => r.Censored));
        Assert.Equal(12, RiskSet.FromSpells(HandSpells, 2020, 2023).Teachers);
    }

    [Fact]
    public void Hand_computed_life_table_matches_hazards_and_survival_to_four_decimals()
    {
        var table = HandTable();
        double[] hazards = [2 / 7.0, 1 / 6.0, 0, 0.4, 0.5, 1];
        double[] survival = [0.714286, 0.595238, 0.595238, 0.357143, 0.178571, 0];
        for (int yos = 0; yos < table.Length; yos++)
        {
            Assert.Equal(hazards[yos], table[yos].Hazard, 4);
            Assert.Equal(survival[yos], table[yos].Survival, 4);
        }
    }

    [Fact]
    public void Hand_computed_life_table_matches_Greenwood_log_log_intervals_to_four_decimals()
    {
        var table = HandTable();
        (double Low, double High)[] expected =
            [(0.258154, 0.919797), (0.198638, 0.846603), (0.198638, 0.846603), (0.079352, 0.658112), (0.010726, 0.519733), (0, 0)];
        for (int yos = 0; yos < table.Length; yos++)
        {
            Assert.Equal(expected[yos].Low, table[yos].SurvivalCi.Low, 4);
            Assert.Equal(expected[yos].High, table[yos].SurvivalCi.High, 4);
        }
    }

    [Fact]
    public void Hazard_interval_is_Wilson_by_default_and_Clopper_Pearson_on_request()
    {
        var wilson = HandTable()[0].HazardCi;
        Assert.Equal(0.082219, wilson.Low, 4);
        Assert.Equal(0.641066, wilson.High, 4);
        // Clopper–Pearson for 2/7: Beta(2, 6) quantile 0.025 and Beta(3, 5) quantile 0.975 (R: binom.test(2, 7)).
        var exact = BinomialInterval.Compute(HazardInterval.ClopperPearson, 2, 7, 0.95);
        Assert.Equal(0.036690, exact.Low, 4);
        Assert.Equal(0.709579, exact.High, 4);
    }

    [Fact]
    public void Constant_hazard_gives_geometric_survival()
    {
        // Analytic check: 1000 teachers at risk each year, 100 leave (h = 0.1) → S_y = 0.9^(y+1).
        RiskCell[] cells = [.. Enumerable.Range(0, 5).Select(y => new RiskCell(y, "", "", 1000, 100, 0))];
        var table = LifeTable.Build(cells, HazardInterval.Wilson, 0.95);
        for (int yos = 0; yos < 5; yos++) Assert.Equal(Math.Pow(0.9, yos + 1), table[yos].Survival, 12);
    }
}
