using System.Diagnostics;
using System.Globalization;
using System.Text;
using WorkforceSim.Calibration;
using WorkforceSim.Cli;
using WorkforceSim.Scenarios.Sweeps;
using WorkforceSim.Robustness.Tests.Support;
using Xunit.Abstractions;

namespace WorkforceSim.Robustness.Tests;

/// <summary>
/// Issue 8: every shipped scenario, sweep file and example roster, mutated many ways, either loads or yields located
/// errors — never an exception, never more than a few seconds or a bounded amount of memory per input. Inputs are
/// deterministic (<see cref="FuzzHash"/>): a failure names the seed file and the mutation number, and the input is
/// saved so it can be added to <c>Regressions/</c>.
/// </summary>
public class FuzzTests(ITestOutputHelper output, TestReport report) : IClassFixture<TestReport>
{
    /// <summary>Mutations per scenario or sweep file (12 shipped scenarios: 1,200 inputs, about 5 s in Release).</summary>
    private static readonly int MutationsPerScenario = 100 * Scale;
    /// <summary>Mutations per roster file.</summary>
    private static readonly int MutationsPerRoster = 500 * Scale;
    /// <summary>WSIM_FUZZ_SCALE=k multiplies the number of mutations, for a deeper search by hand (default 1).</summary>
    private static int Scale => int.TryParse(Environment.GetEnvironmentVariable("WSIM_FUZZ_SCALE"), out int k) && k > 0 ? k : 1;
    /// <summary>Every n-th mutated scenario also goes through <c>wsim validate</c> in-process.</summary>
    private const int CliSampleEvery = 10;
    /// <summary>Every n-th mutated scenario that still loads is also simulated briefly (a valid file must run).</summary>
    private const int SimulateEvery = 12;

    [Fact]
    public void Mutated_scenarios_and_sweep_files_load_or_give_located_errors()
    {
        var seeds = Repo.Files("scenarios", "*.yaml").Select(f => (File: f, Sub: ""))
            .Concat(Repo.Files(Path.Combine("scenarios", "sweeps"), "*.yaml").Select(f => (File: f, Sub: "sweeps")))
            .ToList();
        Assert.NotEmpty(seeds);
        Assert.Contains(seeds, s => s.Sub == "sweeps");
        string work = Repo.TempDir();
        try
        {
            // A copy of scenarios/ so that `extends: baseline.yaml` (and a sweep's scenario paths) resolve as shipped.
            CopyTree(Repo.Path("scenarios"), work);
            var failures = new List<string>();
            int tried = 0, loaded = 0, viaCli = 0, simulated = 0, sweeps = 0;
            var sw = Stopwatch.StartNew();
            for (int f = 0; f < seeds.Count; f++)
            {
                byte[] seed = File.ReadAllBytes(seeds[f].File);
                string name = Path.GetFileName(seeds[f].File);
                bool sweep = seeds[f].Sub == "sweeps";
                string path = Path.Combine(work, seeds[f].Sub, "fuzz-" + name);
                var inputs = Mutator.WholeFile(seed, InputFormat.Yaml).Select((w, k) => (w.Bytes, w.Description, Cli: true, Number: -1 - k))
                    .Concat(Enumerable.Range(0, MutationsPerScenario).Select(n =>
                    {
                        var (bytes, how) = Mutator.Mutate(seed, InputFormat.Yaml, f, n);
                        return (Bytes: (byte[]?)bytes, Description: how, Cli: n % CliSampleEvery == 0, Number: n);
                    }));
                foreach (var (bytes, how, cli, n) in inputs)
                {
                    Place(path, bytes);
                    tried++;
                    sweeps += sweep ? 1 : 0;
                    bool ok;
                    string? problem;
                    if (sweep)
                    {
                        problem = InputChecks.Sweep(path, out ok, out int points);
                        if (problem is null && cli && points <= InputChecks.MaxCliSweepPoints)
                        {
                            viaCli++;
                            string outDir = Path.Combine(work, "sweep-out");
                            problem = InputChecks.CliSweep(path, outDir);
                            Repo.TryDelete(outDir);
                        }
                    }
                    else
                    {
                        problem = InputChecks.Scenario(path, out ok);
                        if (problem is null && cli) { viaCli++; problem = InputChecks.CliValidate(path); }
                        if (problem is null && ok && n >= 0 && n % SimulateEvery == 0) { problem = InputChecks.Simulates(path, 2, 20_000, out bool ran); simulated += ran ? 1 : 0; }
                    }
                    if (problem is null) { loaded += ok ? 1 : 0; continue; }
                    failures.Add(Save(name, n, how, bytes, problem));
                }
            }
            report.Line(output, $"fuzzed {tried} scenario and sweep inputs ({sweeps} of them sweep files) from {seeds.Count} shipped files in {sw.Elapsed.TotalSeconds:F1} s: " +
                                $"{loaded} still loaded, {tried - loaded} gave located errors; {viaCli} also through wsim validate / wsim sweep, " +
                                $"{simulated} loaded scenarios simulated (1 replication, ≤ 2 years); {failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }
        finally { Repo.TryDelete(work); }
    }

    [Fact]
    public void Mutated_rosters_calibrate_or_give_located_errors()
    {
        var seeds = Repo.Files(Path.Combine("scenarios", "data"), "*.csv").Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        if (seeds.Count == 0) seeds.Add(("generated-roster.csv", Encoding.UTF8.GetBytes(GeneratedRoster(300))));
        Assert.Null(InputChecks.Roster(seeds[0].Name, seeds[0].Bytes));
        var failures = new List<string>();
        int tried = 0;
        string work = Repo.TempDir();
        var sw = Stopwatch.StartNew();
        try
        {
            for (int f = 0; f < seeds.Count; f++)
            {
                // Whole-file replacements go through the file on disk (a directory cannot be passed as bytes).
                string path = Path.Combine(work, "fuzz-" + seeds[f].Name);
                foreach (var (bytes, how) in Mutator.WholeFile(seeds[f].Bytes, InputFormat.Csv))
                {
                    Place(path, bytes);
                    tried++;
                    if (InputChecks.Roster(path, null) is { } problem) failures.Add(Save(seeds[f].Name, -1, how, bytes, problem));
                }
                for (int n = 0; n < MutationsPerRoster; n++)
                {
                    var (bytes, how) = Mutator.Mutate(seeds[f].Bytes, InputFormat.Csv, f, n);
                    tried++;
                    if (InputChecks.Roster("fuzz-" + seeds[f].Name, bytes) is { } problem)
                        failures.Add(Save(seeds[f].Name, n, how, bytes, problem));
                }
            }
        }
        finally { Repo.TryDelete(work); }
        report.Line(output, $"fuzzed {tried} roster inputs from {string.Join(", ", seeds.Select(s => s.Name))} in {sw.Elapsed.TotalSeconds:F1} s; {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>Puts <paramref name="bytes"/> at <paramref name="path"/>, or a directory when they are null, replacing what was there.</summary>
    private static void Place(string path, byte[]? bytes)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else File.Delete(path);
        if (bytes is null) Directory.CreateDirectory(path);
        else File.WriteAllBytes(path, bytes);
    }

    /// <summary>Whole-file hostile inputs that a byte-level mutation would rarely produce.</summary>
    public static TheoryData<string, string> HostileFiles => new()
    {
        { "empty.yaml", "" },
        { "bom-only.yaml", "\uFEFF" },
        { "scalar.yaml", "42\n" },
        { "nul.yaml", new string('\0', 1000) },
        { "alias-bomb.yaml", Mutator.AliasBomb(10, 10) },
        { "alias-bomb-in-scenario.yaml", "scenario: x\ntitle: y\n" + Mutator.AliasBomb(9, 9).Replace("\n", "\n  ").Insert(0, "description:\n  ") },
        { "nesting.yaml", "x: " + new string('[', 20_000) },
        { "nesting-maps.yaml", string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "k:\n")) },
        { "self.yaml", "extends: self.yaml\n" },
        { "extends-csv.yaml", "extends: roster.csv\nscenario: x\n" },
        { "extends-dir.yaml", "extends: a-directory.yaml\nscenario: x\n" },
        { "numbers.yaml", "scenario: n\ntitle: n\nhorizon: {start_year: 1e309, years: -1e309}\nreplications: .nan\nworkforce: {positions: {count: 99999999999999999999}}\n" },
        { "huge-growth.yaml", "extends: baseline.yaml\nscenario: g\ntitle: g\nhorizon: {start_year: 2026, years: 200}\nworkforce: {positions: {count: 50000000, growth_rate: 0.5, change_per_year: 1e300}}\n" },
        { "long-key.yaml", new string('k', 1_500_000) + ": 1\n" },
        { "many-keys.yaml", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i}: {i}\n")) },
        { "documents.yaml", "a: 1\n---\nb: 2\n" },
        { "tabs.yaml", "scenario:\tx\n\ttitle: y\n" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Hostile_files_load_or_give_located_errors_in_process_and_through_the_cli(string name, string text)
    {
        string dir = Repo.TempDir();
        try
        {
            File.Copy(Repo.Path("scenarios", "baseline.yaml"), Path.Combine(dir, "baseline.yaml"));
            File.WriteAllText(Path.Combine(dir, "roster.csv"), GeneratedRoster(5));
            Directory.CreateDirectory(Path.Combine(dir, "a-directory.yaml"));
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            Assert.Null(InputChecks.Scenario(path));
            Assert.Null(InputChecks.CliValidate(path));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void A_directory_instead_of_a_file_and_a_missing_file_give_located_errors()
    {
        string dir = Repo.TempDir();
        try
        {
            Assert.Null(InputChecks.Scenario(dir));
            Assert.Null(InputChecks.CliValidate(dir));
            Assert.Null(InputChecks.Scenario(Path.Combine(dir, "missing.yaml")));
            Assert.Null(InputChecks.CliValidate(Path.Combine(dir, "missing.yaml")));
            // A sweep file and a roster: the same, through their loaders and commands.
            Assert.Null(InputChecks.Sweep(dir, out _, out _));
            Assert.Null(InputChecks.CliSweep(dir, Path.Combine(dir, "out")));
            Assert.Null(InputChecks.Roster(dir, null));
            var (code, _, err) = Wsim.Run("calibrate", dir, "--out", Path.Combine(dir, "a.yaml"));
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Matches("error WS5000: .*directory", err);
        }
        finally { Repo.TryDelete(dir); }
    }

    [Theory]
    [InlineData("roster.csv", "WS6011")]
    [InlineData("baseline.yaml.bak", "WS6011")]
    [InlineData("folder.yaml", "WS6012")]
    [InlineData("missing.yaml", "WS6010")]
    public void A_sweep_whose_scenario_is_not_a_yaml_file_gives_one_located_error(string target, string code)
    {
        string dir = Repo.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "roster.csv"), GeneratedRoster(5));
            File.Copy(Repo.Path("scenarios", "baseline.yaml"), Path.Combine(dir, "baseline.yaml.bak"));
            Directory.CreateDirectory(Path.Combine(dir, "folder.yaml"));
            string sweep = Path.Combine(dir, "sweep.yaml");
            File.WriteAllText(sweep, $"sweep: s\nscenario: {target}\ndesign: grid\nreplications: 2\nseed: 1\n" +
                                     "parameters:\n  - {path: hiring.fill_rate, values: [0.9, 1.0]}\noutcomes:\n  - metric: attrition_rate\n");
            var d = Assert.Single(SweepLoader.Load(sweep).Diagnostics);
            Assert.Equal((code, 2, 11), (d.Code, d.Line, d.Column));
            var (exit, _, err) = Wsim.Run("sweep", sweep, "--out", Path.Combine(dir, "out"));
            Assert.Equal(ExitCodes.InvalidInput, exit);
            Assert.Contains($"sweep.yaml(2,11): error {code}", err);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally { Repo.TryDelete(dir); }
    }

    [Fact]
    public void A_huge_roster_is_refused_before_it_is_read_and_a_directory_is_reported()
    {
        string dir = Repo.TempDir();
        try
        {
            string huge = Path.Combine(dir, "huge.csv");
            using (var fs = File.Create(huge)) fs.SetLength(CalibrationRunner.MaxRosterBytes + 1); // sparse: no disk used
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = CalibrationRunner.Run(new CalibrationOptions { RosterPath = huge });
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10 << 20, "the roster was read");
            Assert.Equal(("WS5009", 1, 1), (r.Diagnostics.Single().Code, r.Diagnostics.Single().Line, r.Diagnostics.Single().Column));

            var d = CalibrationRunner.Run(new CalibrationOptions { RosterPath = dir }).Diagnostics.Single();
            Assert.Equal("WS5000", d.Code);
            Assert.Contains("directory", d.Message);
        }
        finally { Repo.TryDelete(dir); }
    }

    /// <summary>A few inputs through the real executable: exit 0 or 2, no stack trace, within the acceptance check's 10 s.</summary>
    [Fact]
    public void Hostile_files_through_the_wsim_executable_exit_0_or_2_without_a_stack_trace()
    {
        string dir = Repo.TempDir();
        try
        {
            var inputs = new List<string>();
            foreach (string name in new[] { "alias-bomb.yaml", "nesting.yaml", "self.yaml", "numbers.yaml" })
            {
                string text = (string)HostileFiles.First(row => (string)row[0] == name)[1];
                inputs.Add(Path.Combine(dir, name));
                File.WriteAllText(inputs[^1], text);
            }
            var (binary, _) = Mutator.Mutate(File.ReadAllBytes(Repo.Path("scenarios", "baseline.yaml")), InputFormat.Yaml, 99, 3);
            inputs.Add(Path.Combine(dir, "mutated.yaml"));
            File.WriteAllBytes(inputs[^1], binary);
            inputs.Add(Path.Combine(dir, "sub.yaml"));
            Directory.CreateDirectory(inputs[^1]);
            foreach (string input in inputs)
            {
                var (code, text, elapsed) = ChildProcess.Run(["validate", input], TimeSpan.FromSeconds(20));
                output.WriteLine($"{Path.GetFileName(input)}: exit {code} in {elapsed.TotalSeconds:F1} s");
                if (elapsed >= TimeSpan.FromSeconds(10))
                {
                    // Wall time includes waiting for a core on a busy machine: a slow input fails only when slow twice.
                    (code, text, elapsed) = ChildProcess.Run(["validate", input], TimeSpan.FromSeconds(20));
                    output.WriteLine($"{Path.GetFileName(input)}: again, exit {code} in {elapsed.TotalSeconds:F1} s");
                }
                Assert.True(elapsed < TimeSpan.FromSeconds(10), $"{input}: {elapsed}");
                Assert.Null(InputChecks.CliOutcome(code, text));
            }
        }
        finally { Repo.TryDelete(dir); }
    }

    /// <summary>Inputs that once failed, kept in Regressions/ and replayed (LIAM2's issueNNN.yml habit).</summary>
    public static TheoryData<string> RegressionInputs()
    {
        var data = new TheoryData<string>();
        foreach (string f in Repo.Files(Path.Combine("tests", "WorkforceSim.Robustness.Tests", "Regressions"), "*.*"))
            if (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".csv", StringComparison.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(RegressionInputs))]
    public void Regression_inputs_load_or_give_located_errors(string name)
    {
        string source = Repo.Path("tests", "WorkforceSim.Robustness.Tests", "Regressions", name);
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            Assert.Null(InputChecks.Roster(name, File.ReadAllBytes(source)));
            return;
        }
        string dir = Repo.TempDir();
        try
        {
            CopyTree(Repo.Path("scenarios"), dir);
            string path = Path.Combine(dir, name);
            File.Copy(source, path);
            if (name.StartsWith("sweep-", StringComparison.Ordinal))
            {
                Assert.Null(InputChecks.Sweep(path, out _, out _));
                Assert.Null(InputChecks.CliSweep(path, Path.Combine(dir, "out")));
                return;
            }
            Assert.Null(InputChecks.Scenario(path));
            Assert.Null(InputChecks.CliValidate(path));
        }
        finally { Repo.TryDelete(dir); }
    }

    /// <summary>Describes a failure and keeps its input in the temp folder for the regression corpus (n &lt; 0: a whole-file replacement).</summary>
    private static string Save(string seedName, int n, string how, byte[]? bytes, string problem)
    {
        if (bytes is null) return $"{seedName}: {how}: {problem}";
        string dir = Path.Combine(Path.GetTempPath(), "wsim-fuzz-failures");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(seedName)}-{n}{Path.GetExtension(seedName)}");
        File.WriteAllBytes(file, bytes);
        return $"{seedName} mutation {n} ({how}): {problem} [input saved to {file}]";
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (string f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)), overwrite: true);
    }

    /// <summary>A deterministic roster in docs/roster-format.md's columns, for when scenarios/data/ has none.</summary>
    internal static string GeneratedRoster(int rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("teacher_id,hire_date,prior_yos,exit_date,exit_reason,stage,segment\n");
        string[] reasons = ["resignation", "retirement", "move", "dismissal"];
        for (int i = 0; i < rows; i++)
        {
            var h = FuzzHash.For(7, (ulong)i);
            int hire = 2008 + h.Below(0, 14);
            bool left = h.Below(1, 3) == 0;
            int exit = Math.Min(2024, hire + 1 + h.Below(2, 8));
            sb.Append(inv, $"T{i:D5},{hire}-08-{10 + h.Below(3, 20)},{h.Below(4, 6)},");
            sb.Append(left ? $"{exit}-06-30,{reasons[h.Below(5, 4)]}" : ",");
            sb.Append(h.Below(6, 5) == 0 ? ",lead" : ",teacher").Append(h.Below(7, 2) == 0 ? ",high\n" : ",low\n");
        }
        return sb.ToString();
    }
}
