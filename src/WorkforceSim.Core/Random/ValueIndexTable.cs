namespace WorkforceSim.Core.Random;

/// <summary>
/// The buckets of an integer distribution's cumulative shares for
/// <see cref="CounterRngVector.ValueIndices(ulong, ulong, ValueIndexTable, System.Span{int}, bool)"/>: the uniform
/// u = <see cref="CounterRng.Unit"/>(bits) lies in bucket b = bits ≫ (64 − <see cref="BucketBits"/>), the interval
/// [b, b + 1) / 2^BucketBits. Every share at or below the lower edge is at or below u, every share at or above the upper
/// edge is above it: the value index (the count of shares at or below u, at most the last index) is the bucket's count
/// below plus one if the one share strictly inside the bucket, when there is one, is at or below u. Usable only when
/// no bucket holds two shares strictly inside (shares of at least 2^−BucketBits apart; else the scan is used).
/// </summary>
public sealed class ValueIndexTable
{
    /// <summary>Bits of the uniform that pick its bucket (1,024 buckets, 16 KB).</summary>
    public const int BucketBits = 10;

    /// <summary>The cumulative shares (non-decreasing; the last is the total).</summary>
    public double[] Cumulative { get; }

    /// <summary>Per bucket, a pair: the share strictly inside it (+∞ if none), then the count of shares at or below
    /// its lower edge (a long in the double's bits).</summary>
    internal double[] Buckets { get; }

    /// <summary>Whether the shares are non-decreasing numbers and every bucket holds at most one strictly inside.</summary>
    public bool Usable { get; }

    public ValueIndexTable(double[] cumulative)
    {
        Cumulative = cumulative;
        int n = 1 << BucketBits;
        Buckets = new double[2 * n];
        for (int k = 0; k < cumulative.Length; k++)
            if (double.IsNaN(cumulative[k]) || (k > 0 && cumulative[k] < cumulative[k - 1])) return; // not usable
        Usable = true;
        int below = 0;
        for (int b = 0; b < n; b++)
        {
            double lower = (double)b / n, upper = (double)(b + 1) / n; // exact: powers of two
            while (below < cumulative.Length && cumulative[below] <= lower) below++;
            int inside = below;
            while (inside < cumulative.Length && cumulative[inside] < upper) inside++;
            if (inside - below > 1) { Usable = false; return; }
            Buckets[2 * b] = inside > below ? cumulative[below] : double.PositiveInfinity;
            Buckets[2 * b + 1] = BitConverter.Int64BitsToDouble(below);
        }
    }
}
