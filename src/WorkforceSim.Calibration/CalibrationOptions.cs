using WorkforceSim.Calibration.Estimation;

namespace WorkforceSim.Calibration;

/// <summary>Everything <c>wsim calibrate</c> passes to <see cref="CalibrationRunner.Run"/>.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Path of the roster CSV; also the file name shown in diagnostics.</summary>
    public required string RosterPath { get; init; }
    /// <summary>The roster bytes, when the caller already has them (tests, stdin); null = read <see cref="RosterPath"/>.</summary>
    public ReadOnlyMemory<byte>? RosterContent { get; init; }
    /// <summary>First school year observed (left truncation); null = the roster's default (docs/roster-format.md).</summary>
    public int? WindowStart { get; init; }
    /// <summary>Last school year whose exits are fully recorded; null = the latest year in the roster.</summary>
    public int? RosterYear { get; init; }
    /// <summary>First month of the school year, for turning dates into school years. Range: 1..12. Default 8 (August).</summary>
    public int SchoolYearStartMonth { get; init; } = 8;
    /// <summary>Estimation choices.</summary>
    public EstimationSettings Estimation { get; init; } = new();
    /// <summary>The command line, recorded in the YAML header.</summary>
    public string? CommandLine { get; init; }
    /// <summary>Timestamp for the YAML header; null = now (pass a value for byte-identical output).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
