using System.Collections.Immutable;
using WorkforceSim.Calibration.Roster;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>A grouping the hazard-ratio model can estimate modifiers for (<c>--by stage,segment</c>).</summary>
public enum GroupingFactor
{
    /// <summary>Career stage; emitted as <c>when: {stage: X}</c>.</summary>
    Stage,
    /// <summary>Segment; emitted as <c>when: {segment: Y}</c>.</summary>
    Segment,
}

/// <summary>
/// Teacher-years aggregated by completed yos, stage and segment.
/// </summary>
/// <param name="Yos">Completed years of service at the start of the school year.</param>
/// <param name="Stage">Stage ("" when not recorded).</param>
/// <param name="Segment">Segment ("" when not recorded).</param>
/// <param name="AtRisk">Teacher-years at risk: employed at the start of the year (or entering the window then).</param>
/// <param name="Exits">Of those, the ones that left during the year.</param>
/// <param name="Censored">Of those, the ones still employed at the end of the roster year (or last seen in a panel without leaving).</param>
public readonly record struct RiskCell(int Yos, string Stage, string Segment, int AtRisk, int Exits, int Censored)
{
    /// <summary>The cell's level of a grouping factor.</summary>
    public string Level(GroupingFactor factor) => factor == GroupingFactor.Stage ? Stage : Segment;
}

/// <summary>The discrete-time risk set of a roster over the window <c>WindowStart..RosterYear</c>.</summary>
/// <param name="Cells">Cells sorted by yos, stage, segment (ordinal).</param>
/// <param name="WindowStart">First school year observed; teachers employed then enter the risk set at their yos then (left truncation).</param>
/// <param name="RosterYear">Last school year whose exits are fully recorded; teachers still employed then are censored after it.</param>
/// <param name="Teachers">Teachers contributing at least one teacher-year.</param>
public sealed record RiskSet(ImmutableArray<RiskCell> Cells, int WindowStart, int RosterYear, int Teachers)
{
    /// <summary>Teacher-years at risk in total.</summary>
    public int TeacherYears => Cells.Sum(c => c.AtRisk);
    /// <summary>Exits in total.</summary>
    public int Exits => Cells.Sum(c => c.Exits);
    /// <summary>Censored teachers in total.</summary>
    public int Censored => Cells.Sum(c => c.Censored);

    /// <inheritdoc />
    public override string ToString() => $"RiskSet({WindowStart}-{RosterYear}, {Teachers} teachers, {TeacherYears} teacher-years, {Exits} exits)";

    /// <summary>
    /// Expands spells into teacher-years. A spell hired in school year H with P prior years has P + (t − H) completed
    /// years at the start of year t. It is at risk from max(H, window start) — later than H means left truncation —
    /// to its exit year (an exit) or the roster year (censored). Exits after the roster year count as still
    /// employed then; spells that ended before the window or start after the roster year contribute nothing.
    /// </summary>
    public static RiskSet FromSpells(IEnumerable<Spell> spells, int windowStart, int rosterYear)
    {
        var cells = new CellCounter();
        int teachers = 0;
        foreach (var spell in spells)
        {
            bool exitSeen = spell.ExitYear is { } e && e <= rosterYear;
            int first = Math.Max(spell.HireYear, windowStart);
            int last = exitSeen ? spell.ExitYear!.Value : rosterYear;
            if (first > last) continue;
            teachers++;
            var group = cells.Group(spell.Stage, spell.Segment);
            for (int year = first; year < last; year++) group.Add(spell.PriorYos + year - spell.HireYear, exits: false, censored: false);
            group.Add(spell.PriorYos + last - spell.HireYear, exits: exitSeen, censored: !exitSeen);
        }
        return new RiskSet(cells.ToCells(), windowStart, rosterYear, teachers);
    }

    /// <summary>
    /// Uses panel rows inside the window as teacher-years. A teacher's last row in the window without the leave flag
    /// is censored (still employed at the roster year, or lost to follow-up).
    /// </summary>
    public static RiskSet FromPanel(IEnumerable<PanelRow> rows, int windowStart, int rosterYear)
    {
        var cells = new CellCounter();
        var byTeacher = rows.Where(r => r.Year >= windowStart && r.Year <= rosterYear)
            .GroupBy(r => r.TeacherId, StringComparer.Ordinal).ToList();
        foreach (var teacher in byTeacher)
        {
            var ordered = teacher.OrderBy(r => r.Year).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                var row = ordered[i];
                cells.Group(row.Stage, row.Segment).Add(row.Yos, row.Left, censored: i == ordered.Count - 1 && !row.Left);
            }
        }
        return new RiskSet(cells.ToCells(), windowStart, rosterYear, byTeacher.Count);
    }

    /// <summary>Builds the risk set of a parsed roster.</summary>
    public static RiskSet FromRoster(TeacherRoster roster, int windowStart, int rosterYear) =>
        roster.Format == RosterFormat.Spell
            ? FromSpells(roster.Spells, windowStart, rosterYear)
            : FromPanel(roster.Rows, windowStart, rosterYear);

    /// <summary>Counts per (stage, segment) group in arrays indexed by yos; a spell resolves its group once.</summary>
    private sealed class CellCounter
    {
        private readonly Dictionary<(string Stage, string Segment), GroupCounts> _groups = [];

        public GroupCounts Group(string stage, string segment)
        {
            if (!_groups.TryGetValue((stage, segment), out var group))
                _groups[(stage, segment)] = group = new GroupCounts(stage, segment);
            return group;
        }

        public ImmutableArray<RiskCell> ToCells() =>
        [
            .. _groups.Values.SelectMany(g => g.Cells())
                .OrderBy(c => c.Yos).ThenBy(c => c.Stage, StringComparer.Ordinal).ThenBy(c => c.Segment, StringComparer.Ordinal),
        ];
    }

    private sealed class GroupCounts(string stage, string segment)
    {
        private int[] _atRisk = new int[64], _exits = new int[64], _censored = new int[64];

        public void Add(int yos, bool exits, bool censored)
        {
            if (yos >= _atRisk.Length)
            {
                int size = Math.Max(yos + 1, 2 * _atRisk.Length);
                Array.Resize(ref _atRisk, size);
                Array.Resize(ref _exits, size);
                Array.Resize(ref _censored, size);
            }
            _atRisk[yos]++;
            if (exits) _exits[yos]++;
            if (censored) _censored[yos]++;
        }

        public IEnumerable<RiskCell> Cells() =>
            Enumerable.Range(0, _atRisk.Length).Where(y => _atRisk[y] > 0)
                .Select(y => new RiskCell(y, stage, segment, _atRisk[y], _exits[y], _censored[y]));
    }
}
