using System.Globalization;

namespace WorkforceSim.Reporting.Charts;

/// <summary>
/// Colours shared by every chart: the Okabe–Ito colour-blind-safe palette. A ladder stage, exit reason or hiring
/// source always gets the same colour wherever it appears.
/// </summary>
public static class ChartStyle
{
    /// <summary>Okabe–Ito colours.</summary>
    public const string Black = "#000000", Orange = "#E69F00", SkyBlue = "#56B4E9", BluishGreen = "#009E73",
        Yellow = "#F0E442", Blue = "#0072B2", Vermillion = "#D55E00", ReddishPurple = "#CC79A7", Grey = "#999999";

    /// <summary>Colours for categories in order (black is kept for totals and medians).</summary>
    public static readonly IReadOnlyList<string> Sequence =
        [Blue, Orange, BluishGreen, ReddishPurple, SkyBlue, Vermillion, Yellow];

    /// <summary>The colour of the ladder stage with index <paramref name="stage"/> (0 = entry stage).</summary>
    public static string StageColor(int stage) => Sequence[stage % Sequence.Count];

    /// <summary>The colour of an exit reason.</summary>
    public static string ReasonColor(string reason, int index) => reason switch
    {
        "resignation" => Vermillion,
        "retirement" => Blue,
        "dismissal" => ReddishPurple,
        "move" => Orange,
        _ => Sequence[index % Sequence.Count],
    };

    /// <summary>The colour of the hiring source with index <paramref name="source"/>.</summary>
    public static string SourceColor(int source) => Sequence[(source + 2) % Sequence.Count];

    /// <summary>Chart size in pixels.</summary>
    public const int WidthPx = 1000, HeightPx = 600;

    /// <summary>Tick text of a calendar year or other integer axis.</summary>
    public static string FormatYear(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Tick text of a value axis: k/M suffixes for large numbers, percentages for shares.</summary>
    public static string FormatValue(double v, ValueFormat format)
    {
        if (format == ValueFormat.Percent) return (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
        double a = Math.Abs(v);
        if (a >= 1e6) return (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M";
        if (a >= 1e4) return (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k";
        return v.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>Human label of an identifier: "team_lead" → "team lead".</summary>
    public static string Humanize(string id) => id.Replace('_', ' ').Replace('-', ' ');
}
