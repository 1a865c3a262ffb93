using System.Collections.Immutable;
using System.Runtime.InteropServices;
using WorkforceSim.Sweeps.Cluster;

namespace WorkforceSim.Cli.Slurm;

/// <summary>
/// How batch scripts start the very wsim that wrote them: the apphost (<c>bin/.../wsim</c>) when that is what is
/// running, else the dotnet host and <c>wsim.dll</c> — absolute paths either way, so the scripts run from any folder
/// (on a cluster, the paths must be visible from the compute nodes: a shared file system).
/// </summary>
internal static class WsimInvocation
{
    public static ImmutableArray<string> Current()
    {
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "wsim") return [Path.GetFullPath(process)];
        string dll = Path.GetFullPath(typeof(WsimApp).Assembly.Location);
        string dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : Dotnet();
        return [dotnet, dll];
    }

    /// <summary>The dotnet host: the one the SDK names, the one above the running runtime, or dotnet on PATH.</summary>
    private static string Dotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        // RuntimeDirectory is DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (File.Exists(candidate)) return candidate;
        return ExternalCommand.Find("dotnet") ?? "dotnet";
    }
}
