namespace WorkforceSim.Sweeps.Tests;

internal static class Support
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Scenario(string name) => Path.Combine(RepoRoot, "scenarios", name);

    public static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "wsim-sweep-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>
    /// A small grid sweep over the baseline in <paramref name="dir"/> (absolute scenario path): by default 200 positions,
    /// 6 years, 4 replications a point.
    /// </summary>
    public static string WriteSmallSweep(string dir, ulong seed = 7, string design = "grid", int positions = 200, int replications = 4)
    {
        string path = Path.Combine(dir, "small.sweep.yaml");
        string parameters = design == "grid"
            ? """
                - path: hiring.fill_rate
                  values: [0.9, 0.95, 1.0]
                - path: career_ladder.stages[teacher].salary
                  name: salary
                  range: { min: 50000, max: 54000, step: 4000 }
              """
            : """
                - path: hiring.fill_rate
                  distribution: { uniform: { min: 0.9, max: 1.0 } }
                - path: career_ladder.stages[teacher].salary
                  name: salary
                  distribution: { uniform: { min: 50000, max: 54000 } }
              """;
        File.WriteAllText(path, $"""
            sweep: small
            scenario: {Scenario("baseline.yaml")}
            set:
              workforce.positions.count: {positions}
              horizon.years: 6
            design: {design}
            {(design == "grid" ? "" : "points: 8")}
            replications: {replications}
            seed: {seed}
            parameters:
            {parameters}
            outcomes:
              - metric: retention.hired_1y
              - metric: cost.total
                aggregate: last_year
            """);
        return path;
    }

    /// <summary>Relative path → bytes of every file under a folder (hidden temporary files excluded).</summary>
    public static SortedDictionary<string, byte[]> Files(string dir, bool includeCharts = true)
    {
        var d = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(dir, f);
            if (Path.GetFileName(f).StartsWith('.')) continue;
            if (!includeCharts && rel.StartsWith("charts", StringComparison.Ordinal)) continue;
            d[rel] = File.ReadAllBytes(f);
        }
        return d;
    }

    public static void AssertSameFiles(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (k, v) in expected) Assert.True(v.AsSpan().SequenceEqual(actual[k]), $"{k} differs");
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkforceSim.sln not found above the test folder.");
    }
}
