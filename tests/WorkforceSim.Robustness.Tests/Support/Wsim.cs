using WorkforceSim.Cli;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>Runs <c>wsim</c> in-process and captures what it prints.</summary>
internal static class Wsim
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = WsimApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
