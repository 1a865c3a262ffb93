using WorkforceSim.Core.Results;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Reporting;

/// <summary>Writes a run's output folder (docs/outputs.md) atomically.</summary>
public static class RunOutputWriter
{
    /// <summary>The types whose code writing a run's folder runs (for Simulator.PrepareCodeInBackground).</summary>
    public static Type[] CodeTypes => [typeof(RunOutputWriter), typeof(AtomicOutput), typeof(CsvOutput), typeof(JsonOutput), typeof(RealizedHazard)];

    /// <summary>File names inside a run folder.</summary>
    public const string ManifestFile = "manifest.json", YearlyFile = "yearly.csv", ReplicationsFile = "replications.csv",
        SurvivalFile = "survival.csv", SummaryFile = "summary.json", HazardFile = "hazard.csv";

    /// <summary>
    /// Writes <c>yearly.csv</c>, <c>replications.csv</c>, <c>survival.csv</c>, <c>summary.json</c> and
    /// <c>manifest.json</c> into <paramref name="outDir"/>, all or nothing (see <see cref="AtomicOutput.WriteFolder"/>).
    /// </summary>
    /// <remarks><c>beforeCommit</c> runs on the temporary folder before it is renamed into place (the charts and
    /// report go there), so the whole folder appears at once or not at all.</remarks>
    /// <exception cref="IOException"><paramref name="outDir"/> exists, is not empty and <paramref name="overwrite"/> is false.</exception>
    public static void Write(string outDir, RunResult result, RunSummary summary, RunManifest manifest, bool overwrite = false,
        Action<string>? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(manifest);
        AtomicOutput.WriteFolder(outDir, overwrite, dir =>
        {
            CsvOutput.WriteYearly(Path.Combine(dir, YearlyFile), summary.Yearly);
            CsvOutput.WriteReplications(Path.Combine(dir, ReplicationsFile), result);
            CsvOutput.WriteSurvival(Path.Combine(dir, SurvivalFile), summary.Survival);
            CsvOutput.WriteHazard(Path.Combine(dir, HazardFile), RealizedHazard.Rows(result));
            JsonOutput.WriteSummary(Path.Combine(dir, SummaryFile), manifest, summary);
            JsonOutput.WriteManifest(Path.Combine(dir, ManifestFile), manifest);
            beforeCommit?.Invoke(dir);
        });
    }

    /// <summary>Name of the per-year decomposition file of a run with uncertain parameters.</summary>
    public const string UncertaintyFile = "uncertainty.csv";
    /// <summary>Name of the per-world file of a run with uncertain parameters.</summary>
    public const string WorldsFile = "worlds.csv";

    /// <summary>
    /// Writes the folder of a run with uncertain parameters (docs/outputs.md): the files of a single run computed
    /// over all worlds (replications.csv with a <c>world</c> column, summary.json with an <c>uncertainty</c> block),
    /// plus <c>uncertainty.csv</c> and <c>worlds.csv</c>; all or nothing.
    /// </summary>
    public static void Write(string outDir, NestedRunResult result, NestedSummary summary, RunManifest manifest, bool overwrite = false,
        Action<string>? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(manifest);
        AtomicOutput.WriteFolder(outDir, overwrite, dir =>
        {
            CsvOutput.WriteYearly(Path.Combine(dir, YearlyFile), summary.Summary.Yearly);
            CsvOutput.WriteReplications(Path.Combine(dir, ReplicationsFile), result);
            CsvOutput.WriteSurvival(Path.Combine(dir, SurvivalFile), summary.Summary.Survival);
            CsvOutput.WriteHazard(Path.Combine(dir, HazardFile), RealizedHazard.Rows(result.Pooled()));
            UncertaintyOutput.WriteUncertainty(Path.Combine(dir, UncertaintyFile), summary.Uncertainty);
            UncertaintyOutput.WriteWorlds(Path.Combine(dir, WorldsFile), result, summary.KeyIndicators);
            JsonOutput.WriteSummary(Path.Combine(dir, SummaryFile), manifest, summary.Summary, summary);
            JsonOutput.WriteManifest(Path.Combine(dir, ManifestFile), manifest);
            beforeCommit?.Invoke(dir);
        });
    }
}
