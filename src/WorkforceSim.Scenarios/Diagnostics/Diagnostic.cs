namespace WorkforceSim.Scenarios.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity : byte
{
    /// <summary>The scenario cannot be used.</summary>
    Error,
    /// <summary>The scenario can be used but something looks wrong.</summary>
    Warning,
}

/// <summary>
/// One problem found in a scenario file, located at a 1-based line and column. Prints in the compiler's
/// canonical form <c>FILE(LINE,COL): error WSnnnn: what is wrong — how to fix it</c> so editors make it clickable.
/// </summary>
/// <param name="Code">Stable code, e.g. <c>WS2002</c> (see docs/errors.md).</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong, an em dash, and how to fix it.</param>
/// <param name="File">Path of the file the problem is in, as given to the loader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">Path of the offending value in the scenario tree, e.g. <c>hiring.sources[novice].share</c>; empty for file-level problems.</param>
public readonly record struct Diagnostic(
    string Code, Severity Severity, string Message, string File, int Line, int Column, string Path)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{File}({Line},{Column}): {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}

/// <summary>A 1-based position in a named file.</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation StartOf(string file) => new(file, 1, 1);
    public override string ToString() => $"{File}({Line},{Column})";
}
