using System.Text.RegularExpressions;

namespace WorkforceSim.Core.Tests;

public class ArchitectureTests
{
    [Fact]
    public void Core_references_no_yaml_chart_or_command_line_library()
    {
        var refs = typeof(Engine.Simulator).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();
        foreach (var banned in new[] { "YamlDotNet", "ScottPlot", "System.CommandLine", "SkiaSharp", "Spectre.Console" })
            Assert.DoesNotContain(refs, r => r.StartsWith(banned, StringComparison.Ordinal));
    }

    [Fact]
    public void Core_uses_no_shared_or_seeded_system_random_clock_or_console()
    {
        var root = FindRepoRoot();
        var rules = new (Regex Pattern, string Why)[]
        {
            (new Regex(@"new\s+(System\.)?Random\s*\("), "Use counter-based draws (CounterRng), never System.Random."),
            (new Regex(@"Random\.Shared"), "Random.Shared is global and unseeded."),
            (new Regex(@"DateTime\.(Now|UtcNow)"), "The engine must not depend on the clock."),
            (new Regex(@"\bConsole\."), "Core does no I/O; the CLI prints."),
        };
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", "WorkforceSim.Core"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                foreach (var (pattern, why) in rules)
                    if (pattern.IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal))
                        problems.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {why}");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkforceSim.sln not found above the test folder.");
    }
}
