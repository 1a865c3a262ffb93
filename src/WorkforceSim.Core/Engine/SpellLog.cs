using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Engine;

/// <summary>Records employment spells of one replication (only when asked: it allocates per teacher).</summary>
internal sealed class SpellLog
{
    private readonly Dictionary<ulong, int> _byTeacher = [];
    private readonly List<TeacherSpell> _spells = [];

    private static ulong Key(short hireYear, int index) => Random.CounterRng.TeacherCounter(hireYear, index);

    private static string Id(short hireYear, int index) => $"T{hireYear}-{index}";

    public void Start(short hireYear, int index, int firstYear, int priorYos, int segment)
    {
        _byTeacher[Key(hireYear, index)] = _spells.Count;
        _spells.Add(new TeacherSpell(Id(hireYear, index), firstYear, priorYos, null, null, 0, segment));
    }

    public void Exit(short hireYear, int index, int year, ExitReason reason, int stage)
    {
        int i = _byTeacher[Key(hireYear, index)];
        _spells[i] = _spells[i] with { ExitYear = year, Reason = reason, Stage = stage };
    }

    public void SetStage(short hireYear, int index, int stage)
    {
        int i = _byTeacher[Key(hireYear, index)];
        _spells[i] = _spells[i] with { Stage = stage };
    }

    public List<TeacherSpell> ToList() => _spells;
}
