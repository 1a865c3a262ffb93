namespace WorkforceSim.Core.Results;

/// <summary>
/// One employment spell of a simulated teacher, in the roster format `wsim calibrate` reads (docs/roster-format.md):
/// the first school year taught, completed years of service at that point, and the school year during which the
/// teacher left (null if still teaching at the end of the horizon).
/// </summary>
/// <param name="TeacherId">Stable identifier of the spell (hire year and index within that year's hires).</param>
/// <param name="FirstYear">First school year taught in this spell (for teachers present at the start: start year − yos).</param>
/// <param name="PriorYos">Completed years of service when the spell began (0 for novices and initial teachers, who are
/// back-dated to their own first year).</param>
/// <param name="ExitYear">School year during which the teacher left, or null.</param>
/// <param name="Reason">Exit reason, or null.</param>
/// <param name="Stage">Stage at exit (or at the end of the horizon).</param>
/// <param name="Segment">Segment.</param>
public sealed record TeacherSpell(string TeacherId, int FirstYear, int PriorYos, int? ExitYear, Model.ExitReason? Reason,
    int Stage, int Segment);
