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

    /// <summary>Whether this source may open <paramref name="path"/> at all (false: outside the folder it is confined to).</summary>
    public virtual bool Allows(string path) => true;

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
internal class DiskFileSource : FileSource
{
    /// <summary>Where the file named <paramref name="path"/> (as printed in diagnostics) is on the disk.</summary>
    protected virtual string OnDisk(string path) => path;

    public override string Identity(string path)
    {
        try { return Path.GetFullPath(OnDisk(path)); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
    }

    public override FileText? Read(string path, DiagnosticBag diags, out bool missing)
    {
        missing = false;
        var at = SourceLocation.StartOf(path);
        try
        {
            string disk = OnDisk(path);
            if (Directory.Exists(disk)) { diags.Add(ScenarioErrors.Unreadable(at, "it is a directory")); return null; }
            if (!File.Exists(disk)) { missing = true; return null; }
            var info = new FileInfo(disk);
            if (info.Length > MaxBytes) { diags.Add(ScenarioErrors.FileTooLarge(at, info.Length, MaxBytes)); return null; }
            return Decode(path, File.ReadAllBytes(disk), diags);
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

/// <summary>
/// Reads files from one folder only: paths are relative to it (and printed that way in diagnostics), and a path that
/// leaves it — <c>..</c>, an absolute path, or a symbolic link that points out of it — is refused, so a scenario can
/// name base files by <c>extends</c> without reaching anything outside the folder.
/// </summary>
internal sealed class FolderFileSource(string folder) : DiskFileSource
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    protected override string OnDisk(string path)
    {
        try { return Path.GetFullPath(Path.Combine(_root, path)); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { return ""; }
    }

    private bool Inside(string full) => full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public override bool Allows(string path)
    {
        string full = OnDisk(path);
        if (!Inside(full)) return false;
        // Every link on the way from the folder to the file must point inside the folder too.
        try
        {
            for (string? p = full; p is not null && p.Length > _root.Length; p = Path.GetDirectoryName(p))
            {
                FileSystemInfo info = Directory.Exists(p) ? new DirectoryInfo(p) : new FileInfo(p);
                if (info.LinkTarget is null) continue;
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !Inside(Path.GetFullPath(target.FullName))) return false;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
        return true;
    }

    public override FileText? Read(string path, DiagnosticBag diags, out bool missing)
    {
        missing = false;
        if (Allows(path)) return base.Read(path, diags, out missing);
        diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), "it is outside the scenario folder"));
        return null;
    }
}
