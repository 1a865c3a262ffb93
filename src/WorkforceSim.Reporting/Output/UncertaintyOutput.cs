using System.Collections.Immutable;
using WorkforceSim.Core.Uncertainty;

namespace WorkforceSim.Reporting;

/// <summary>What manifest.json records about the worlds of a run with uncertain parameters.</summary>
/// <param name="Worlds">Number of worlds.</param>
/// <param name="Seed">Uncertainty seed (world draws).</param>
/// <param name="Parameters">The uncertain parameters.</param>
public sealed record UncertaintyManifest(int Worlds, ulong Seed, ImmutableArray<UncertaintyParameterInfo> Parameters)
{
    /// <summary>The manifest block of a nested run.</summary>
    public static UncertaintyManifest For(NestedRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.WorldCount, run.Plan.Seed,
            [.. run.Parameters.Select(p => new UncertaintyParameterInfo(p.Name, p.Distribution.Describe(), p.Location,
                p.Distribution.Mean, p.Distribution.Lower, p.Distribution.Upper))]);
    }
}

/// <summary>An uncertain parameter as recorded in manifest.json and shown in the report.</summary>
/// <param name="Name">Its name (its path in the scenario).</param>
/// <param name="Distribution">The distribution, described.</param>
/// <param name="Location">Where it is written, FILE(LINE,COL).</param>
/// <param name="Mean">Expected value.</param>
/// <param name="Lower">Smallest possible value.</param>
/// <param name="Upper">Largest possible value.</param>
public sealed record UncertaintyParameterInfo(string Name, string Distribution, string Location, double Mean, double Lower, double Upper);

/// <summary>The files only a run with uncertain parameters has: <c>uncertainty.csv</c> and <c>worlds.csv</c> (docs/outputs.md).</summary>
internal static class UncertaintyOutput
{
    public const string UncertaintyHeader =
        "year,metric,worlds,replications,mean,mean_ci_low,mean_ci_high,var_total,var_parameters,var_noise,share_parameters," +
        "total_low,total_high,parameters_low,parameters_high,noise_low,noise_high";

    public static void WriteUncertainty(string path, IEnumerable<UncertaintyRow> rows)
    {
        using var w = CsvOutput.Open(path);
        var line = new CsvOutput.LineBuilder(w);
        w.Write(UncertaintyHeader);
        w.Write('\n');
        foreach (var r in rows)
        {
            var u = r.Uncertainty;
            var c = u.Components;
            double half = c.MeanCiHalfWidth;
            line.Integer(r.Year).Text(r.Metric).Integer(c.Worlds).Integer(c.Replications).Number(c.Mean).Number(c.Mean - half).Number(c.Mean + half)
                .Number(c.TotalVariance).Number(c.ParameterVariance).Number(c.NoiseVariance).Number(c.ParameterShare)
                .Number(u.Total.Low).Number(u.Total.High).Number(u.Parameters.Low).Number(u.Parameters.High)
                .Number(u.Noise.Low).Number(u.Noise.High).End();
        }
    }

    /// <summary>The header of worlds.csv: <c>world</c>, one column per uncertain parameter, one per key indicator.</summary>
    public static string WorldsHeader(NestedRunResult run, IReadOnlyList<KeyIndicatorUncertainty> indicators) =>
        string.Join(',', new[] { "world" }.Concat(run.Parameters.Select(p => CsvOutput.Escape(p.Name)))
            .Concat(indicators.Select(k => CsvOutput.Escape(k.Indicator.Id))));

    /// <summary>One row per world: its drawn parameter values and each key indicator's mean over its replications.</summary>
    public static void WriteWorlds(string path, NestedRunResult run, IReadOnlyList<KeyIndicatorUncertainty> indicators)
    {
        using var w = CsvOutput.Open(path);
        var line = new CsvOutput.LineBuilder(w);
        w.Write(WorldsHeader(run, indicators));
        w.Write('\n');
        for (int world = 0; world < run.WorldCount; world++)
        {
            line.Integer(world);
            foreach (double v in run.ParameterValues[world]) line.Number(v);
            foreach (var k in indicators) line.Number(k.WorldMeans[world]);
            line.End();
        }
    }
}
