using System.Collections.Immutable;

namespace WorkforceSim.Calibration.Roster;

/// <summary>A field the calibrator reads from a roster.</summary>
internal enum RosterField
{
    TeacherId, HireYear, PriorYos, ExitYear, ExitReason, Stage, Segment, Year, Yos, Left,
}

/// <summary>A field with its canonical name and the header spellings that mean it.</summary>
internal sealed record ColumnConvention(RosterField Field, string Name, ImmutableArray<string> Aliases)
{
    public string AliasList => string.Join(", ", Aliases);
}

/// <summary>
/// The header convention of docs/roster-format.md. A header cell is normalised (trimmed, lower-cased, spaces and
/// hyphens turned into underscores) and then matched against the aliases below; unknown columns are ignored.
/// </summary>
internal static class RosterColumns
{
    public static readonly ImmutableArray<ColumnConvention> All =
    [
        new(RosterField.TeacherId, "teacher_id", ["teacher_id", "id", "employee_id", "staff_id", "person_id", "teacher"]),
        new(RosterField.HireYear, "hire_year", ["hire_year", "hire_date", "start_date", "start_year", "hired"]),
        new(RosterField.PriorYos, "prior_yos", ["prior_yos", "prior_service", "years_prior", "prior_years", "prior_experience"]),
        new(RosterField.ExitYear, "exit_year", ["exit_year", "exit_date", "end_date", "termination_date", "end_year", "separation_date"]),
        new(RosterField.ExitReason, "exit_reason", ["exit_reason", "reason", "termination_reason", "separation_reason"]),
        new(RosterField.Stage, "stage", ["stage", "career_stage", "ladder_stage", "role"]),
        new(RosterField.Segment, "segment", ["segment", "school_group", "group", "school_type"]),
        new(RosterField.Year, "year", ["year", "school_year", "fiscal_year"]),
        new(RosterField.Yos, "yos", ["yos", "years_of_service", "experience", "completed_yos"]),
        new(RosterField.Left, "left", ["left", "left_this_year", "exited", "separated", "leaver"]),
    ];

    public static readonly ImmutableArray<RosterField> SpellRequired = [RosterField.TeacherId, RosterField.HireYear, RosterField.ExitYear];
    public static readonly ImmutableArray<RosterField> PanelRequired = [RosterField.TeacherId, RosterField.Year, RosterField.Yos, RosterField.Left];

    public static ColumnConvention For(RosterField field) => All[(int)field];

    public static string Normalize(string header) =>
        header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    public static RosterField? Match(string header)
    {
        string name = Normalize(header);
        foreach (var convention in All)
            if (convention.Aliases.Contains(name)) return convention.Field;
        return null;
    }
}
