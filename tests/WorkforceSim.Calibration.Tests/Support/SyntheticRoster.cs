using System.Globalization;
using System.Text;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration.Tests.Support;

/// <summary>
/// Spells simulated from known annual hazards by completed yos: teachers are hired every year from
/// <see cref="FirstHire"/> on, a fifth with 1-5 prior years; each year a teacher leaves when a uniform falls below
/// hazard(yos) × ratio(stage). Only spells still running at <see cref="WindowStart"/> are kept, as a roster extract
/// would, so the early cohorts are left-truncated; spells still running at <see cref="RosterYear"/> are censored.
/// </summary>
internal sealed record SyntheticRoster(IReadOnlyList<double> HazardByYos, int Teachers)
{
    public int FirstHire { get; init; } = 2000;
    public int WindowStart { get; init; } = 2015;
    public int RosterYear { get; init; } = 2024;
    /// <summary>Share of teachers in stage "lead" (the others are "teacher").</summary>
    public double LeadShare { get; init; }
    /// <summary>Hazard ratio of stage "lead" against "teacher".</summary>
    public double LeadRatio { get; init; } = 1;

    public double Hazard(int yos) => HazardByYos[Math.Min(yos, HazardByYos.Count - 1)];

    public List<Spell> Spells(ulong seed)
    {
        var spells = new List<Spell>(Teachers);
        int cohorts = RosterYear - FirstHire + 1;
        for (int i = 0; i < Teachers; i++)
        {
            ulong key = SplitMix64.TeacherKey(seed, i);
            int hire = FirstHire + i % cohorts;
            int prior = SplitMix64.Uniform(key, 0, purpose: 1) < 0.2 ? 1 + (int)(5 * SplitMix64.Uniform(key, 0, purpose: 2)) : 0;
            bool lead = SplitMix64.Uniform(key, 0, purpose: 3) < LeadShare;
            double ratio = lead ? LeadRatio : 1;
            int? exit = null;
            for (int year = hire; year <= RosterYear && exit is null; year++)
                if (SplitMix64.Uniform(key, year) < Hazard(prior + year - hire) * ratio) exit = year;
            if (exit < WindowStart) continue;
            spells.Add(new Spell(0, $"T{i}", hire, prior, exit, null, lead ? "lead" : "teacher", ""));
        }
        return spells;
    }

    /// <summary>The spells as a spell-format roster CSV (hire years as August dates, to exercise the date rule).</summary>
    public static string ToCsv(IEnumerable<Spell> spells)
    {
        var csv = new StringBuilder("teacher_id,hire_date,prior_yos,exit_year,stage\n");
        foreach (var s in spells)
            csv.Append(CultureInfo.InvariantCulture, $"{s.TeacherId},{s.HireYear}-08-20,{s.PriorYos},{s.ExitYear},{s.Stage}\n");
        return csv.ToString();
    }
}
