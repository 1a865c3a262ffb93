using System.Globalization;

namespace WorkforceSim.Reporting;

/// <summary>
/// Culture-invariant number text for every output file: doubles in the shortest form that round-trips ("R"),
/// integers as integers, −0 written as 0. The same value always gives the same characters.
/// </summary>
public static class InvariantNumber
{
    /// <summary>Longest text <see cref="TryFormat(double, Span{char}, out int)"/> produces.</summary>
    public const int MaxChars = 32;

    /// <summary>Shortest round-trip text of a double ("NaN", "Infinity", "-Infinity" for the special values).</summary>
    public static string Format(double value)
    {
        if (value == 0) return "0";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>An integer.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a double into a buffer without allocating.</summary>
    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        if (value == 0)
        {
            if (destination.IsEmpty) { written = 0; return false; }
            destination[0] = '0';
            written = 1;
            return true;
        }
        return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses text written by <see cref="Format(double)"/>.</summary>
    public static double ParseDouble(string text) =>
        double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Parses an integer written by <see cref="Format(long)"/>.</summary>
    public static long ParseLong(string text) =>
        long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
