namespace WorkforceSim.Core.Engine;

/// <summary>What an event does when it fires.</summary>
internal enum EventKind : byte
{
    /// <summary>Effective-dated parameters for the year take effect.</summary>
    PolicyChange,
    /// <summary>A year-cycle phase (see <see cref="YearEvent.Phase"/>).</summary>
    Phase,
    /// <summary>The exits of one month of the year leave (vacancies open).</summary>
    ExitBatch,
    /// <summary>End-of-year metrics are recorded.</summary>
    Record,
}

/// <summary>
/// Calendar order: time (in months since the start of the horizon), then priority, then insertion sequence — the
/// three-part key SimPy and SimSharp use, which makes same-time events run in a defined order.
/// </summary>
internal readonly record struct EventKey(int Month, int Priority, int Sequence) : IComparable<EventKey>
{
    public int CompareTo(EventKey other)
    {
        int c = Month.CompareTo(other.Month);
        if (c != 0) return c;
        c = Priority.CompareTo(other.Priority);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }
}

/// <summary>A calendar entry. Exits are batched per month (<see cref="Batch"/>), so the calendar holds about 20
/// events a year however many teachers there are: no per-teacher heap operation.</summary>
internal readonly record struct YearEvent(EventKey Key, EventKind Kind, Model.Phase Phase = default, int Batch = 0);

/// <summary>A binary min-heap of events ordered by <see cref="EventKey"/>. Reused across years and replications.</summary>
internal sealed class EventCalendar
{
    private YearEvent[] _heap = new YearEvent[64];
    private int _count;
    private int _sequence;

    public int Count => _count;

    public void Clear()
    {
        _count = 0;
        _sequence = 0;
    }

    public void Schedule(int month, int priority, EventKind kind, Model.Phase phase = default, int batch = 0)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _count * 2);
        var e = new YearEvent(new EventKey(month, priority, _sequence++), kind, phase, batch);
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_heap[parent].Key.CompareTo(e.Key) <= 0) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = e;
    }

    public YearEvent Next()
    {
        if (_count == 0) throw new InvalidOperationException("The event calendar is empty.");
        var top = _heap[0];
        var last = _heap[--_count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _heap[child + 1].Key.CompareTo(_heap[child].Key) < 0) child++;
            if (last.Key.CompareTo(_heap[child].Key) <= 0) break;
            _heap[i] = _heap[child];
            i = child;
        }
        if (_count > 0) _heap[i] = last;
        return top;
    }
}
