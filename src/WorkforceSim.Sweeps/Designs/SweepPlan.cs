using System.Collections.Immutable;
using WorkforceSim.Scenarios.Sweeps;

namespace WorkforceSim.Sweeps.Designs;

/// <summary>One point of a sweep: its index, its role in the design and its parameter values.</summary>
/// <param name="Index">0-based point index (the order of every output).</param>
/// <param name="Block">Design block: <c>grid</c>, <c>lhs</c>, or for Sobol <c>A</c>, <c>B</c>, <c>AB:NAME</c>.</param>
/// <param name="Values">One value per parameter (double or string), in parameter order.</param>
public sealed record SweepPoint(int Index, string Block, ImmutableArray<object> Values);

/// <summary>Expands a sweep definition into its points, deterministically.</summary>
public static class SweepPlan
{
    /// <summary>The points of the sweep, in index order.</summary>
    public static ImmutableArray<SweepPoint> Points(SweepDefinition def)
    {
        ArgumentNullException.ThrowIfNull(def);
        var ps = def.Parameters;
        return def.Design switch
        {
            SweepDesign.Grid => Grid(ps),
            SweepDesign.LatinHypercube => [.. LatinHypercube.Sample(def.Points!.Value, ps.Length, def.Seed)
                .Select((u, i) => new SweepPoint(i, "lhs", [.. ps.Select((p, j) => Normalize(p.Domain.At(u[j])))]))],
            SweepDesign.Sobol => Saltelli(ps, def.Points!.Value, def.Seed),
            _ => throw new ArgumentOutOfRangeException(nameof(def)),
        };
    }

    private static object Normalize(object v) => v is long l ? (double)l : v;

    private static ImmutableArray<SweepPoint> Grid(ImmutableArray<SweepParameter> ps)
    {
        var lists = ps.Select(p => p.Domain switch
        {
            ValuesDomain v => v.Values,
            RangeDomain r => r.GridValues(),
            _ => throw new InvalidOperationException($"Parameter '{p.Name}' cannot be enumerated by a grid."),
        }).ToList();
        var result = ImmutableArray.CreateBuilder<SweepPoint>();
        var idx = new int[ps.Length];
        int total = lists.Aggregate(1, (n, l) => n * l.Length);
        for (int i = 0; i < total; i++)
        {
            int rest = i;
            for (int j = ps.Length - 1; j >= 0; j--) { idx[j] = rest % lists[j].Length; rest /= lists[j].Length; }
            result.Add(new SweepPoint(i, "grid", [.. idx.Select((k, j) => Normalize(lists[j][k]))]));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// Saltelli's scheme: N rows of A and B from a 2d-dimensional scrambled Sobol sequence (A the first d coordinates,
    /// B the last d), then AB_j = A with column j from B. Points: A rows, B rows, then each AB_j block.
    /// </summary>
    private static ImmutableArray<SweepPoint> Saltelli(ImmutableArray<SweepParameter> ps, int n, ulong seed)
    {
        int d = ps.Length;
        var seq = new SobolSequence(2 * d, seed);
        var a = new double[n][];
        var b = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var x = seq.Point(i);
            a[i] = x[..d];
            b[i] = x[d..];
        }
        var result = ImmutableArray.CreateBuilder<SweepPoint>(n * (d + 2));
        ImmutableArray<object> Map(double[] u) => [.. ps.Select((p, j) => Normalize(p.Domain.At(u[j])))];
        for (int i = 0; i < n; i++) result.Add(new SweepPoint(result.Count, "A", Map(a[i])));
        for (int i = 0; i < n; i++) result.Add(new SweepPoint(result.Count, "B", Map(b[i])));
        for (int j = 0; j < d; j++)
            for (int i = 0; i < n; i++)
            {
                var ab = (double[])a[i].Clone();
                ab[j] = b[i][j];
                result.Add(new SweepPoint(result.Count, "AB:" + ps[j].Name, Map(ab)));
            }
        return result.ToImmutable();
    }

    /// <summary>The points of shard <paramref name="shard"/> (1-based) of <paramref name="shards"/>: every index ≡ shard − 1 (mod shards).</summary>
    public static IEnumerable<int> Shard(int points, int shard, int shards)
    {
        if (shards < 1 || shard < 1 || shard > shards) throw new ArgumentOutOfRangeException(nameof(shard), "Shards are numbered 1..N.");
        for (int i = shard - 1; i < points; i += shards) yield return i;
    }
}
