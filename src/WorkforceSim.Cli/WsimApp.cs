using System.CommandLine;
using System.Reflection;

namespace WorkforceSim.Cli;

/// <summary>The <c>wsim</c> command line: parses, dispatches to a command, maps failures to exit codes.</summary>
public static class WsimApp
{
    /// <summary>Version printed in manifests and <c>--version</c>.</summary>
    public static string Version { get; } =
        typeof(WsimApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs the command line with the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("WorkforceSim: a stochastic microsimulation of teacher workforces — attrition, career ladders and leadership roles.")
        {
            RunCommand.Create(stdout, stderr),
            ValidateCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            SweepCommand.Create(stdout, stderr),
            MergeCommand.Create(stdout, stderr),
            CalibrateCommand.Create(stdout, stderr),
            ServeCommand.Create(stdout, stderr),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !WantsHelp(args))
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"wsim: error: {e.Message}");
            stderr.WriteLine("Run 'wsim --help' (or 'wsim COMMAND --help') for usage.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("wsim: cancelled; no partial output was left behind.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("WSIM_DEBUG") != "1")
        {
            stderr.WriteLine($"wsim: internal error: {ex.GetType().Name}: {ex.Message}");
            stderr.WriteLine("This is a bug or an environment problem (disk full, permissions). Set WSIM_DEBUG=1 for details.");
            return ExitCodes.InternalFailure;
        }
    }

    private static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?" or "--version");
}
