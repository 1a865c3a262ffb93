using System.Text;
using WorkforceSim.Calibration.Diagnostics;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration.Tests;

public class RosterReaderTests
{
    private static RosterReadResult Read(string csv, params GroupingFactor[] groups) =>
        RosterReader.Read("roster.csv", Encoding.UTF8.GetBytes(csv), 8, groups);

    private static (string Code, int Line, int Column)[] Positions(RosterReadResult result) =>
        [.. result.Diagnostics.Select(d => (d.Code, d.Line, d.Column))];

    [Fact]
    public void Every_bad_spell_row_is_reported_at_once_with_its_line_and_column()
    {
        const string csv =
            "teacher_id,hire_year,prior_yos,exit_year,exit_reason\n" +
            "t1,2015,0,,\n" +                 // line 2: fine
            "t2,20x5,0,,\n" +                 // line 3: hire year not a year (column 2)
            "t3,2016,0,2014,\n" +             // line 4: exit before hire (column 4)
            "t4,2016,-2,,\n" +                // line 5: negative prior service (column 3)
            "t1,2017,0,,\n" +                 // line 6: duplicate id (column 1)
            "t5,2018,0,2019,fired\n" +        // line 7: unknown exit reason (column 5)
            "t6,2018,0\n" +                   // line 8: missing fields (first missing is column 4)
            ",2018,0,,\n" +                   // line 9: empty teacher id (column 1)
            "t7,2018,three,,\n";              // line 10: prior service not a number (column 3)

        var result = Read(csv);

        Assert.False(result.Success);
        Assert.Null(result.Roster);
        Assert.Equal(
            [("WS5101", 3, 2), ("WS5201", 4, 4), ("WS5104", 5, 3), ("WS5202", 6, 1), ("WS5106", 7, 5), ("WS5007", 8, 4), ("WS5102", 9, 1), ("WS5103", 10, 3)],
            Positions(result));
    }

    [Fact]
    public void A_missing_required_column_is_reported_together_with_bad_rows()
    {
        const string csv = "teacher_id,hire_year,prior_yos\nt1,2015,0\nt2,later,0\n";
        Assert.Equal([("WS5004", 1, 1), ("WS5101", 3, 2)], Positions(Read(csv)));
    }

    [Fact]
    public void A_grouping_column_becomes_required_when_calibrating_by_it()
    {
        const string csv = "teacher_id,hire_year,exit_year,stage\nt1,2015,,teacher\nt2,2016,,\n";
        Assert.True(Read(csv).Success);
        Assert.Equal([("WS5102", 3, 4)], Positions(Read(csv, GroupingFactor.Stage)));
        Assert.Equal([("WS5004", 1, 1)], Positions(Read(csv, GroupingFactor.Segment)));
    }

    [Fact]
    public void Bad_panel_rows_are_reported_with_line_and_column()
    {
        const string csv =
            "id,school_year,years_of_service,left\n" +
            "a,2020,0,0\n" +
            "a,2020,1,no\n" +    // line 3: duplicate teacher-year (column 2)
            "b,2020,2,maybe\n" + // line 4: not a flag (column 4)
            "c,2020,-1,1\n";     // line 5: negative yos (column 3)
        Assert.Equal([("WS5203", 3, 2), ("WS5105", 4, 4), ("WS5104", 5, 3)], Positions(Read(csv)));
    }

    [Fact]
    public void Diagnostic_prints_in_the_compilers_canonical_form()
    {
        var d = Read("teacher_id,hire_year,exit_year\nt1,2016,2014\n").Diagnostics.Single();
        Assert.Equal(
            "roster.csv(2,3): error WS5201: the exit school year 2014 is before the hire school year 2016 — check the dates; an exit in the hire year itself is allowed",
            d.ToString());
    }

    [Fact]
    public void Header_aliases_semicolons_BOM_and_quoted_fields_are_understood()
    {
        // Semicolon-delimited with a decimal comma, UTF-8 with BOM, a quoted id holding the delimiter, a quote
        // and a line break; dates map to school years starting in August; 2,5 prior years count as 2.
        string csv = "Employee ID;Start Date;Years Prior;Termination Date;Reason;Career Stage\r\n" +
                     "\"Smith; \"\"J\"\"\nline2\";2019-08-15;2,5;6/30/2021;Resignation;lead\r\n" +
                     "B7;1/10/2020;0;;;teacher\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var result = RosterReader.Read("r.csv", bytes);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var roster = result.Roster!;
        Assert.Equal(RosterFormat.Spell, roster.Format);
        Assert.Equal("Smith; \"J\"\nline2", roster.Spells[0].TeacherId);
        Assert.Equal((2019, 2, 2020, "lead"), (roster.Spells[0].HireYear, roster.Spells[0].PriorYos, roster.Spells[0].ExitYear!.Value, roster.Spells[0].Stage));
        Assert.Equal((2019, 0, (int?)null, 4), (roster.Spells[1].HireYear, roster.Spells[1].PriorYos, roster.Spells[1].ExitYear, roster.Spells[1].Line));
    }

    [Fact]
    public void Panel_format_is_detected_from_the_left_column()
    {
        var result = Read("teacher_id,year,yos,stage,segment,left\na,2020,0,teacher,high,0\na,2021,1,teacher,high,yes\n");
        Assert.True(result.Success);
        Assert.Equal(RosterFormat.Panel, result.Roster!.Format);
        Assert.Equal([false, true], result.Roster.Rows.Select(r => r.Left));
    }

    [Fact]
    public void A_header_of_unknown_columns_names_no_format()
    {
        Assert.Equal([("WS5003", 1, 1)], Positions(Read("name,salary\nx,1\n")));
    }

    [Fact]
    public void A_header_without_rows_and_an_unclosed_quote_are_located()
    {
        Assert.Equal([("WS5008", 1, 1)], Positions(Read("teacher_id,hire_year,exit_year\n")));
        Assert.Equal([("WS5006", 3, 1)], Positions(Read("teacher_id,hire_year,exit_year\na,2019,\n\"b,2019,\n")));
    }

    [Fact]
    public void Invalid_UTF8_is_reported_instead_of_garbled()
    {
        var result = RosterReader.Read("r.csv", [0x69, 0x64, 0x0A, 0xC3, 0x28]);
        Assert.Equal("WS5002", result.Diagnostics.Single().Code);
    }

    [Theory]
    [InlineData("2019", 2019)]
    [InlineData("2019-20", 2019)]
    [InlineData("2019/2020", 2019)]
    [InlineData("2019-08-15", 2019)]
    [InlineData("2019-08-01", 2019)]
    [InlineData("2019-07-31", 2018)]
    [InlineData("2020-06-30", 2019)]
    [InlineData("8/15/2019", 2019)]
    [InlineData("1/10/2020", 2019)]
    [InlineData("15.08.2019", 2019)]
    [InlineData("2019-08-15T00:00:00", 2019)]
    public void Dates_map_to_the_school_year_starting_in_August(string text, int schoolYear)
    {
        Assert.True(SchoolYear.TryParse(text, 8, out int year));
        Assert.Equal(schoolYear, year);
    }

    [Theory]
    [InlineData("2019-21")]
    [InlineData("13/45/2019")]
    [InlineData("19")]
    [InlineData("1850")]
    [InlineData("soon")]
    public void Things_that_are_not_years_are_rejected(string text) => Assert.False(SchoolYear.TryParse(text, 8, out _));
}
