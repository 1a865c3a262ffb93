using System.Collections.Immutable;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting;

/// <summary>
/// The 25th and 75th percentiles over replications of a few metrics, read back from <c>replications.csv</c> (yearly.csv
/// has a fixed header without them). Used by the fan charts' inner band.
/// </summary>
public static class ReplicationQuartiles
{
    /// <summary>Per metric, P25 and P75 by year index (NaN where no replication defines the metric).</summary>
    public static ImmutableDictionary<string, (double[] P25, double[] P75)> Read(string path, IReadOnlyCollection<string> metrics,
        int startYear, int years)
    {
        var samples = metrics.ToDictionary(m => m, _ => Enumerable.Range(0, years).Select(_ => new List<double>()).ToArray(), StringComparer.Ordinal);
        using (var reader = new StreamReader(path))
        {
            string? header = reader.ReadLine();
            // A run with uncertain parameters has a world column first: quartiles are then over every world and replication.
            bool worlds = header == CsvOutput.WorldReplicationsHeader;
            if (header != CsvOutput.ReplicationsHeader && !worlds)
                throw new InvalidDataException($"{path}: the header is not '{CsvOutput.ReplicationsHeader}'.");
            int lineNo = 1;
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                lineNo++;
                if (worlds)
                {
                    int first = line.IndexOf(',');
                    if (first < 0) throw new InvalidDataException($"{path}({lineNo},1): expected '{CsvOutput.WorldReplicationsHeader}'.");
                    line = line[(first + 1)..];
                }
                var span = line.AsSpan();
                int c1 = span.IndexOf(','), c2 = c1 < 0 ? -1 : span[(c1 + 1)..].IndexOf(',') + c1 + 1;
                int c3 = c2 <= c1 ? -1 : span[(c2 + 1)..].IndexOf(',') + c2 + 1;
                if (c1 < 0 || c2 <= c1 || c3 <= c2)
                    throw new InvalidDataException($"{path}({lineNo},1): expected 'replication,year,metric,value'.");
                // Metric names never contain a comma, so the third field needs no unquoting.
                if (!samples.TryGetValue(line[(c2 + 1)..c3], out var byYear)) continue;
                int t = (int)InvariantNumber.ParseLong(line[(c1 + 1)..c2]) - startYear;
                if (t >= 0 && t < years) byYear[t].Add(InvariantNumber.ParseDouble(line[(c3 + 1)..]));
            }
        }
        var result = ImmutableDictionary.CreateBuilder<string, (double[], double[])>(StringComparer.Ordinal);
        foreach (var (metric, byYear) in samples)
        {
            var p25 = new double[years];
            var p75 = new double[years];
            for (int t = 0; t < years; t++)
            {
                var sorted = byYear[t].ToArray();
                Array.Sort(sorted);
                p25[t] = sorted.Length == 0 ? double.NaN : SampleStatistics.QuantileR7(sorted, 0.25);
                p75[t] = sorted.Length == 0 ? double.NaN : SampleStatistics.QuantileR7(sorted, 0.75);
            }
            result[metric] = (p25, p75);
        }
        return result.ToImmutable();
    }
}
