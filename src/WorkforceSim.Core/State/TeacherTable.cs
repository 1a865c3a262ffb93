using System.Runtime.CompilerServices;

namespace WorkforceSim.Core.State;

/// <summary>
/// The teachers of one replication as parallel arrays (struct-of-arrays), 16 bytes per teacher on the hot path:
/// identity (hire year + index within that year's hires, 6 bytes), yos, stage, segment, flags (1 byte each),
/// effectiveness (4) and rating history (2). Rows keep a stable order: the initial teachers first, then hires in
/// the order they were hired, so the rows of one hire cohort are contiguous and sorted by hire year.
/// </summary>
internal sealed class TeacherTable
{
    /// <summary>Index of the teacher within its hire year's hires (for initial teachers: its initial index).</summary>
    public int[] Index;
    /// <summary>Calendar year of hire (hires fill the next year's positions at the end of this year).</summary>
    public short[] HireYear;
    /// <summary>Completed years of service.</summary>
    public byte[] Yos;
    /// <summary>Career-ladder stage index.</summary>
    public byte[] Stage;
    /// <summary>Segment index.</summary>
    public byte[] Segment;
    /// <summary>Bits 0–2: coaching role + 1 (0 = not coached); bits 3–5: effectiveness quintile − 1 at the start of the year.</summary>
    public byte[] Flags;
    /// <summary>Effectiveness (teacher-SD units).</summary>
    public float[] Effectiveness;
    /// <summary>Rating history: bits 0–11 the last four levels (3 bits each, newest lowest), bits 12–14 how many (0–4).</summary>
    public ushort[] Ratings;

    /// <summary>Rows in use.</summary>
    public int Count;
    /// <summary>Rows [0, InitialCount) are initial teachers; the rest are hires, sorted by hire year.</summary>
    public int InitialCount;

    public TeacherTable(int capacity)
    {
        Index = new int[capacity];
        HireYear = new short[capacity];
        Yos = new byte[capacity];
        Stage = new byte[capacity];
        Segment = new byte[capacity];
        Flags = new byte[capacity];
        Effectiveness = new float[capacity];
        Ratings = new ushort[capacity];
    }

    public int Capacity => Index.Length;

    /// <summary>Every column zero and no rows, as a new table of the same capacity.</summary>
    public void Reset()
    {
        Array.Clear(Index); Array.Clear(HireYear); Array.Clear(Yos); Array.Clear(Stage);
        Array.Clear(Segment); Array.Clear(Flags); Array.Clear(Effectiveness); Array.Clear(Ratings);
        Count = 0;
        InitialCount = 0;
    }

    public void EnsureCapacity(int needed)
    {
        if (needed <= Capacity) return;
        int c = Math.Max(needed, Capacity * 2);
        Array.Resize(ref Index, c);
        Array.Resize(ref HireYear, c);
        Array.Resize(ref Yos, c);
        Array.Resize(ref Stage, c);
        Array.Resize(ref Segment, c);
        Array.Resize(ref Flags, c);
        Array.Resize(ref Effectiveness, c);
        Array.Resize(ref Ratings, c);
    }

    /// <summary>Copies row <paramref name="from"/> to row <paramref name="to"/> (stable compaction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Move(int from, int to)
    {
        Index[to] = Index[from];
        HireYear[to] = HireYear[from];
        Yos[to] = Yos[from];
        Stage[to] = Stage[from];
        Segment[to] = Segment[from];
        Flags[to] = Flags[from];
        Effectiveness[to] = Effectiveness[from];
        Ratings[to] = Ratings[from];
    }

    public const int CoachMask = 0x7;
    public const int QuintileShift = 3;

    /// <summary>Rating-history helpers.</summary>
    public static class RatingHistory
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int CountOf(ushort h) => h >> 12;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Last(ushort h) => h & 0x7;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort Push(ushort h, int level)
        {
            int count = Math.Min(4, CountOf(h) + 1);
            int levels = ((h & 0x1FF) << 3) | level; // keep the newest three, shift in the new one
            return (ushort)((count << 12) | levels);
        }

        /// <summary>The rating dimension of a hazard-table key: 0 when never rated, else the last level + 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Dimension(ushort h) => CountOf(h) == 0 ? 0 : Last(h) + 1;

        /// <summary>Whether the last <paramref name="consecutive"/> ratings are all at least <paramref name="level"/>.</summary>
        public static bool LastAtLeast(ushort h, int level, int consecutive)
        {
            if (CountOf(h) < consecutive) return false;
            for (int i = 0; i < consecutive; i++)
                if (((h >> (3 * i)) & 0x7) < level) return false;
            return true;
        }
    }
}
