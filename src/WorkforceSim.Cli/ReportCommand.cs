using System.CommandLine;
using WorkforceSim.Reporting;

namespace WorkforceSim.Cli;

/// <summary><c>wsim report DIR</c>: regenerates charts and report.html of a saved run without re-running it.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = "A run's output folder (as written by 'wsim run')." };
        var cmd = new Command("report", "Regenerate the charts and report.html of a saved run folder.") { dir };
        cmd.SetAction(parse =>
        {
            string d = parse.GetValue(dir)!;
            if (!File.Exists(Path.Combine(d, "manifest.json")) || !File.Exists(Path.Combine(d, "yearly.csv")))
            {
                stderr.WriteLine($"wsim: error: '{d}' is not a run folder (no manifest.json and yearly.csv) — give a folder written by 'wsim run'.");
                return ExitCodes.InvalidInput;
            }
            ReportGenerator.Generate(d);
            stdout.WriteLine($"report: {Path.Combine(d, "report.html")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
