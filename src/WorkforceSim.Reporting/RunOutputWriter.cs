using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting;

/// <summary>Writes a run's output folder (docs/outputs.md) atomically.</summary>
public static class RunOutputWriter
{
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
}
