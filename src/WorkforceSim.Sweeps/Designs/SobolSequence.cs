namespace WorkforceSim.Sweeps.Designs;

/// <summary>
/// The Sobol low-discrepancy sequence with the Joe–Kuo direction numbers (new-joe-kuo-6.21201, dimensions 1–40),
/// optionally scrambled by a random linear matrix scramble plus a digital shift (Matoušek 1998; Owen-type
/// randomisation that keeps the (t, s)-net structure). 32-bit resolution; point i is generated directly from i.
/// </summary>
public sealed class SobolSequence
{
    /// <summary>Dimensions supported.</summary>
    public const int MaxDimensions = 40;
    private const int Bits = 32;

    /// <summary>Joe–Kuo rows for dimensions 2..40: degree s, coefficient a, initial direction numbers m_1..m_s.</summary>
    internal static readonly (int S, int A, int[] M)[] JoeKuo =
    [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]), (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]), (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]), (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]), (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]), (7, 4, [1, 3, 7, 13, 13, 15, 69]), (7, 7, [1, 1, 3, 13, 7, 35, 63]),
        (7, 8, [1, 3, 5, 9, 1, 25, 53]), (7, 14, [1, 3, 1, 13, 9, 35, 107]), (7, 19, [1, 3, 1, 5, 27, 61, 31]),
        (7, 21, [1, 1, 5, 11, 19, 41, 61]), (7, 28, [1, 3, 5, 3, 3, 13, 69]), (7, 31, [1, 1, 7, 13, 1, 19, 1]),
        (7, 32, [1, 3, 7, 5, 13, 19, 59]), (7, 37, [1, 1, 3, 9, 25, 29, 41]), (7, 41, [1, 3, 5, 13, 23, 1, 55]),
        (7, 42, [1, 3, 7, 3, 13, 59, 17]), (7, 50, [1, 3, 1, 3, 5, 53, 69]), (7, 55, [1, 1, 5, 5, 23, 33, 13]),
        (7, 56, [1, 1, 7, 7, 1, 61, 123]), (7, 59, [1, 1, 7, 9, 13, 61, 49]), (7, 62, [1, 3, 3, 5, 3, 55, 33]),
        (8, 14, [1, 3, 1, 15, 31, 13, 49, 245]), (8, 21, [1, 3, 5, 15, 31, 59, 63, 97]), (8, 22, [1, 3, 1, 11, 11, 11, 77, 249]),
    ];

    private readonly uint[][] _v;
    private readonly uint[] _shift;

    /// <summary>Number of dimensions.</summary>
    public int Dimensions { get; }

    /// <summary>The sequence in <paramref name="dimensions"/> dimensions; scrambled with <paramref name="scrambleSeed"/> unless null.</summary>
    public SobolSequence(int dimensions, ulong? scrambleSeed)
    {
        if (dimensions is < 1 or > MaxDimensions) throw new ArgumentOutOfRangeException(nameof(dimensions), $"1 to {MaxDimensions} dimensions are supported.");
        Dimensions = dimensions;
        _v = new uint[dimensions][];
        _shift = new uint[dimensions];
        for (int j = 0; j < dimensions; j++)
        {
            var v = new uint[Bits];
            if (j == 0)
            {
                for (int k = 0; k < Bits; k++) v[k] = 1u << (Bits - 1 - k);
            }
            else
            {
                var (s, a, m) = JoeKuo[j - 1];
                for (int k = 0; k < Math.Min(s, Bits); k++) v[k] = (uint)m[k] << (Bits - 1 - k);
                for (int k = s; k < Bits; k++)
                {
                    uint x = v[k - s] ^ (v[k - s] >> s);
                    for (int l = 1; l < s; l++)
                        if (((a >> (s - 1 - l)) & 1) == 1) x ^= v[k - l];
                    v[k] = x;
                }
            }
            if (scrambleSeed is ulong seed)
            {
                // Linear matrix scramble: v'_k = L·v_k with L random lower-triangular, unit diagonal (row r has bit r set
                // and random bits above it in MSB-first order), then a random digital shift.
                var rng = new DesignRandom(seed, 1000 + (ulong)j);
                var rows = new uint[Bits];
                for (int r = 0; r < Bits; r++)
                {
                    uint diag = 1u << (Bits - 1 - r);
                    uint above = r == 0 ? 0u : (uint)(rng.Bits((ulong)r) >> 32) & ~((diag << 1) - 1) & ~diag;
                    above &= r == 0 ? 0u : uint.MaxValue << (Bits - r);
                    rows[r] = diag | above;
                }
                for (int k = 0; k < Bits; k++)
                {
                    uint x = 0;
                    for (int r = 0; r < Bits; r++)
                        if ((System.Numerics.BitOperations.PopCount(rows[r] & v[k]) & 1) == 1) x |= 1u << (Bits - 1 - r);
                    v[k] = x;
                }
                _shift[j] = (uint)(rng.Bits(999) >> 32);
            }
            _v[j] = v;
        }
    }

    /// <summary>Point <paramref name="index"/> (0-based) in (0, 1)^d: each coordinate is the 32-bit digit vector plus half a unit in the last place.</summary>
    public double[] Point(long index)
    {
        if (index < 0 || index >= 1L << Bits) throw new ArgumentOutOfRangeException(nameof(index));
        var x = new double[Dimensions];
        for (int j = 0; j < Dimensions; j++)
        {
            uint acc = _shift[j];
            ulong i = (ulong)index;
            for (int k = 0; i != 0; k++, i >>= 1)
                if ((i & 1) != 0) acc ^= _v[j][k];
            x[j] = (acc + 0.5) / 4294967296.0;
        }
        return x;
    }
}
