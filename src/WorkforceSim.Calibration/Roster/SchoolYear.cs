using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkforceSim.Calibration.Roster;

/// <summary>
/// Turns a year or a date into a school year, named by the calendar year in which it starts (2019 = 2019-20).
/// A date on or after the first day of <c>startMonth</c> belongs to the school year starting that calendar year;
/// an earlier date to the one that started the previous calendar year (with August: 2019-08-15 → 2019,
/// 2020-06-30 → 2019).
/// </summary>
internal static partial class SchoolYear
{
    public const int MinYear = 1900, MaxYear = 2200;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd",
        "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "d.M.yyyy",
    ];

    [GeneratedRegex(@"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")]
    private static partial Regex SchoolYearSpan();

    public static bool TryParse(string text, int startMonth, out int year)
    {
        year = 0;
        text = text.Trim();
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year))
            return year is >= MinYear and <= MaxYear;
        var span = SchoolYearSpan().Match(text);
        if (span.Success)
        {
            int first = int.Parse(span.Groups[1].Value, CultureInfo.InvariantCulture);
            int second = int.Parse(span.Groups[2].Value, CultureInfo.InvariantCulture);
            bool follows = span.Groups[2].Value.Length == 2 ? second == (first + 1) % 100 : second == first + 1;
            year = first;
            return follows && first is >= MinYear and <= MaxYear;
        }
        if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return false;
        year = date.Month >= startMonth ? date.Year : date.Year - 1;
        return year is >= MinYear and <= MaxYear;
    }
}
