using WorkforceSim.Core.Model;
using WorkforceSim.Scenarios;

namespace WorkforceSim.Benchmarks;

/// <summary>The R1 workload (scenarios/benchmark-r1.yaml) loaded through the scenario loader, with N, T and R overridden in code.</summary>
public static class R1
{
    /// <summary>Finds scenarios/benchmark-r1.yaml by walking up from the working and the assembly directory.</summary>
    public static string ScenarioPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "scenarios", "benchmark-r1.yaml");
                if (File.Exists(p)) return p;
            }
        throw new FileNotFoundException("scenarios/benchmark-r1.yaml not found above " + Directory.GetCurrentDirectory());
    }

    /// <summary>R1 as the loader builds it.</summary>
    public static ScenarioSpec Load()
    {
        var r = ScenarioLoader.Load(ScenarioPath());
        if (!r.TryGetSpec(out var spec)) throw new InvalidOperationException("benchmark-r1.yaml did not load");
        return spec;
    }

    /// <summary>R1 with N positions, T years and R replications.</summary>
    public static ScenarioSpec With(int teachers, int years = 30, int replications = 20)
    {
        var spec = Load();
        return spec with
        {
            Years = years,
            Replications = replications,
            Periods = [.. spec.Periods.Select(p => p with { Parameters = p.Parameters with { Positions = p.Parameters.Positions with { Count = teachers } } })],
        };
    }
}
