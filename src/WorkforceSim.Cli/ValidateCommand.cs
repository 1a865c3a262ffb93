using System.CommandLine;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Sweeps;

namespace WorkforceSim.Cli;

/// <summary><c>wsim validate FILE...</c>: reports every problem in every scenario or sweep file; exit 0 if there are none.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Scenario or sweep files to check.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("validate", "Check scenario and sweep files and report every problem with its line and column.") { files };
        cmd.SetAction(parse =>
        {
            int bad = 0;
            foreach (var f in parse.GetValue(files)!)
            {
                // A sweep file (top-level 'sweep:') is checked as 'wsim sweep' would load it: the file, its base
                // scenario and the base with every parameter's values set.
                var (diagnostics, summary) = SweepLoader.IsSweepFile(f) ? CheckSweep(f) : CheckScenario(f);
                ScenarioInput.Print(diagnostics, stderr);
                int errors = diagnostics.Count(d => d.Severity == Severity.Error);
                if (errors > 0) { bad++; stderr.WriteLine($"{f}: {errors} error(s)"); }
                else stdout.WriteLine($"{f}: ok ({summary})");
            }
            return bad == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return cmd;
    }

    private static (IReadOnlyList<Diagnostic>, string?) CheckScenario(string file)
    {
        var r = ScenarioLoader.Load(file);
        return (r.Diagnostics, r.Spec is null ? null : r.Uncertainty is { HasUncertainParameters: true } u
            ? $"{r.Spec.Title}; {u.Parameters.Count(p => !p.Distribution.IsDegenerate)} uncertain parameter(s)"
            : r.Spec.Title);
    }

    private static (IReadOnlyList<Diagnostic>, string?) CheckSweep(string file)
    {
        var r = SweepLoader.Load(file);
        var s = r.Sweep;
        return (r.Diagnostics, s is null ? null
            : $"sweep {(s.Title.Length > 0 ? s.Title : s.Id)}: {SweepDefinition.DesignName(s.Design)} design, {s.Parameters.Length} parameter(s), {s.Replications} replications a point");
    }
}
