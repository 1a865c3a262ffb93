using System.CommandLine;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Cli;

/// <summary><c>wsim validate FILE...</c>: reports every problem in every file; exit 0 if there are none.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Scenario files to check.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("validate", "Check scenario files and report every problem with its line and column.") { files };
        cmd.SetAction(parse =>
        {
            int bad = 0;
            foreach (var f in parse.GetValue(files)!)
            {
                var r = ScenarioLoader.Load(f);
                ScenarioInput.Print(r.Diagnostics, stderr);
                int errors = r.Diagnostics.Count(d => d.Severity == Severity.Error);
                if (errors > 0) { bad++; stderr.WriteLine($"{f}: {errors} error(s)"); }
                else stdout.WriteLine(r.Uncertainty is { HasUncertainParameters: true } u
                    ? $"{f}: ok ({r.Spec!.Title}; {u.Parameters.Count(p => !p.Distribution.IsDegenerate)} uncertain parameter(s))"
                    : $"{f}: ok ({r.Spec!.Title})");
            }
            return bad == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return cmd;
    }
}
