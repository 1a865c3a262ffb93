using System.Diagnostics;
using WorkforceSim.Cli.Slurm;

namespace WorkforceSim.Sweeps.Tests.Cluster;

internal static class ClusterSupport
{
    /// <summary>Runs a program (no shell) with extra environment variables; kills it after <paramref name="timeout"/>.</summary>
    public static (int Code, string Out, string Err) Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        string? cwd = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (cwd is not null) psi.WorkingDirectory = cwd;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment.Remove("WSIM_DEBUG");
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in time:\n{stdout.Result}\n{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the built wsim as a child process, the way the batch scripts start it (dotnet + wsim.dll, absolute).</summary>
    public static (int Code, string Out, string Err) Wsim(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? cwd = null)
    {
        var wsim = WsimInvocation.Current();
        return Run(wsim[0], wsim.Skip(1).Concat(args), env, cwd);
    }

    /// <summary>Runs wsim in-process.</summary>
    public static (int Code, string Out, string Err) InProcess(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Cli.WsimApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Polls <paramref name="done"/> every 20 ms until it holds; fails the test after <paramref name="limit"/>.</summary>
    public static void WaitUntil(Func<bool> done, TimeSpan limit, Func<string> what)
    {
        var sw = Stopwatch.StartNew();
        while (!done())
        {
            if (sw.Elapsed > limit) Assert.Fail($"gave up after {limit.TotalSeconds:F0} s waiting for {what()}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Every point file under a folder: path → last write time (ns resolution) and length; a rewrite changes the time.</summary>
    public static SortedDictionary<string, (DateTime, long)> PointFiles(string dir)
    {
        var d = new SortedDictionary<string, (DateTime, long)>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, "p*.json", SearchOption.AllDirectories))
        {
            var info = new FileInfo(f);
            d[Path.GetRelativePath(dir, f)] = (info.LastWriteTimeUtc, info.Length);
        }
        return d;
    }
}
