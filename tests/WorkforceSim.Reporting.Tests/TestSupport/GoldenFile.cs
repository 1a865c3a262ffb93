using System.Runtime.CompilerServices;
using System.Text;

namespace WorkforceSim.Reporting.Tests.TestSupport;

/// <summary>
/// Compares text with a file under the test project (STYLE.md B9): line ends normalised, a line-by-line diff in the
/// failure message, and the file rewritten instead when WORKFORCESIM_UPDATE_GOLDEN=1.
/// </summary>
internal static class GoldenFile
{
    public static void Assert(string actual, string relativePath, [CallerFilePath] string callerFile = "")
    {
        string projectDir = FindProjectDir(callerFile);
        string path = Path.Combine(projectDir, relativePath);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("WORKFORCESIM_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        if (!File.Exists(path))
            throw new Xunit.Sdk.XunitException($"Golden file {path} is missing; run with WORKFORCESIM_UPDATE_GOLDEN=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var diff = new StringBuilder($"Golden file {relativePath} differs (WORKFORCESIM_UPDATE_GOLDEN=1 rewrites it):\n");
        int shown = 0;
        for (int i = 0; i < Math.Max(e.Length, a.Length) && shown < 20; i++)
        {
            string el = i < e.Length ? e[i] : "<missing>", al = i < a.Length ? a[i] : "<missing>";
            if (el == al) continue;
            diff.Append($"line {i + 1}:\n  expected: {el}\n  actual:   {al}\n");
            shown++;
        }
        throw new Xunit.Sdk.XunitException(diff.ToString());
    }

    private static string FindProjectDir(string callerFile)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!);
        while (dir is not null && !dir.EnumerateFiles("*.csproj").Any()) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No test project above {callerFile}.");
    }
}
