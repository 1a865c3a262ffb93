using System.Diagnostics;
using BenchmarkDotNet.Running;
using WorkforceSim.Benchmarks;
using WorkforceSim.Core.Engine;

// `profile N T R threads [repeat]`: a plain timing loop (wall and process CPU time) for quick comparisons and profilers;
// anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "profile")
{
    // `profile FILE.yaml R threads [repeat]` times any scenario (its own size and years) instead of R1.
    bool file = args[1].EndsWith(".yaml", StringComparison.Ordinal);
    var loadedSpec = file ? WorkforceSim.Scenarios.ScenarioLoader.Load(args[1]) : null;
    WorkforceSim.Core.Model.ScenarioSpec? fileSpec = null;
    if (loadedSpec is not null && !loadedSpec.TryGetSpec(out fileSpec)) throw new InvalidOperationException(args[1] + " did not load");
    if (file) args = [args[0], fileSpec!.PositionsIn(fileSpec.StartYear).ToString(), fileSpec.Years.ToString(), .. args[2..]];
    int n = int.Parse(args[1]), t = int.Parse(args[2]), r = int.Parse(args[3]), threads = int.Parse(args[4]);
    int repeat = args.Length > 5 ? int.Parse(args[5]) : 3;
    var spec = file ? fileSpec! with { Replications = r } : R1.With(n, t, r);
    Simulator.Run(spec with { Replications = Math.Min(r, 2) }, new RunOptions { Threads = threads }); // warm-up (JIT tiers)
    for (int i = 0; i < repeat; i++)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var res = Simulator.Run(spec, new RunOptions { Threads = threads });
        sw.Stop();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        double ty = res.TeacherYears;
        Console.WriteLine($"N={n} T={t} R={r} threads={threads}: wall {sw.Elapsed.TotalSeconds:F3} s = {ty / sw.Elapsed.TotalSeconds / 1e6:F1} M TY/s; cpu {cpu:F3} s = {ty / cpu / 1e6:F1} M TY/cpu-s");
    }
    return;
}
// The benchmark processes run with wsim's runtime setting, dynamic PGO off (src/WorkforceSim.Cli/WorkforceSim.Cli.csproj):
// BenchmarkDotNet's generated projects do not carry this project's TieredPGO, but they inherit the environment.
if (Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is null) Environment.SetEnvironmentVariable("DOTNET_TieredPGO", "0");
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
