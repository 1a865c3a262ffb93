namespace WorkforceSim.Calibration.Diagnostics;

/// <summary>
/// A problem found in a roster file or in the calibration options, printed in the compiler's canonical form
/// <c>FILE(LINE,COL): error WS5nnn: what is wrong — how to fix</c> so editors make it clickable.
/// </summary>
/// <param name="File">The roster file name as the user gave it.</param>
/// <param name="Line">1-based line where the offending record starts; 0 when the problem has no position (an option).</param>
/// <param name="Column">1-based index of the offending field within its record (1 for whole-record or header problems).</param>
/// <param name="Code">Stable code <c>WS5nnn</c>; see docs/roster-format.md.</param>
/// <param name="Message">What is wrong, showing the offending value.</param>
/// <param name="Hint">How to fix it.</param>
public readonly record struct CalibrationDiagnostic(string File, int Line, int Column, string Code, string Message, string Hint)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0
        ? $"{File}({Line},{Column}): error {Code}: {Message} — {Hint}"
        : $"{File}: error {Code}: {Message} — {Hint}";
}
