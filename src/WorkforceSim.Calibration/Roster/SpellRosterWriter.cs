using System.Globalization;
using System.Text;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Calibration.Roster;

/// <summary>
/// Writes the employment spells of one simulated replication as a spell roster that <c>wsim calibrate</c> reads
/// (docs/roster-format.md): <c>teacher_id,hire_year,prior_yos,exit_year,exit_reason,stage,segment</c>, LF line ends,
/// culture-invariant years. This is what <c>wsim run --emit-roster</c> writes.
/// </summary>
/// <remarks>
/// The roster is taken at the end of school year <c>rosterYear</c> (the scenario's last year): exits are the
/// school years during which teachers left; teachers still employed have an empty exit year. Teachers present
/// when the simulation starts are back-dated to their own first year (hire year = start year − yos, prior
/// service 0), so a calibration must use the scenario's start year as its window start (left truncation):
/// <c>wsim calibrate ROSTER --window-start START</c>. Teachers hired for the school year after the roster year
/// never taught inside it and are left out, as an HR extract at the roster date would not list them.
/// The stage is the teacher's stage at exit (or at the roster date).
/// </remarks>
public static class SpellRosterWriter
{
    /// <summary>The header row.</summary>
    public const string Header = "teacher_id,hire_year,prior_yos,exit_year,exit_reason,stage,segment";

    /// <summary>
    /// The roster CSV text. <paramref name="stageIds"/> and <paramref name="segmentIds"/> map the spells' stage and
    /// segment indices to the scenario's ids.
    /// </summary>
    public static string Write(IEnumerable<TeacherSpell> spells, IReadOnlyList<string> stageIds,
        IReadOnlyList<string> segmentIds, int rosterYear)
    {
        ArgumentNullException.ThrowIfNull(spells);
        ArgumentNullException.ThrowIfNull(stageIds);
        ArgumentNullException.ThrowIfNull(segmentIds);
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var s in spells)
        {
            if (s.FirstYear > rosterYear) continue;
            bool exited = s.ExitYear is { } e && e <= rosterYear;
            csv.Append(Field(s.TeacherId)).Append(',')
                .Append(s.FirstYear.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.PriorYos.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(exited ? s.ExitYear!.Value.ToString(CultureInfo.InvariantCulture) : "").Append(',')
                .Append(exited && s.Reason is { } r ? MetricCatalog.ReasonName(r) : "").Append(',')
                .Append(Field(stageIds[s.Stage])).Append(',')
                .Append(Field(segmentIds[s.Segment])).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>An RFC 4180 field: quoted when it holds a comma, quote or line break.</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
