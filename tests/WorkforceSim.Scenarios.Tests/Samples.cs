namespace WorkforceSim.Scenarios.Tests;

/// <summary>Scenario texts shared by the tests.</summary>
internal static class Samples
{
    /// <summary>The smallest valid scenario: only required keys.</summary>
    public const string Minimal = """
        scenario: minimal
        title: Minimal
        horizon: {start_year: 2026, years: 10}
        workforce:
          positions: {count: 1000}
          initial:
            yos: {uniform: {min: 0, max: 30}}
        attrition:
          hazard_by_yos: {1: 0.10, 2: 0.07, 3: 0.05}
        hiring:
          sources:
            - {id: novice, kind: novice, share: 1}
        """;

    /// <summary>A richer valid scenario exercising ladders, roles, bonuses and policies.</summary>
    public const string Full = """
        scenario: ladder
        title: Team leads
        horizon: {start_year: 2026, years: 15}
        replications: 500
        seed: 20261122
        workforce:
          positions: {count: 5000, change_per_year: 10}
          segments:
            - {id: high_poverty, share: 0.4}
            - {id: other, share: 0.6}
          initial:
            yos: {table: {0: 1, 5: 3, 2: 1}}
            stage_by_yos: {0: teacher, 4: team_lead}
        attrition:
          hazard_by_yos: {2: 0.07, 1: 0.10, 3: 0.05}
          modifiers:
            - {when: {stage: team_lead}, factor: 0.7}
            - {when: {segment: [other, high_poverty], effectiveness_quintile: 1}, factor: 1.2, from_year: 2027}
          reasons:
            0: {resignation: 0.9, move: 0.1}
            25: {retirement: 0.7, resignation: 0.3}
        hiring:
          fill_rate: 0.97
          fill_rate_by_segment: {high_poverty: 0.9}
          sources:
            - {id: novice, kind: novice, share: 0.6}
            - {id: experienced, kind: experienced, share: 0.15, yos: {uniform: {min: 2, max: 10}}}
            - {id: returners, kind: reentrant, share: 0.25, max_gap: 8, reasons: [resignation]}
        evaluation:
          levels:
            - {id: low}
            - {id: mid, from: -0.5}
            - {id: high, from: 0.8}
        career_ladder:
          stages:
            - {id: teacher, salary: 52000}
            - id: team_lead
              stipend: 3000
              promotion:
                from: teacher
                min_yos: 4
                ratings: [{at_least: high, consecutive: 2}]
                capacity: {per_teachers: 7}
                acceptance: 0.7
        leadership_roles:
          - {id: coaching, held_by: team_lead, span: 6, effects: {coached_hazard_factor: 0.9, coached_growth: 0.05}}
        bonuses:
          - {id: retention, amount: 2000, from_year: 2027, to_year: 2030, when: {rating_at_most: mid}}
        policies:
          - from_year: 2029
            set:
              career_ladder.stages[team_lead].stipend: 5000
              hiring.fill_rate: 0.99
          - from_year: 2032
            note: cheaper first year
            set:
              attrition.hazard_by_yos.1: 0.08
              leadership_roles[coaching].span: 8
        """;
}
