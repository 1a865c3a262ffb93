namespace WorkforceSim.Calibration.Diagnostics;

/// <summary>
/// The catalogue of roster and calibration-option errors. Codes are stable (tests assert codes and positions, not
/// wording): WS50xx file and header structure, WS51xx field values, WS52xx cross-row and option problems.
/// </summary>
internal static class RosterErrors
{
    /// <summary>A value from the file as shown in a one-line message: line breaks and tabs escaped, at most 60 characters.</summary>
    private static string Show(string value)
    {
        string shown = value.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
        return shown.Length <= 60 ? shown : shown[..57] + "...";
    }

    public static CalibrationDiagnostic Unreadable(string file, string reason) =>
        new(file, 0, 0, "WS5000", $"the roster cannot be read: {reason}",
            "check the path, and save the file as UTF-8 text (CSV)");

    public static CalibrationDiagnostic TooLarge(string file, long bytes, long limit) =>
        new(file, 1, 1, "WS5009", $"the roster is {bytes} bytes, more than the limit of {limit} bytes ({limit >> 20} MiB)",
            "check that this is the right file; a roster of a large district over 20 years is well under the limit");

    public static CalibrationDiagnostic Empty(string file) =>
        new(file, 1, 1, "WS5001", "the roster has no header row",
            "put the column names on the first line, e.g. 'teacher_id,hire_year,prior_yos,exit_year'");

    public static CalibrationDiagnostic NotEncodedAsUtf8(string file) =>
        new(file, 1, 1, "WS5002", "the roster is not valid UTF-8 text",
            "re-save it as 'CSV UTF-8' (Excel) or convert it with 'iconv -t UTF-8'");

    public static CalibrationDiagnostic UnknownFormat(string file, string header) =>
        new(file, 1, 1, "WS5003", $"the header '{Show(header)}' names neither a spell roster (teacher id, hire year, exit year) nor a panel roster (teacher id, year, yos, left)",
            "rename the columns after docs/roster-format.md, e.g. 'teacher_id,hire_year,prior_yos,exit_year' or 'teacher_id,year,yos,left'");

    public static CalibrationDiagnostic MissingColumn(string file, string format, string column, string aliases) =>
        new(file, 1, 1, "WS5004", $"the {format} roster has no '{column}' column",
            $"add a column named one of: {aliases}");

    public static CalibrationDiagnostic DuplicateColumn(string file, int column, string name, int firstColumn) =>
        new(file, 1, column, "WS5005", $"column '{Show(name)}' means the same field as column {firstColumn}",
            "keep one of the two columns, or rename the other to a name the calibrator does not read");

    public static CalibrationDiagnostic NoRows(string file) =>
        new(file, 1, 1, "WS5008", "the roster has a header but no teacher rows",
            "add one row per teacher (spell layout) or per teacher and school year (panel layout) below the header");

    public static CalibrationDiagnostic UnterminatedQuote(string file, int line, int column) =>
        new(file, line, column, "WS5006", "a quoted field is not closed before the end of the file",
            "close the field with a double quote; write a quote inside a quoted field as two quotes (\"\")");

    public static CalibrationDiagnostic WrongFieldCount(string file, int line, int column, int actual, int expected) =>
        new(file, line, column, "WS5007", $"the row has {actual} fields but the header has {expected}",
            "add the missing fields (empty is fine for optional ones) or quote fields that contain the delimiter");

    public static CalibrationDiagnostic BadYear(string file, int line, int column, string name, string value) =>
        new(file, line, column, "WS5101", $"'{Show(value)}' in column '{name}' is not a year or a date",
            "write a year (2019), a school year (2019-20), an ISO date (2019-08-15) or a US date (8/15/2019)");

    public static CalibrationDiagnostic MissingValue(string file, int line, int column, string name) =>
        new(file, line, column, "WS5102", $"column '{name}' is empty",
            "fill in the value; this column is required in every row");

    public static CalibrationDiagnostic BadService(string file, int line, int column, string name, string value) =>
        new(file, line, column, "WS5103", $"'{Show(value)}' in column '{name}' is not a number of years",
            "write completed years of service as a number, e.g. 3 or 3.5 (fractions are rounded down)");

    public static CalibrationDiagnostic NegativeService(string file, int line, int column, string name, string value) =>
        new(file, line, column, "WS5104", $"years of service in column '{name}' must not be negative, but is {Show(value)}",
            "write 0 for a teacher without prior service");

    public static CalibrationDiagnostic BadFlag(string file, int line, int column, string name, string value) =>
        new(file, line, column, "WS5105", $"'{Show(value)}' in column '{name}' is not a yes/no flag",
            "write 1/0, true/false or yes/no (1 = the teacher left during this school year)");

    public static CalibrationDiagnostic BadReason(string file, int line, int column, string name, string value) =>
        new(file, line, column, "WS5106", $"'{Show(value)}' in column '{name}' is not an exit reason",
            "write resignation, retirement, dismissal or move (or leave it empty)");

    public static CalibrationDiagnostic ExitBeforeHire(string file, int line, int column, int exitYear, int hireYear) =>
        new(file, line, column, "WS5201", $"the exit school year {exitYear} is before the hire school year {hireYear}",
            "check the dates; an exit in the hire year itself is allowed");

    public static CalibrationDiagnostic DuplicateTeacher(string file, int line, int column, string id, int firstLine) =>
        new(file, line, column, "WS5202", $"teacher '{Show(id)}' already has a spell on line {firstLine}",
            "keep one row per teacher in a spell roster (the latest spell), or use the panel format for re-hires");

    public static CalibrationDiagnostic DuplicateTeacherYear(string file, int line, int column, string id, int year, int firstLine) =>
        new(file, line, column, "WS5203", $"teacher '{Show(id)}' already has a row for school year {year} on line {firstLine}",
            "keep one row per teacher and school year");

    public static CalibrationDiagnostic BadWindow(string file, int windowStart, int rosterYear) =>
        new(file, 0, 0, "WS5204", $"the window start {windowStart} is after the roster year {rosterYear}",
            "pass a window start at or before the roster year (--window-start, --roster-year)");

    public static CalibrationDiagnostic NoTeacherYears(string file, int windowStart, int rosterYear) =>
        new(file, 0, 0, "WS5205", $"no teacher was employed in the window {windowStart}-{rosterYear}",
            "check --window-start and --roster-year against the years in the roster");

    public static CalibrationDiagnostic BadOption(string file, string option, string problem, string fix) =>
        new(file, 0, 0, "WS5206", $"option {option} {problem}", fix);
}
