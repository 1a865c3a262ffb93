namespace WorkforceSim.Core.Engine;

/// <summary>
/// Former teachers who may come back (re-entrants): leavers whose exit reason and years of service make them
/// eligible join the pool; each year those whose gap lies in [min, max] are available to return with a
/// probability; leavers drop out after the maximum gap. Kept in exit order, which is deterministic.
/// </summary>
internal sealed class FormerTeacherPool
{
    public struct Former
    {
        public int Index;
        public short HireYear;
        public byte Yos, Segment;
        public float Effectiveness;
        public short ExitYear;
        public bool Taken;
    }

    private Former[] _items = new Former[256];
    private int _count;
    private int[] _available = new int[256];

    public void Clear() => _count = 0;

    public void Add(int index, short hireYear, byte yos, float effectiveness, byte segment, int exitYear)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _count * 2);
        _items[_count++] = new Former
        {
            Index = index, HireYear = hireYear, Yos = yos, Effectiveness = effectiveness, Segment = segment,
            ExitYear = (short)exitYear,
        };
    }

    public ref Former At(int row) => ref _items[row];

    /// <summary>Drops former teachers past the maximum gap, then lists those available to return this year;
    /// returns how many there are.</summary>
    public int MarkAvailable(int year, int minGap, int maxGap, ulong threshold, ulong stream)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
            if (year - _items[i].ExitYear <= maxGap) _items[kept++] = _items[i];
        _count = kept;
        if (_available.Length < _count) _available = new int[Math.Max(_count, _available.Length * 2)];
        int m = 0;
        for (int i = 0; i < _count; i++)
        {
            ref var f = ref _items[i];
            if (year - f.ExitYear < minGap) continue;
            ulong bits = Random.CounterRng.Bits(stream, Random.CounterRng.TeacherCounter(f.HireYear, f.Index));
            if (bits < threshold) _available[m++] = i;
        }
        return m;
    }

    /// <summary>Takes the k-th available former teacher; returns its pool row.</summary>
    public int TakeAvailable(int k)
    {
        int row = _available[k];
        _items[row].Taken = true;
        return row;
    }

    /// <summary>Removes those who returned.</summary>
    public void RemoveTaken()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
            if (!_items[i].Taken) _items[kept++] = _items[i];
        _count = kept;
    }
}
