using System.Diagnostics;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

/// <summary>A fact that runs only where headless chromium is installed at /usr/bin/chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is not installed (apt-get install -y chromium) — the browser rendering check is skipped.";
    }
}

public sealed class ChromiumTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [ChromiumFact]
    public void Report_renders_in_headless_chromium_offline()
    {
        string dir = RunResultBuilder.WriteFixtureFolder(_tmp.Sub("run"));
        var files = ReportGenerator.Generate(dir);
        string shot = _tmp.Sub("shot.png");
        string profile = _tmp.Sub("profile");
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(ChromiumFactAttribute.Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}", "--window-size=1200,1800", $"--screenshot={shot}",
            new Uri(files.ReportHtml).AbsoluteUri,
        }) psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }
        Assert.True(File.Exists(shot), $"no screenshot; exit {process.ExitCode}; stderr: {stderr.Result}");
        var (width, height, variance) = PngImage.Inspect(File.ReadAllBytes(shot));
        PngImage.Keep("report-chromium.png", File.ReadAllBytes(shot));
        Assert.Equal((1200, 1800), (width, height));
        Assert.True(variance > 100, $"screenshot luminance variance {variance} looks blank");
        _ = stdout.Result;
    }
}
