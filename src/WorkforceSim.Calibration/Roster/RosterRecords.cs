using System.Collections.Immutable;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Calibration.Roster;

/// <summary>The two roster layouts, told apart by their header (docs/roster-format.md).</summary>
public enum RosterFormat
{
    /// <summary>One row per teacher: hire year, prior service, exit year (empty while employed).</summary>
    Spell,
    /// <summary>One row per teacher and school year: yos at the start of the year and whether the teacher left during it.</summary>
    Panel,
}

/// <summary>
/// One employment spell. School years are named by the calendar year they start in.
/// </summary>
/// <param name="Line">1-based line in the roster (0 for spells built in code).</param>
/// <param name="TeacherId">Teacher identifier.</param>
/// <param name="HireYear">School year of hire.</param>
/// <param name="PriorYos">Completed years of service at hire. Range: ≥ 0.</param>
/// <param name="ExitYear">School year during (or at the end of) which the teacher left; null while employed.</param>
/// <param name="Reason">Exit reason when known.</param>
/// <param name="Stage">Career stage ("" when not recorded).</param>
/// <param name="Segment">Segment ("" when not recorded).</param>
public sealed record Spell(int Line, string TeacherId, int HireYear, int PriorYos, int? ExitYear, ExitReason? Reason, string Stage, string Segment);

/// <summary>One teacher-year of a panel roster.</summary>
/// <param name="Line">1-based line in the roster (0 for rows built in code).</param>
/// <param name="TeacherId">Teacher identifier.</param>
/// <param name="Year">School year.</param>
/// <param name="Yos">Completed years of service at the start of the school year. Range: ≥ 0.</param>
/// <param name="Stage">Career stage ("" when not recorded).</param>
/// <param name="Segment">Segment ("" when not recorded).</param>
/// <param name="Left">Whether the teacher left during (or at the end of) this school year.</param>
public sealed record PanelRow(int Line, string TeacherId, int Year, int Yos, string Stage, string Segment, bool Left);

/// <summary>A parsed roster in one of the two formats (the other list is empty).</summary>
public sealed record TeacherRoster(RosterFormat Format, ImmutableArray<Spell> Spells, ImmutableArray<PanelRow> Rows)
{
    /// <summary>Latest school year mentioned (hire, exit or panel year): the default roster year.</summary>
    public int LatestYear => Format == RosterFormat.Spell
        ? Spells.Max(s => Math.Max(s.HireYear, s.ExitYear ?? s.HireYear))
        : Rows.Max(r => r.Year);

    /// <summary>
    /// The default start of the observation window. Panel: the earliest year. Spell: the earliest exit year, because
    /// a roster extract usually lists everyone employed since some date, so exits are only recorded from that date
    /// on; with no exits at all, the earliest hire year.
    /// </summary>
    public int DefaultWindowStart => Format == RosterFormat.Panel
        ? Rows.Min(r => r.Year)
        : Spells.Where(s => s.ExitYear.HasValue).Select(s => s.ExitYear!.Value).DefaultIfEmpty(Spells.Min(s => s.HireYear)).Min();

    /// <summary>Distinct teachers.</summary>
    public int TeacherCount => Format == RosterFormat.Spell ? Spells.Length : Rows.Select(r => r.TeacherId).Distinct().Count();

    /// <inheritdoc />
    public override string ToString() => $"TeacherRoster({Format}, {(Format == RosterFormat.Spell ? Spells.Length : Rows.Length)} rows)";
}

/// <summary>A roster, or every problem found in it (never both).</summary>
public sealed record RosterReadResult(TeacherRoster? Roster, ImmutableArray<Diagnostics.CalibrationDiagnostic> Diagnostics)
{
    /// <summary>True when the roster was read without problems.</summary>
    public bool Success => Roster is not null;
}
