using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Cli;

/// <summary>Loads scenarios for the commands and prints their diagnostics.</summary>
internal static class ScenarioInput
{
    /// <summary>Loads a scenario, printing every diagnostic to <paramref name="stderr"/>; null when it has errors.</summary>
    public static ScenarioLoadResult? Load(string path, TextWriter stderr)
    {
        var result = ScenarioLoader.Load(path);
        Print(result.Diagnostics, stderr);
        return result.Success ? result : null;
    }

    public static void Print(IEnumerable<Diagnostic> diagnostics, TextWriter stderr)
    {
        foreach (var d in diagnostics) stderr.WriteLine(d.ToString());
    }
}
