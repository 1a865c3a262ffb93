namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>Paths in the repository the tests run from, and temporary folders.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Files matching <paramref name="pattern"/> in a repository folder, sorted; none when the folder does not exist.</summary>
    public static string[] Files(string folder, string pattern)
    {
        string dir = Path(folder);
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>The built <c>wsim.dll</c> next to the tests (the CLI project is referenced, so it is copied here).</summary>
    public static string WsimDll => System.IO.Path.Combine(AppContext.BaseDirectory, "wsim.dll");

    public static string TempDir(string prefix = "wsim-robust-") => Directory.CreateTempSubdirectory(prefix).FullName;

    public static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkforceSim.sln not found above the test folder.");
    }
}
