using System.Security.Cryptography;

namespace WorkforceSim.Reporting;

/// <summary>
/// All-or-nothing writes: a folder is built under a hidden sibling temporary name and renamed into place at the end;
/// a file is written to a hidden temporary sibling and moved over the target. Readers never see half an output.
/// </summary>
public static class AtomicOutput
{
    /// <summary>
    /// Builds <paramref name="outDir"/> by letting <paramref name="fill"/> write into a sibling folder
    /// <c>.NAME.tmp-RANDOM</c>, then moving it to <paramref name="outDir"/>. An existing empty folder is replaced; an
    /// existing non-empty one is refused with an <see cref="IOException"/> unless <paramref name="overwrite"/>, in
    /// which case it is moved aside and deleted after the new folder is in place. On any exception the temporary
    /// folder is deleted and the previous folder, if any, is left as it was.
    /// </summary>
    public static void WriteFolder(string outDir, bool overwrite, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentNullException.ThrowIfNull(fill);
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        string name = Path.GetFileName(target);
        string parent = Path.GetDirectoryName(target)
            ?? throw new IOException($"Cannot write outputs to the root folder '{target}'; choose a sub-folder.");
        if (File.Exists(target))
            throw new IOException($"Output path '{target}' is a file; choose a folder name.");
        if (Directory.Exists(target) && !overwrite && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"Output folder '{target}' is not empty; choose another folder or allow overwriting.");

        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{name}.tmp-{RandomSuffix()}");
        string? aside = null;
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            if (Directory.Exists(target))
            {
                if (Directory.EnumerateFileSystemEntries(target).Any())
                {
                    aside = Path.Combine(parent, $".{name}.old-{RandomSuffix()}");
                    Directory.Move(target, aside);
                }
                else
                {
                    Directory.Delete(target);
                }
            }
            Directory.Move(temp, target);
        }
        catch
        {
            TryDelete(temp);
            if (aside is not null && !Directory.Exists(target)) Directory.Move(aside, target);
            throw;
        }
        if (aside is not null) TryDelete(aside);
    }

    /// <summary>Writes a file via a hidden temporary sibling, then moves it over <paramref name="path"/>.</summary>
    public static void WriteFile(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.tmp-{RandomSuffix()}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temporary folder is harmless and named as such.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
