using System.Diagnostics;

namespace WorkforceSim.Robustness.Tests.Support;

/// <summary>Runs the built <c>wsim.dll</c> as a child process (<c>dotnet wsim.dll ARGS</c>).</summary>
internal static class ChildProcess
{
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        psi.ArgumentList.Add(Repo.WsimDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment.Remove("WSIM_DEBUG");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs to the end (killed after <paramref name="timeout"/>); exit code, stdout + stderr, wall time.</summary>
    public static (int Code, string Output, TimeSpan Elapsed) Run(IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var sw = Stopwatch.StartNew();
        using var p = Start(args, environment);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, "timed out", sw.Elapsed);
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + "\n" + stderr.Result, sw.Elapsed);
    }

    /// <summary>Sends a POSIX signal (Process.Kill would send SIGKILL, which cannot be handled).</summary>
    /// <param name="pid">Process id.</param>
    /// <param name="signal">Signal name for kill(1): INT or TERM.</param>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed with exit {kill.ExitCode}");
    }
}
