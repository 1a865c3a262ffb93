using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace WorkforceSim.Web.Tests;

/// <summary>
/// A fact that needs Debian's Chromium and Node.js 20+ (for playwright-core); skipped, with the reason, only when one of
/// them is missing. playwright-core itself is installed by the test when its folder lacks it (npm ci).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is not installed (apt-get install -y chromium) — the browser test is skipped.";
        else if (NodeMajor() is not >= 20) Skip = "Node.js 20 or later is not installed (playwright-core needs it) — the browser test is skipped.";
    }

    internal static int? NodeMajor()
    {
        try
        {
            var (code, output) = BrowserTests.Run("node", ["--version"], null, TimeSpan.FromSeconds(20));
            return code == 0 && int.TryParse(output.Trim().TrimStart('v').Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no node on PATH
        }
    }
}

/// <summary>The page in a real headless browser, checked against the CLI's <c>wsim compare</c> for the same inputs.</summary>
public sealed class BrowserTests
{
    private static string E2e => Path.Combine(Repo.Root, "tests", "WorkforceSim.Web.Tests", "e2e");

    internal static (int Code, string Output) Run(string file, IEnumerable<string> args, string? workingDirectory, TimeSpan limit)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s; stderr: {stderr.Result}");
        }
        return (p.ExitCode, p.ExitCode == 0 ? stdout.Result : stdout.Result + "\n" + stderr.Result);
    }

    private static void EnsurePlaywright()
    {
        if (File.Exists(Path.Combine(E2e, "node_modules", "playwright-core", "package.json"))) return;
        var (code, output) = Run("npm", ["ci", "--no-audit", "--no-fund"], E2e, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, "npm ci of playwright-core failed:\n" + output);
    }

    /// <summary>"+1.93 pp" → 0.0193; "−1,234" → −1234.</summary>
    private static double ParseShown(string text, out double halfUnit)
    {
        string t = text.Replace('−', '-').Replace("+", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        bool points = t.EndsWith(" pp", StringComparison.Ordinal);
        if (points) t = t[..^3];
        int decimals = t.Contains('.') ? t.Length - t.IndexOf('.') - 1 : 0;
        double v = double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
        halfUnit = 0.5 * Math.Pow(10, -decimals) / (points ? 100 : 1);
        return points ? v / 100 : v;
    }

    [BrowserFact]
    public async Task Page_changes_a_lever_runs_and_shows_the_differences_of_wsim_compare()
    {
        EnsurePlaywright();
        await using var t = await TestServer.StartAsync(o => o with { WarmUp = true });
        string outDir = Repo.TempDir();
        const int reps = 20;
        try
        {
            var (code, output) = Run("node", [Path.Combine(E2e, "whatif.mjs"), t.Server.Address.ToString(), outDir, "denver-team-leads",
                "Span of coaching: coaching", "4", reps.ToString(CultureInfo.InvariantCulture)], E2e, TimeSpan.FromMinutes(8)); // generous: a hang detector, not a speed test
            Assert.True(code == 0, "the browser script failed:\n" + output);
            using var shown = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            var page = shown.RootElement;

            // Screenshots for a person to look at (test-images/ beside the test assembly); the README's with WORKFORCESIM_UPDATE_SCREENSHOT=1.
            string shot = Path.Combine(outDir, "whatif-page.png");
            string keep = Path.Combine(AppContext.BaseDirectory, "test-images");
            Directory.CreateDirectory(keep);
            File.Copy(shot, Path.Combine(keep, "whatif-page.png"), overwrite: true);
            File.Copy(Path.Combine(outDir, "whatif-full.png"), Path.Combine(keep, "whatif-full.png"), overwrite: true);
            if (Environment.GetEnvironmentVariable("WORKFORCESIM_UPDATE_SCREENSHOT") == "1")
                File.Copy(shot, Path.Combine(Repo.Root, "docs", "images", "whatif-page.png"), overwrite: true);
            Assert.True(new FileInfo(shot).Length > 20_000, "the screenshot looks empty");

            Assert.Empty(page.GetProperty("problems").EnumerateArray());
            Assert.Empty(page.GetProperty("external").EnumerateArray()); // nothing loaded from outside the server
            Assert.Empty(page.GetProperty("unlabelled").EnumerateArray());
            Assert.Equal("skip", page.GetProperty("firstFocusable").GetString()); // the skip link comes first ...
            Assert.Equal("scenario", page.GetProperty("focused").GetString()); // ... then the scenario list
            Assert.Equal("solid", page.GetProperty("focusOutline").GetString());
            Assert.Equal(["col:Indicator", "col:As filed", "col:Your version", "col:Difference", "col:95% CI of the difference"],
                page.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToArray());
            Assert.Equal(["leadership_roles[coaching].span: 6 → 4"], page.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!).ToArray());

            // The CLI on the same inputs: the scenario as filed against the scenario the page exported.
            string yaml = page.GetProperty("yaml").GetString()!;
            Assert.Equal(File.ReadAllText(yaml), File.ReadAllText(page.GetProperty("formYaml").GetString()!));
            var validate = Repo.Wsim("validate", yaml);
            Assert.True(validate.Code == 0, validate.Err);
            string cmpDir = Path.Combine(outDir, "cmp");
            var cmp = Repo.Wsim("compare", Path.Combine(Repo.Scenarios, "denver-team-leads.yaml"), yaml, "--replications", reps.ToString(CultureInfo.InvariantCulture), "--out", cmpDir, "--no-report");
            Assert.True(cmp.Code == 0, cmp.Err);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(cmpDir, "summary.json")));
            var cli = summary.RootElement.GetProperty("alternatives")[0].GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);

            var rows = page.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(cli.Keys.ToArray(), rows.Select(r => r.GetProperty("id").GetString()!).ToArray());
            foreach (var row in rows)
            {
                var c = cli[row.GetProperty("id").GetString()!];
                double expected = c.GetProperty("diff_mean").GetDouble();
                Assert.Equal(expected, row.GetProperty("value").GetDouble()); // the number behind the cell, exactly
                double displayed = ParseShown(row.GetProperty("difference").GetString()!, out double half);
                Assert.True(Math.Abs(displayed - expected) <= half * 1.000001,
                    $"{row.GetProperty("label")}: the page shows {row.GetProperty("difference")} but wsim compare gives {expected}");
            }
            var coverage = rows.Single(r => r.GetProperty("id").GetString() == "coaching_coverage"); // smaller teams: fewer teachers coached
            Assert.StartsWith("−", coverage.GetProperty("difference").GetString(), StringComparison.Ordinal);

            string report = File.ReadAllText(page.GetProperty("report").GetString()!);
            Assert.Contains("Key indicator differences", report, StringComparison.Ordinal);

        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }
}
