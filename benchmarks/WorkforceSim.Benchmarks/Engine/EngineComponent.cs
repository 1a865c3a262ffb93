using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.State;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>
/// An engine after one R1 replication (65,000 teachers, the steady state of year 30), with a snapshot of its teacher
/// table, so that a phase can run on the same rows again and again: each benchmark restores the snapshot, then runs
/// one phase; the Restore baseline measures the copy alone.
/// </summary>
internal sealed class EngineComponent
{
    public readonly ReplicationEngine Engine;
    private readonly TeacherTable _saved;
    private readonly int _count, _initial;

    public EngineComponent(int teachers)
    {
        var spec = R1.With(teachers, 30, 1);
        Engine = new ReplicationEngine(spec, MetricCatalog.For(spec));
        Engine.Run(0);
        Engine.StartNextYearForBenchmark();
        var t = Engine.Table;
        _saved = new TeacherTable(t.Capacity);
        _count = t.Count;
        _initial = t.InitialCount;
        Copy(t, _saved);
    }

    public void Restore()
    {
        var t = Engine.Table;
        Copy(_saved, t);
        t.Count = _count;
        t.InitialCount = _initial;
    }

    private void Copy(TeacherTable from, TeacherTable to)
    {
        int n = _count;
        Array.Copy(from.Index, to.Index, n); Array.Copy(from.HireYear, to.HireYear, n);
        Array.Copy(from.Yos, to.Yos, n); Array.Copy(from.Stage, to.Stage, n); Array.Copy(from.Segment, to.Segment, n);
        Array.Copy(from.Flags, to.Flags, n); Array.Copy(from.Effectiveness, to.Effectiveness, n);
        Array.Copy(from.Ratings, to.Ratings, n);
    }
}
