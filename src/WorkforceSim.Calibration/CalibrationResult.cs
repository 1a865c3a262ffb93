using System.Collections.Immutable;
using WorkforceSim.Calibration.Diagnostics;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration;

/// <summary>A successful calibration: the estimate and the two texts the CLI writes.</summary>
/// <param name="Estimate">Life table, bands, modifiers and hard stop.</param>
/// <param name="Format">The roster format detected.</param>
/// <param name="Provenance">Source, hash, command and time written in the YAML header.</param>
/// <param name="YamlText">The partial scenario with the <c>attrition:</c> block.</param>
/// <param name="LifeTableCsv">The <c>life-table.csv</c> text.</param>
public sealed record CalibrationResult(AttritionEstimate Estimate, RosterFormat Format, Output.CalibrationProvenance Provenance, string YamlText, string LifeTableCsv);

/// <summary>Either a result or the diagnostics that prevented one (never both).</summary>
public sealed record CalibrationRunResult(CalibrationResult? Result, ImmutableArray<CalibrationDiagnostic> Diagnostics)
{
    /// <summary>True when <see cref="Result"/> is set.</summary>
    public bool Success => Result is not null;
}
