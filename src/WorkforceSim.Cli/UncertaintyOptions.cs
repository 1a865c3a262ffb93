using System.CommandLine;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Cli;

/// <summary>The options that control the worlds of a run with uncertain parameters (<c>run</c> and <c>compare</c>).</summary>
internal static class UncertaintyOptions
{
    public static (Option<int?> Worlds, Option<ulong?> Seed) Create() =>
    (
        new Option<int?>("--worlds", "-w")
        {
            Description = "Worlds (outer draws of the uncertain parameters) when the scenario gives parameters as distributions " +
                          $"(default: the scenario's uncertainty.worlds, else {ScenarioUncertainty.DefaultWorlds}); --replications is then per world.",
        },
        new Option<ulong?>("--uncertainty-seed") { Description = "Seed of the world draws (default: the scenario's uncertainty.seed, else the run's seed)." }
    );

    /// <summary>Says on stderr when the world options were given for a scenario that has no uncertain parameter.</summary>
    public static void NoteIgnored(ScenarioLoadResult loaded, int? worlds, ulong? seed, TextWriter stderr)
    {
        if (worlds is null && seed is null) return;
        stderr.WriteLine(loaded.Uncertainty is null
            ? $"wsim: note: {loaded.Spec!.Id} has no uncertain parameter, so --worlds/--uncertainty-seed are ignored: it runs as a fixed scenario."
            : $"wsim: note: every distribution in {loaded.Spec!.Id} has all its mass at one value, so --worlds/--uncertainty-seed are ignored: it runs as a fixed scenario.");
    }
}
