using System.Security.Cryptography;
using System.Text;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Scenarios.Loading;

/// <summary>The text of a scenario file and the SHA-256 of its bytes.</summary>
internal sealed record FileText(string Text, string Sha256);

/// <summary>Where scenario files come from: the disk, or a caller-supplied function (tests, editors).</summary>
internal abstract class FileSource
{
    /// <summary>Largest accepted scenario file.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a file. Returns null when it does not exist (<paramref name="missing"/> true, nothing reported, so the
    /// caller can report it where the file was referenced) or when it cannot be used (reported at its line 1, column 1).
    /// </summary>
    public abstract FileText? Read(string path, DiagnosticBag diags, out bool missing);

    /// <summary>A key identifying the file, for cycle detection.</summary>
    public abstract string Identity(string path);

    /// <summary>The path of <paramref name="relative"/> as seen from the file <paramref name="includingFile"/>.</summary>
    public static string Resolve(string includingFile, string relative)
    {
        if (Path.IsPathRooted(relative)) return relative;
        string dir = Path.GetDirectoryName(includingFile) ?? "";
        return dir.Length == 0 ? relative : Path.Combine(dir, relative);
    }

    /// <summary>Decodes bytes as strict UTF-8 (a BOM is allowed), enforcing the size limit.</summary>
    protected static FileText? Decode(string path, byte[] bytes, DiagnosticBag diags)
    {
        var at = SourceLocation.StartOf(path);
        if (bytes.LongLength > MaxBytes) { diags.Add(ScenarioErrors.FileTooLarge(at, bytes.LongLength, MaxBytes)); return null; }
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
            return new FileText(StrictUtf8.GetString(span), Sha256Hex(bytes));
        }
        catch (DecoderFallbackException)
        {
            diags.Add(ScenarioErrors.NotUtf8(at));
            return null;
        }
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Reads files from the disk; I/O problems become diagnostics, never exceptions.</summary>
internal sealed class DiskFileSource : FileSource
{
    public override string Identity(string path)
    {
        try { return Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
    }

    public override FileText? Read(string path, DiagnosticBag diags, out bool missing)
    {
        missing = false;
        var at = SourceLocation.StartOf(path);
        try
        {
            if (Directory.Exists(path)) { diags.Add(ScenarioErrors.Unreadable(at, "it is a directory")); return null; }
            if (!File.Exists(path)) { missing = true; return null; }
            var info = new FileInfo(path);
            if (info.Length > MaxBytes) { diags.Add(ScenarioErrors.FileTooLarge(at, info.Length, MaxBytes)); return null; }
            return Decode(path, File.ReadAllBytes(path), diags);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
                                       or System.Security.SecurityException)
        {
            diags.Add(ScenarioErrors.Unreadable(at, ex.Message));
            return null;
        }
    }
}

/// <summary>Reads files through a caller-supplied function that returns null for a missing file.</summary>
internal sealed class DelegateFileSource(Func<string, string?>? readFile) : FileSource
{
    public override string Identity(string path) => Path.GetFullPath(path, "/");

    public override FileText? Read(string path, DiagnosticBag diags, out bool missing)
    {
        missing = false;
        string? text;
        try { text = readFile?.Invoke(path); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), ex.Message));
            return null;
        }
        if (text is null) { missing = true; return null; }
        return FromText(path, text, diags);
    }

    public static FileText? FromText(string path, string text, DiagnosticBag diags) =>
        Decode(path, Encoding.UTF8.GetBytes(text), diags);
}
