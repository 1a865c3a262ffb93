using System.CommandLine;
using System.Globalization;
using System.Net;
using WorkforceSim.Core.Engine;
using WorkforceSim.Web;

namespace WorkforceSim.Cli;

/// <summary>
/// <c>wsim serve [--port P] [--scenarios DIR] [--host ADDRESS]</c>: the local what-if web page (docs/web.md). Runs until
/// Ctrl-C or SIGTERM, then stops cleanly (exit 0).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port", "-p") { Description = $"Port to listen on (default {WhatIfOptions.DefaultPort}; 0 picks a free one).", DefaultValueFactory = _ => WhatIfOptions.DefaultPort };
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1: this machine only). 0.0.0.0 opens the page to the network, without any login.", DefaultValueFactory = _ => "127.0.0.1" };
        var scenarios = new Option<string?>("--scenarios", "-s") { Description = "Folder of scenario files to offer (default: ./scenarios, or the scenarios folder of this WorkforceSim checkout)." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Refuse runs estimated to need more memory than this, e.g. 4GB (default: 80% of available memory)." };
        var maxWork = new Option<double?>("--max-teacher-years") { Description = $"Refuse runs of more teacher-years than this, per scenario run (default: {WhatIfOptions.DefaultMaxTeacherYears:0e0})." };
        var maxRuns = new Option<int>("--max-concurrent") { Description = "Simulations allowed at the same time; more get 429 'busy' (default 2).", DefaultValueFactory = _ => 2 };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads per simulation (default: all cores). Results do not depend on it." };
        var cmd = new Command("serve", "Start the what-if web page: pick a scenario, change its levers, compare with the scenario as filed.")
        {
            port, host, scenarios, maxMemory, maxWork, maxRuns, threads,
        };
        cmd.SetAction(parse =>
        {
            var limits = ResourceGuard.Limits(parse.GetValue(maxMemory), parse.GetValue(maxWork) ?? WhatIfOptions.DefaultMaxTeacherYears, stderr);
            if (limits is null) return ExitCodes.InvalidInput;
            return Execute(parse.GetValue(port), parse.GetValue(host)!, parse.GetValue(scenarios), limits, parse.GetValue(maxRuns),
                parse.GetValue(threads), stdout, stderr);
        });
        return cmd;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wsim: error: {message}");
        return ExitCodes.InvalidInput;
    }

    private static int Execute(int port, string host, string? scenarios, ResourceLimits limits, int maxRuns, int? threads,
        TextWriter stdout, TextWriter stderr)
    {
        if (port is < 0 or > 65535) return Fail(stderr, $"--port must be 0 to 65535, but is {port}.");
        if (maxRuns < 1) return Fail(stderr, $"--max-concurrent must be at least 1, but is {maxRuns}.");
        if (threads is < 0) return Fail(stderr, $"--threads must be 0 (all cores) or more, but is {threads}.");
        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var a) ? a : null;
        if (address is null) return Fail(stderr, $"--host must be an IP address such as 127.0.0.1 or 0.0.0.0 (or 'localhost'), but is '{host}'.");
        string? folder = scenarios ?? DefaultScenarios();
        if (folder is null)
            return Fail(stderr, "no scenario folder found (no ./scenarios here, and this build is not inside a WorkforceSim checkout) — pass --scenarios DIR.");
        if (!Directory.Exists(folder)) return Fail(stderr, $"the scenario folder '{folder}' does not exist — pass --scenarios DIR with a folder of scenario files.");

        var options = new WhatIfOptions
        {
            ScenariosFolder = folder, Host = address, Port = port, ToolVersion = WsimApp.Version, Limits = limits,
            MaxConcurrentRuns = maxRuns, Threads = threads is 0 ? null : threads,
        };
        using var signals = new CancelOnSignals();
        var server = WhatIfServer.Create(options, stderr);
        try
        {
            server.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return Fail(stderr, $"cannot listen on {host}:{port}: {ex.Message} — pick another port with --port (0: any free port).");
        }
        stdout.WriteLine($"WorkforceSim what-if page: {server.Address}");
        stdout.WriteLine($"  scenarios: {server.ScenariosFolder}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  limits: {limits.MaxTeacherYears:0.###e0} teacher-years and {ResourceEstimate.FormatBytes(limits.MaxMemoryBytes)} per scenario run, {maxRuns} run(s) at a time"));
        if (!IPAddress.IsLoopback(address))
            stdout.WriteLine("  warning: the page is reachable from other machines and has no login; use --host 127.0.0.1 unless that is intended.");
        stdout.WriteLine("  Ctrl-C stops the server.");
        stdout.Flush();
        try
        {
            signals.Token.WaitHandle.WaitOne();
        }
        finally
        {
            server.StopAsync().GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        stdout.WriteLine("wsim serve: stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>./scenarios when it exists, else the scenarios folder of the checkout this build lives in.</summary>
    internal static string? DefaultScenarios()
    {
        if (Directory.Exists("scenarios")) return "scenarios";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "scenarios");
            if (File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln")) && Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
