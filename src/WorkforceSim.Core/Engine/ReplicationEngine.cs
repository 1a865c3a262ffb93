using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;
using WorkforceSim.Core.State;
using static WorkforceSim.Core.Random.CounterRng;
using CounterRngVector = WorkforceSim.Core.Random.CounterRngVector;
using DrawPurpose = WorkforceSim.Core.Random.DrawPurpose;

namespace WorkforceSim.Core.Engine;

/// <summary>
/// Runs replications of one scenario. One instance per worker thread: it owns reusable buffers (the teacher
/// table, exit records, selection scratch), so a replication allocates nothing per teacher-year.
/// </summary>
internal sealed partial class ReplicationEngine
{
    private readonly ScenarioSpec _spec;
    private readonly MetricCatalog _metrics;
    private readonly int _years;
    private readonly bool _needsQuintileFlags;
    private readonly bool _ratingsUsed;
    private readonly int _reentrantSource;
    /// <summary>Whether any period has coaching roles (else no teacher is ever coached: Record skips the count).</summary>
    private readonly bool _anyCoaching;
    /// <summary>Columns that stay zero in every row for the whole run, so the exit compaction leaves them alone: the
    /// segment with one segment; the flags without quintile flags and coaching; the rating history without ratings
    /// in use (every write to it is then a reset to 0).</summary>
    private readonly bool _zeroSegments, _zeroFlags, _zeroRatings;
    /// <summary>The initial yos distribution's cumulative shares, and the stage of each of its values.</summary>
    private readonly Random.ValueIndexTable _initYosIndex;
    private readonly byte[] _initStageOfValue;

    private readonly TeacherTable _t;
    private readonly EventCalendar _calendar = new();
    private readonly FormerTeacherPool _pool = new();
    private ExitRecord[] _exits = new ExitRecord[1024];
    private ExitRecord[] _exitsByBatch = new ExitRecord[1024];
    private readonly int[] _batchStart = new int[ExitBatches + 1];
    private ulong[] _keys = new ulong[1024];
    private ulong[] _keys2 = new ulong[1024];
    private float[] _floats = new float[1024];
    private double[] _doubles = new double[1024];

    // Per-replication state.
    private int _rep;
    private ModelParameters _p = null!;
    private YearTables _tables = null!;
    private ReplicationResult _result = null!;
    private readonly int[] _hiresByYear;

    // Per-year state.
    private int _year;
    private int _headStart, _servedCount, _topStart, _topExits, _exitCount, _hires;
    private double _salaryCost, _extraCost, _vacancyTime;
    private readonly int[] _exitsByReason = new int[4];
    private readonly int[] _hiresBySource;
    private readonly int[] _stageCount;
    /// <summary>Per stage, the largest selection key gathered for a top-effectiveness promotion when the floor is not
    /// sampled (few rows, or without AVX-512): a floor under last year's cut (see PromotionRound); ulong.MaxValue for
    /// none.</summary>
    private readonly ulong[] _promotionFloor;
    /// <summary>How far under last year's cut the floor is, in effectiveness units (standard deviations).</summary>
    private const float PromotionFloorMargin = 0.5f;

    /// <summary>Exits are batched into 12 monthly batches plus one at the very end of the year.</summary>
    private const int ExitBatches = 13;

    public ReplicationEngine(ScenarioSpec spec, MetricCatalog metrics) : this(spec, metrics, null) { }

    /// <summary>An engine on the teacher table and scratch arrays of <paramref name="buffers"/> when they are
    /// given (the table is reset to all zeros, as a new one; scratch contents never matter).</summary>
    internal ReplicationEngine(ScenarioSpec spec, MetricCatalog metrics, EngineBuffers? buffers)
    {
        _spec = spec;
        _metrics = metrics;
        _years = spec.Years;
        _cohortAtStart = new int[spec.Years];
        _cohortAfter = new int[spec.Years];
        var allParams = spec.Periods.Select(x => x.Parameters).ToArray();
        var conditions = allParams.SelectMany(p => p.Attrition.Modifiers.Select(m => m.When)
            .Concat(p.Bonuses.Select(b => b.When)).Concat(p.Roles.Select(r => r.Eligible))).ToArray();
        _needsQuintileFlags = conditions.Any(c => !c.Quintiles.IsDefaultOrEmpty);
        _ratingsUsed = spec.Cycle.Contains(Phase.Evaluation) && (conditions.Any(c => c.MaxRating is not null)
            || allParams.Any(p => p.Stages.Any(s => s.Promotion is { RatingRules.IsDefaultOrEmpty: false })));
        var p0 = allParams[0];
        _reentrantSource = p0.Hiring.Sources.ToList().FindIndex(s => s.Kind == SourceKind.Reentrant);
        _anyCoaching = spec.Cycle.Contains(Phase.Leadership) && allParams.Any(p => !p.Roles.IsDefaultOrEmpty);
        _zeroSegments = spec.Segments.Length == 1;
        _zeroFlags = !_needsQuintileFlags && !_anyCoaching;
        _zeroRatings = !_ratingsUsed;
        int exitsAt = spec.Cycle.IndexOf(Phase.Exits);
        _serviceFollowsExits = exitsAt >= 0 && exitsAt + 1 < spec.Cycle.Length && spec.Cycle[exitsAt + 1] == Phase.Service
            && spec.Cycle.Count(c => c == Phase.Service) == 1 && spec.Cycle.Count(c => c == Phase.Exits) == 1;
        int maxPositions = 0;
        for (int y = spec.StartYear; y <= spec.LastYear + 1; y++)
            maxPositions = Math.Max(maxPositions, spec.PositionsIn(y));
        int capacity = Math.Max(16, maxPositions + 16);
        if (buffers?.Table is { } table && table.Capacity >= capacity)
        {
            table.Reset();
            _t = table;
        }
        else _t = new TeacherTable(capacity);
        if (buffers is not null)
        {
            _keys = buffers.Keys ?? _keys; _keys2 = buffers.Keys2 ?? _keys2;
            _floats = buffers.Floats ?? _floats; _doubles = buffers.Doubles ?? _doubles;
        }
        _hiresByYear = new int[_years + 1]; // one spare year for the benchmark hooks (StartNextYearForBenchmark)
        _hiresBySource = new int[p0.Hiring.Sources.Length];
        var init = spec.Initial;
        _initYosIndex = new Random.ValueIndexTable(Cumulative(init.Yos));
        _initStageOfValue = new byte[init.Yos.Values.Length];
        for (int k = 0; k < _initStageOfValue.Length; k++)
        {
            int stage = 0;
            foreach (var step in init.StageByYos) if (step.FromYos <= init.Yos.Values[k]) stage = step.Stage;
            _initStageOfValue[k] = (byte)stage;
        }
        _stageCount = new int[p0.Stages.Length];
        _promotionFloor = new ulong[p0.Stages.Length];
    }

    /// <summary>Simulates one replication.</summary>
    public ReplicationResult Run(int replication)
    {
        _rep = replication;
        _result = NewResult(replication, _years);
        Array.Clear(_hiresByYear);
        _pool.Clear();
        Array.Fill(_promotionFloor, ulong.MaxValue);
        _spells = RecordSpellsOf == replication ? new SpellLog() : null;
        _p = _spec.Periods[0].Parameters;
        _tables = TablesFor(_p, _spec.StartYear);
        CreateInitialWorkforce();

        _calendar.Clear();
        for (int year = _spec.StartYear; year <= _spec.LastYear; year++)
            ScheduleYear(year);
        while (_calendar.Count > 0)
            Dispatch(_calendar.Next());
        if (_spells is not null)
        {
            for (int i = 0; i < _t.Count; i++) _spells.SetStage(_t.HireYear[i], _t.Index[i], _t.Stage[i]);
            _result.Spells = _spells.ToList();
        }
        return _result;
    }

    public long TeacherYears { get; private set; }

    /// <summary>The engine's teacher table and scratch arrays, for the next engine (the engine is not used after).</summary>
    internal EngineBuffers TakeBuffers() => new() { Table = _t, Keys = _keys, Keys2 = _keys2, Floats = _floats, Doubles = _doubles };

    // ---------------------------------------------------------------- benchmark hooks (benchmarks/Engine)

    /// <summary>The teacher table (for component benchmarks, which snapshot and restore it between calls).</summary>
    internal TeacherTable Table => _t;
    /// <summary>After <see cref="Run"/>: starts the year after the last simulated one (tables, top-quintile cut).</summary>
    /// <remarks>The table holds the last year's hires (hire year = the last year) as the year after it would: the
    /// year runs with one more year of room in the survival and hiring arrays (the results are not read).</remarks>
    internal void StartNextYearForBenchmark()
    {
        _result = NewResult(_rep, _years + 1);
        StartYear(_spec.LastYear + 1);
    }

    private ReplicationResult NewResult(int replication, int years) => new()
    {
        Replication = replication,
        Years = years,
        Values = new double[_metrics.Count * years],
        SurvivalAtRisk = new long[years],
        SurvivalExits = new long[years],
        AtRiskByYos = new long[ReplicationResult.MaxYos + 1],
        ExitsByYos = new long[ReplicationResult.MaxYos + 1],
    };
    /// <summary>One exit-draw phase (draws, compaction, batching) of the current year.</summary>
    internal void DrawExitsForBenchmark() => DrawExits();
    /// <summary>One promotion round of the current year.</summary>
    internal void PromotionForBenchmark() => PromotionRound(_year, _year, _p);
    /// <summary>One hiring round of the current year.</summary>
    internal void HiringForBenchmark() => HiringRound();

    /// <summary>The yos census of the initial workforce's remaining rows (rows [0, InitialCount)): made with them,
    /// each exit of one taken off (<see cref="LeaveInitial"/>), shifted a year by each service (<see cref="Serve"/>).</summary>
    private readonly int[] _initialCensus = new int[256];

    /// <summary>Tests: Record also counts the initial rows' yos and every row's stage and checks the kept census and
    /// stage counts against them.</summary>
    internal bool VerifyCensus { get; init; }

    /// <summary>Takes an exiting initial row of <paramref name="yos"/> off the initial workforce's census.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LeaveInitial(int yos) => _initialCensus[yos]--;

    /// <summary>Replication whose spells are recorded, or null.</summary>
    public int? RecordSpellsOf { get; init; }

    /// <summary>Whether top-effectiveness promotions gather from a floor (sampled from the year's rows, or last year's;
    /// see PromotionRound); off only in tests, which check the selections are the same without it.</summary>
    internal bool PromotionFloor { get; init; } = true;

    /// <summary>Promotion gathers made from a floor, and how many of them were redone without it (too few rows).</summary>
    internal (int Gathers, int Redone) PromotionFloorUse => (_floorGathers, _floorRedone);
    private int _floorGathers, _floorRedone;

    /// <summary>Checked at the start of every simulated year, so a cancelled run stops within a year's work.</summary>
    public CancellationToken Cancellation { get; init; }

    private SpellLog? _spells;

    // ---------------------------------------------------------------- calendar

    /// <summary>Calendar time: 13 ticks a year — the start (0), the end of each month (1..12) — so that a year's
    /// end-of-year events come before the next year's start.</summary>
    private int MonthOf(int year, int month) => (year - _spec.StartYear) * TicksPerYear + month;

    private const int TicksPerYear = 13;

    private void ScheduleYear(int year)
    {
        // Policy changes open the year; exits are drawn at its start and happen during it (monthly batches);
        // the other phases run at the end of the year in the scenario's cycle order, then the year is recorded.
        _calendar.Schedule(MonthOf(year, 0), 0, EventKind.PolicyChange);
        var cycle = _spec.Cycle;
        for (int i = 0; i < cycle.Length; i++)
        {
            bool during = cycle[i] == Phase.Exits;
            _calendar.Schedule(MonthOf(year, during ? 0 : 12), 10 + i, EventKind.Phase, cycle[i]);
        }
        _calendar.Schedule(MonthOf(year, 12), 100, EventKind.Record);
    }

    private void Dispatch(YearEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.PolicyChange: StartYear(_spec.StartYear + e.Key.Month / TicksPerYear); break;
            case EventKind.ExitBatch: LeaveBatch(e.Batch); break;
            case EventKind.Record: Record(); break;
            case EventKind.Phase:
                switch (e.Phase)
                {
                    case Phase.Exits: DrawExits(); break;
                    case Phase.Evaluation: if (_ratingsUsed) Evaluate(); break;
                    case Phase.Promotion: PromotionRound(_year, _year, _p); break;
                    case Phase.Hiring: HiringRound(); break;
                    case Phase.Leadership: AssignCoaching(_year); break;
                    case Phase.Service: Serve(); break;
                }
                break;
        }
    }

    // ---------------------------------------------------------------- year start

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StartYear(int year)
    {
        Cancellation.ThrowIfCancellationRequested();
        _year = year;
        _p = _spec.ParametersFor(year);
        _tables = TablesFor(_p, year);
        _headStart = _t.Count;
        _servedCount = _t.Count;
        _topStart = _topExits = _exitCount = _hires = 0;
        _salaryCost = _extraCost = _vacancyTime = 0;
        Array.Clear(_exitsByReason);
        Array.Clear(_hiresBySource);
        TeacherYears += _t.Count;

        // Effectiveness quintiles among all teachers at the start of the year.
        int n = _t.Count;
        if (n == 0) { _topCut = float.PositiveInfinity; return; }
        if (!_needsQuintileFlags)
        {
            // Only the top cut: a sampled bracket and a quickselect on the values inside it (Selection.KthSmallestCopy),
            // found by last year's Record when it ran on these rows.
            _topCut = _nextTopCutOf == (year, n) ? _nextTopCut
                : Selection.KthSmallestCopy(_t.Effectiveness.AsSpan(0, n), 4 * n / 5, Scratch(ref _floats, 2 * (n + 16)));
            _nextTopCutOf = (0, -1);
        }
        else
        {
            // The four quintile cuts, each by the sampled bracket (the values of ranks n/5, 2n/5, ... of all teachers).
            var values = _t.Effectiveness.AsSpan(0, n);
            var scratch = Scratch(ref _floats, 2 * (n + 16));
            _topCut = Selection.KthSmallestCopy(values, 4 * n / 5, scratch);
            float q3 = Selection.KthSmallestCopy(values, 3 * n / 5, scratch);
            float q2 = Selection.KthSmallestCopy(values, 2 * n / 5, scratch);
            float q1 = Selection.KthSmallestCopy(values, n / 5, scratch);
            var eff = _t.Effectiveness; var flags = _t.Flags;
            int i0 = VectorExits ? QuintileFlagBlocks(n & ~15, q1, q2, q3) : 0;
            for (int i = i0; i < n; i++)
            {
                float v = eff[i];
                int q = (v >= q1 ? 1 : 0) + (v >= q2 ? 1 : 0) + (v >= q3 ? 1 : 0) + (v >= _topCut ? 1 : 0);
                flags[i] = (byte)((flags[i] & TeacherTable.CoachMask) | (q << TeacherTable.QuintileShift));
            }
        }
    }

    private float _topCut;
    /// <summary>The top cut Record found for the start of a year (<see cref="_nextTopCutOf"/>: that year and the rows'
    /// count; nothing runs between a year's record and the next year's start).</summary>
    private float _nextTopCut;
    private (int Year, int Rows) _nextTopCutOf = (0, -1);

    /// <summary>
    /// The year's tables, compiled again only when they can differ: the parameters changed (a policy period) or
    /// they hold year-bounded modifiers or bonuses. Otherwise the last ones are reused, across years and
    /// replications (the engine's spec is fixed). Compiling them is a fixed cost per year that shows at small N; its
    /// share was not measured separately.
    /// </summary>
    private YearTables TablesFor(ModelParameters p, int year)
    {
        bool yearDependent = !p.Bonuses.IsDefaultOrEmpty || p.Attrition.Modifiers.Any(m => m.FromYear is not null || m.ToYear is not null);
        if (_cachedTables is not null && ReferenceEquals(_cachedFor, p) && !yearDependent) return _cachedTables;
        _cachedTables = YearTables.Compile(_spec, p, year);
        _cachedFor = p;
        return _cachedTables;
    }

    private YearTables? _cachedTables;
    private ModelParameters? _cachedFor;

    // ---------------------------------------------------------------- exits

    private struct ExitRecord
    {
        public int Index;
        public short HireYear;
        public byte Yos, Stage, Segment, Reason, Batch;
        public bool Top;
        public float Effectiveness, Time;
        public int Key;
    }

    /// <summary>
    /// Draws every teacher's exit for the year in one pass (one uniform decides exit and reason), compacts the
    /// stayers in place (stable), and schedules the leavers in monthly batches on the calendar — or, when every exit
    /// is at year end and nothing follows a leaver, counts them during the pass (<see cref="AddExit"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawExits()
    {
        var t = _t;
        int n = t.Count;
        var tab = _tables;
        CountCohortsAtRisk();
        _stageCountExact = false; // rows leave
        _directExits = _p.Attrition.EndOfYearShare >= 1 && _spells is null && _reentrantSource < 0;
        _fuseService = VectorExits && _serviceFollowsExits && tab.StrideRating == 0 && PlainGrowth;
        _servedRows = 0;

        ulong exitStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.Exit);
        ulong timeStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.ExitTime);
        var thr = tab.ExitThreshold; var salary = tab.Salary; var extra = tab.ExtraPay;
        var idx = t.Index; var hy = t.HireYear; var yos = t.Yos; var stage = t.Stage; var seg = t.Segment;
        var flags = t.Flags; var eff = t.Effectiveness; var ratings = t.Ratings;
        int yosCap = tab.YosCap, sY = tab.StrideYos, sS = tab.StrideStage, sG = tab.StrideSegment,
            sQ = tab.StrideQuintile, sC = tab.StrideCoach, sR = tab.StrideRating;
        float topCut = _topCut;
        double endShare = _p.Attrition.EndOfYearShare;
        int initialCount = t.InitialCount, initialKept, exitsInitial = 0;
        int kept = 0, exits = 0, top = 0;
        double salarySum = 0, extraSum = 0;

        // Hot loop: spans over exactly n rows (no bounds checks), the loop-invariant feature tests hoisted (no pay
        // in the scenario → no salary sums; initial-teacher count from the exits, not per stayer). Measured on R1
        // (thread CPU time, 300 years of 65,000 teachers): exit phase 0.239 → 0.195 cpu-s.
        bool pay = tab.AnyPay;
        int mandatory = tab.MandatoryExitYos;
        var yosS = yos.AsSpan(0, n); var stageS = stage.AsSpan(0, n); var segS = seg.AsSpan(0, n);
        var flagS = flags.AsSpan(0, n); var effS = eff.AsSpan(0, n); var hyS = hy.AsSpan(0, n); var idxS = idx.AsSpan(0, n);
        int start = 0;
        if (VectorExits)
        {
            // AVX-512 path for whole blocks of 64 rows (ReplicationEngine.Vector.cs); the scalar loop below does the
            // rest and is the path on machines without AVX-512. Both give identical bits.
            start = DrawExitBlocks(n & ~63, exitStream, timeStream, endShare, ref kept, ref exits, ref top,
                ref exitsInitial, ref salarySum, ref extraSum);
            if (_fuseService) _servedRows = kept;
        }
        for (int i = start; i < yosS.Length; i++)
        {
            int y = yosS[i];
            if (y > yosCap) y = yosCap;
            int f = flagS[i];
            int key = y * sY + stageS[i] * sS + segS[i] * sG + ((f >> TeacherTable.QuintileShift) & 7) * sQ + (f & TeacherTable.CoachMask) * sC;
            if (sR != 0) key += TeacherTable.RatingHistory.Dimension(ratings[i]) * sR;
            float e = effS[i];
            bool isTop = e >= topCut;
            top += isTop ? 1 : 0;
            ulong counter = TeacherCounter(hyS[i], idxS[i]);
            ulong bits = Bits(exitStream, counter);
            if (bits < thr[key] || y >= mandatory)
            {
                AddExit(i, key, y, e, isTop, bits, counter, timeStream, endShare, ref exits);
                if (i < initialCount) exitsInitial++;
            }
            else
            {
                if (pay)
                {
                    salarySum += salary[key];
                    extraSum += extra[key];
                }
                if (kept != i) t.Move(i, kept);
                kept++;
            }
        }
        initialKept = initialCount - exitsInitial; // counted in the exit branch, not on every stayer
        t.Count = kept;
        t.InitialCount = initialKept;
        _servedCount = kept;
        _topStart = top;
        _exitCount = exits;
        _salaryCost += salarySum;
        _extraCost += extraSum;
        if (_directExits)
        {
            CountCohortExits();
            // The leavers' pay for the whole year (Time = 1), in exit order, as LeaveBatch adds it.
            for (int k = 0; k < _directPayCount; k++)
            {
                _salaryCost += tab.Salary[_directPayKeys[k]];
                _extraCost += tab.ExtraPay[_directPayKeys[k]];
            }
            _directPayCount = 0;
            return;
        }
        ScheduleExitBatches(exits);
    }

    /// <summary>
    /// Whether this year's exit pass also serves the stayers (<see cref="Serve"/>'s fast path, in the same blocks):
    /// when the cycle runs service right after exits, nothing between them changes a stayer's yos or effectiveness,
    /// so serving a row before the compaction moves it gives the same values, and the table is read and written once
    /// instead of twice. <see cref="_servedRows"/> rows (the blocks' stayers, rows [0, _servedRows) after the
    /// compaction) are then served already; Serve does the rest.
    /// </summary>
    private bool _fuseService;
    private int _servedRows;
    private readonly bool _serviceFollowsExits;

    /// <summary>Whether this year's exits are counted as they are drawn (<see cref="AddExit"/>), without records.</summary>
    private bool _directExits;
    private int[] _directPayKeys = new int[256];
    private int _directPayCount;

    /// <summary>Appends row <paramref name="i"/> (not yet moved by the compaction) to the year's exit records.</summary>
    private void AddExit(int i, int key, int y, float e, bool isTop, ulong bits, ulong counter, ulong timeStream, double endShare, ref int exits)
    {
        var t = _t;
        if (i < t.InitialCount) LeaveInitial(t.Yos[i]);
        if (_directExits)
        {
            CountExit(i, key, y, isTop, bits, ref exits);
            return;
        }
        if (exits == _exits.Length) Array.Resize(ref _exits, exits * 2);
        ref var x = ref _exits[exits++];
        x.Index = t.Index[i]; x.HireYear = t.HireYear[i]; x.Yos = t.Yos[i]; x.Stage = t.Stage[i]; x.Segment = t.Segment[i];
        x.Effectiveness = e; x.Top = isTop; x.Key = key;
        x.Reason = ReasonOf(bits, key, y);
        // With every exit at year end (endShare ≥ 1, as in R1) u < endShare always holds: no time draw.
        double u = endShare >= 1 ? 0 : Unit(Bits(timeStream, counter));
        if (u < endShare) { x.Time = 1f; x.Batch = ExitBatches - 1; }
        else
        {
            double time = (u - endShare) / (1 - endShare); // uniform on [0, 1) given a mid-year exit
            x.Time = (float)time;
            x.Batch = (byte)Math.Min(11, (int)(time * 12));
        }
    }

    /// <summary>
    /// Counts the exit of row <paramref name="i"/> when every exit is at year end and nothing follows a leaver (no
    /// spell log, no re-entry pool, <see cref="_directExits"/>): the leaver is counted now, as LeaveBatch would count
    /// it at the end of the year, and no exit record or batch is made. Only the pay is kept for later (in exit order,
    /// after the stayers' pay, as LeaveBatch adds it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountExit(int i, int key, int y, bool isTop, ulong bits, ref int exits)
    {
        var t = _t;
        exits++;
        _exitsByReason[ReasonOf(bits, key, y)]++;
        _result.ExitsByYos[Math.Min((int)t.Yos[i], ReplicationResult.MaxYos)]++;
        _topExits += isTop ? 1 : 0;
        // The cohort's exits are counted after the pass (CountCohortExits).
        if (_tables.AnyPay) AddDirectPay(key);
    }

    private void AddDirectPay(int key)
    {
        if (_directPayCount == _directPayKeys.Length) Array.Resize(ref _directPayKeys, _directPayCount * 2);
        _directPayKeys[_directPayCount++] = key;
    }

    /// <summary>Competing risks from the same uniform that decided the exit: given an exit, bits/threshold is
    /// uniform on [0, 1), and its position among the cumulative reason shares picks the reason: the number of the
    /// first three cumulative shares at or below it (they are non-decreasing), counted branch-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReasonOf(ulong bits, int key, int yos)
    {
        var tab = _tables;
        // Mandatory exits (yos at the cap) have the fixed reason Retirement.
        int fixedReason = tab.FixedReason[key];
        if (fixedReason >= 0) return (byte)fixedReason;
        double p = tab.ExitProbability[key];
        return (byte)YearTables.ReasonOfUniform(tab.ReasonCumulative, yos, p > 0 ? Unit(bits) / p : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScheduleExitBatches(int exits)
    {
        Array.Clear(_batchStart);
        for (int k = 0; k < exits; k++) _batchStart[_exits[k].Batch + 1]++;
        for (int b = 0; b < ExitBatches; b++) _batchStart[b + 1] += _batchStart[b];
        if (_exitsByBatch.Length < exits) _exitsByBatch = new ExitRecord[_exits.Length];
        Span<int> fill = stackalloc int[ExitBatches];
        _batchStart.AsSpan(0, ExitBatches).CopyTo(fill);
        for (int k = 0; k < exits; k++) _exitsByBatch[fill[_exits[k].Batch]++] = _exits[k];
        for (int b = 0; b < ExitBatches; b++)
            if (_batchStart[b + 1] > _batchStart[b])
                _calendar.Schedule(MonthOf(_year, b == ExitBatches - 1 ? 12 : b + 1), b == ExitBatches - 1 ? 0 : 5, EventKind.ExitBatch, batch: b);
    }

    /// <summary>The teachers of one batch leave: their vacancies open, pay stops pro rata, former teachers who may
    /// come back join the pool.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LeaveBatch(int batch)
    {
        var src = _reentrantSource >= 0 ? _p.Hiring.Sources[_reentrantSource] : null;
        for (int k = _batchStart[batch]; k < _batchStart[batch + 1]; k++)
        {
            ref var x = ref _exitsByBatch[k];
            _exitsByReason[x.Reason]++;
            _result.ExitsByYos[Math.Min((int)x.Yos, ReplicationResult.MaxYos)]++;
            _vacancyTime += 1 - x.Time;
            _salaryCost += _tables.Salary[x.Key] * x.Time;
            _extraCost += _tables.ExtraPay[x.Key] * x.Time;
            if (x.Top) _topExits++;
            if (x.HireYear >= _spec.StartYear)
                _result.SurvivalExits[_year - x.HireYear - 1]++;
            _spells?.Exit(x.HireYear, x.Index, _year, (ExitReason)x.Reason, x.Stage);
            if (src is not null && x.Yos <= src.MaxYosAtExit && (src.EligibleReasonMask & (1 << x.Reason)) != 0)
                _pool.Add(x.Index, x.HireYear, x.Yos, x.Effectiveness, x.Segment, _year);
        }
    }

    /// <summary>At-risk counts for the Kaplan–Meier table: hired rows are sorted by hire year.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountCohortsAtRisk()
    {
        CohortSizes(_cohortAtStart);
        for (int k = 0; k < _cohortAtStart.Length; k++) _result.SurvivalAtRisk[k] += _cohortAtStart[k];
    }

    /// <summary>The rows of each hire cohort (by k = year − hire year − 1) among the rows hired since the start.</summary>
    private void CohortSizes(int[] sizes)
    {
        Array.Clear(sizes);
        var hy = _t.HireYear;
        int i = _t.InitialCount, n = _t.Count;
        while (i < n)
        {
            // A cohort's rows are contiguous: its end by binary search, not a walk over its rows.
            int c = hy[i], j = LowerBound(hy, i + 1, n, c + 1);
            sizes[_year - c - 1] = j - i;
            i = j;
        }
    }

    /// <summary>With exits counted as drawn: each hire cohort's exits of the year are its rows at the start of the
    /// pass less its rows after it (the pass only removes rows) — a binary search per cohort instead of an
    /// increment per exit.</summary>
    private void CountCohortExits()
    {
        CohortSizes(_cohortAfter);
        for (int k = 0; k < _cohortAtStart.Length; k++) _result.SurvivalExits[k] += _cohortAtStart[k] - _cohortAfter[k];
    }

    private readonly int[] _cohortAtStart, _cohortAfter;

    // ---------------------------------------------------------------- evaluation and service

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Evaluate()
    {
        var ev = _p.Evaluation;
        ulong stream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.Rating);
        var levels = ev.Levels;
        for (int i = 0; i < _servedCount; i++)
        {
            double rating = _t.Effectiveness[i] + ev.NoiseSd * Normal(Bits(stream, TeacherCounter(_t.HireYear[i], _t.Index[i])));
            int level = 0;
            while (level + 1 < levels.Length && rating >= levels[level + 1].From) level++;
            _t.Ratings[i] = TeacherTable.RatingHistory.Push(_t.Ratings[i], level);
        }
    }

    /// <summary>Whether this year's growth is the same for every teacher of a yos (noise, no coaching roles): the case
    /// ServeBlocks and the service fused into the exit pass compute.</summary>
    private bool PlainGrowth => (float)_p.Effectiveness.GrowthNoiseSd > 0 && _tables.CoachGrowth.Length == 1;

    /// <summary>Teachers who served the year gain a year of service and effectiveness growth (hires of this
    /// year's round have not served yet).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Serve()
    {
        var t = _t;
        // Every initial row still here is served (a year of service, saturating at 255), whether in the exit pass
        // (fused) or below.
        _initialCensus[255] += _initialCensus[254];
        for (int y = 254; y > 0; y--) _initialCensus[y] = _initialCensus[y - 1];
        _initialCensus[0] = 0;
        var growth = _tables.GrowthByNewYos; var coachGrowth = _tables.CoachGrowth;
        float sd = (float)_p.Effectiveness.GrowthNoiseSd;
        ulong stream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.Growth);
        int n = _servedCount;
        var yos = t.Yos.AsSpan(0, n); var eff = t.Effectiveness.AsSpan(0, n); var flags = t.Flags.AsSpan(0, n);
        var hy = t.HireYear.AsSpan(0, n); var idx = t.Index.AsSpan(0, n);
        int served = _servedRows;
        _servedRows = 0;
        if (PlainGrowth)
        {
            // No coaching roles: no flag lookup. The normal is the tabulated inverse CDF (CounterRng.Normal).
            int start = VectorExits ? ServeBlocks(served, served + ((n - served) & ~7), stream, sd) : served;
            for (int i = start; i < yos.Length; i++)
            {
                int y = yos[i] + 1;
                if (y > 255) y = 255;
                yos[i] = (byte)y;
                eff[i] += growth[y] + sd * (float)Normal(Bits(stream, TeacherCounter(hy[i], idx[i])));
            }
            return;
        }
        for (int i = served; i < yos.Length; i++)
        {
            int y = yos[i] + 1;
            if (y > 255) y = 255;
            yos[i] = (byte)y;
            float g = growth[y] + coachGrowth[flags[i] & TeacherTable.CoachMask];
            if (sd > 0) g += sd * (float)Normal(Bits(stream, TeacherCounter(hy[i], idx[i])));
            eff[i] += g;
        }
    }

    // ---------------------------------------------------------------- promotion

    /// <summary>
    /// Fills stages from the top down. For each stage with a promotion rule: open = capacity − holders; eligible
    /// teachers of the from-stage who accept the offer are promoted in selection order (O(n) selection, no sort).
    /// A promotion frees a slot in the stage below, which this same round fills when it reaches it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PromotionRound(int year, int positionsYear, ModelParameters p)
    {
        var t = _t;
        int n = t.Count;
        CountStages();
        int positions = p.Positions.For(positionsYear, _spec.StartYear);
        int pendingStage = -1, pendingCount = 0; // keys of the next rule gathered with this one (GatherTwoRules)
        for (int s = p.Stages.Length - 1; s >= 1; s--)
        {
            var rule = p.Stages[s].Promotion;
            if (rule is null) continue;
            int slots = rule.Capacity.Slots(positions);
            long open = (long)slots - _stageCount[s];
            if (open <= 0) continue;
            float cut = float.NegativeInfinity;
            if (rule.MinEffectivenessPercentile is double pct && n > 0)
            {
                int k = Math.Clamp((int)Math.Ceiling(pct / 100.0 * n) - 1, 0, n - 1);
                cut = Selection.KthSmallestCopy(t.Effectiveness.AsSpan(0, n), k, Scratch(ref _floats, 2 * (n + 16)));
            }
            ulong acceptStream = StreamKey(_spec.Seed, _rep, year, DrawPurpose.Acceptance);
            ulong orderStream = StreamKey(_spec.Seed, _rep, year, DrawPurpose.PromotionOrder);
            ulong acceptThr = Threshold(rule.Acceptance);
            ulong stageSalt = (ulong)s << 48;
            bool plain = rule.RatingRules.IsDefaultOrEmpty && rule.Acceptance >= 1;
            if (plain && open >= n && cut == float.NegativeInfinity)
            {
                // Capacity cannot bind (at most n eligible): every eligible teacher is promoted, whatever the
                // selection order, so no keys and no selection (R1's novice → career rule).
                int promoted = PromoteAll((byte)rule.FromStage, rule.MinYos, (byte)s, n);
                _stageCount[rule.FromStage] -= promoted;
                _stageCount[s] += promoted;
                continue;
            }
            var keys = Scratch(ref _keys, 2 * (n + 16))[..(n + 16)];
            int m = 0;
            bool top = rule.Selection == SelectionRule.TopEffectiveness;
            if (pendingStage == s)
            {
                // Gathered with the rule above (whose promotions left this rule's from-stage alone).
                // Too few: gathered again into the first keys (the rule above is done with them).
                keys = pendingCount >= open ? _keys.AsSpan(n + 16, n + 16) : _keys.AsSpan(0, n + 16);
                m = FromFloor(keys, pendingCount, open, n, rule, cut, seniority: false);
                pendingStage = -1;
            }
            else if (SampledTop(rule, cut, n) && NextRule(p, s) is int next && GatherTwoRules(p, s, next, open, positions, n, ref m, out pendingCount))
            {
                pendingStage = next;
                m = FromFloor(keys, m, open, n, rule, cut, seniority: false);
            }
            else if (plain && rule.Selection != SelectionRule.Random)
            {
                // Branch-free gather (write every row's key, advance only for eligible ones): stages are interleaved
                // in the rows, so the branchy loop below mispredicts on about every other row. Measured on R1
                // (thread CPU time): the gather 6.4 → 1.4 ns a row; the promotion phase 0.43 → 0.15 cpu-s per 300 years.
                bool seniority = rule.Selection == SelectionRule.Seniority;
                // Top-effectiveness selection gathers only the keys at or below a floor half a standard deviation
                // under last year's cut (last year's promotions show where this year's will fall): every key it
                // leaves out is larger than every key it keeps, so when at least `open` keys remain the selection is
                // the same, from about a tenth of the keys; with fewer, the rows are gathered again without it.
                // With the AVX-512 gather and enough rows, the floor is estimated from a sample of this year's rows
                // instead (SampledFloor): last year's floor kept about ten times the keys needed (R1: 5,000–10,000
                // for 400–1,400 open slots, and every eligible key in the first year), and the selection's cost
                // follows the keys gathered.
                ulong floor = !(top && PromotionFloor) ? ulong.MaxValue
                    : cut == float.NegativeInfinity && VectorExits && n >= SampledFloorMinRows
                        ? SampledFloor(n, (byte)rule.FromStage, rule.MinYos, open)
                        : _promotionFloor[s];
                m = GatherEligible(keys, n, (byte)rule.FromStage, rule.MinYos, cut, seniority, floor);
                if (floor != ulong.MaxValue) m = FromFloor(keys, m, open, n, rule, cut, seniority);
            }
            else
            for (int i = 0; i < n; i++)
            {
                if (t.Stage[i] != rule.FromStage || t.Yos[i] < rule.MinYos || t.Effectiveness[i] < cut) continue;
                if (!rule.RatingRules.IsDefaultOrEmpty && !MeetsRatingRules(t.Ratings[i], rule)) continue;
                ulong counter = TeacherCounter(t.HireYear[i], t.Index[i]) | stageSalt;
                if (rule.Acceptance < 1 && Bits(acceptStream, counter) >= acceptThr) continue;
                ulong order = rule.Selection switch
                {
                    SelectionRule.TopEffectiveness => ~Selection.OrderedBits(t.Effectiveness[i]),
                    SelectionRule.Seniority => (ulong)(255 - t.Yos[i]),
                    _ => Bits(orderStream, counter) >> 32,
                };
                keys[m++] = (order << 32) | (uint)i;
            }
            int take = (int)Math.Min(open, m);
            // The last key taken (rank take − 1), when the capacity binds.
            ulong lastTaken = take < m ? Selection.SmallestFirstVector(keys[..m], take, Scratch(ref _keys2, 3 * (m + 16))) : 0;
            if (plain && top)
            {
                // The floor for next year: under the effectiveness of the last row selected; none when everyone
                // eligible was promoted (the capacity did not bind).
                _promotionFloor[s] = take < m
                    ? ((ulong)~Selection.OrderedBits(t.Effectiveness[(int)(lastTaken & 0xFFFFFFFF)] - PromotionFloorMargin) << 32) | 0xFFFFFFFF
                    : ulong.MaxValue;
            }
            // Every key is of a row of the rule's from-stage: the counts move in one step (an increment and a
            // decrement per row chained each promotion on the previous one through memory).
            var stageCol = t.Stage; var ratingCol = t.Ratings;
            for (int k = 0; k < take; k++)
            {
                int row = (int)(keys[k] & 0xFFFFFFFF);
                stageCol[row] = (byte)s;
                ratingCol[row] = 0; // ratings count from the start of the new stage
            }
            _stageCount[rule.FromStage] -= take;
            _stageCount[s] += take;
        }
    }

    /// <summary>The count of keys a gather from a floor left in <paramref name="keys"/> (<paramref name="m"/>), or,
    /// when that is fewer than the <paramref name="open"/> slots, the count of a gather again without a floor (the
    /// selection must be that of a full gather); both counted for <see cref="PromotionFloorUse"/>.</summary>
    private int FromFloor(Span<ulong> keys, int m, long open, int n, PromotionSpec rule, float cut, bool seniority)
    {
        _floorGathers++;
        if (m >= open) return m;
        _floorRedone++;
        return GatherEligible(keys, n, (byte)rule.FromStage, rule.MinYos, cut, seniority, ulong.MaxValue);
    }

    /// <summary>Whether a rule's keys are gathered by the AVX-512 top-effectiveness gather from a sampled floor.</summary>
    private bool SampledTop(PromotionSpec rule, float cut, int n) =>
        PromotionFloor && VectorExits && n >= SampledFloorMinRows && cut == float.NegativeInfinity
        && rule.RatingRules.IsDefaultOrEmpty && rule.Acceptance >= 1 && rule.Selection == SelectionRule.TopEffectiveness
        && rule.MinEffectivenessPercentile is null;

    /// <summary>The next stage below <paramref name="s"/> with a promotion rule, or null.</summary>
    private static int? NextRule(ModelParameters p, int s)
    {
        for (int r = s - 1; r >= 1; r--) if (p.Stages[r].Promotion is not null) return r;
        return null;
    }

    /// <summary>
    /// Gathers the keys of stage <paramref name="s"/>'s rule (into _keys[0..]) and of the next rule's, stage
    /// <paramref name="next"/> (into _keys[n + 16..]), in one pass over the rows (<see cref="GatherTwoRulesBlocks"/>:
    /// the rows' stage, yos and effectiveness read once for both), each from its sampled floor — when both rules
    /// take the sampled gather and the first one's promotions cannot change the second one's candidates (its
    /// from-stage is neither the first one's from-stage nor its stage). The second one's floor is sampled for its
    /// open slots if the first one fills all of its own (the most it can open: a floor never too tight for that
    /// reason; too tight by chance, its gather is redone). False (nothing gathered) when not applicable.
    /// </summary>
    private bool GatherTwoRules(ModelParameters p, int s, int next, long open, int positions, int n, ref int m, out int nextCount)
    {
        nextCount = 0;
        var a = p.Stages[s].Promotion!; var b = p.Stages[next].Promotion!;
        if (!SampledTop(b, float.NegativeInfinity, n) || b.FromStage == a.FromStage || b.FromStage == s) return false;
        long openB = (long)b.Capacity.Slots(positions) - _stageCount[next] + (a.FromStage == next ? open : 0);
        if (openB <= 0 || openB >= n) return false;
        ulong floorA = SampledFloor(n, (byte)a.FromStage, a.MinYos, open);
        ulong floorB = SampledFloor(n, (byte)b.FromStage, b.MinYos, openB);
        var keys = Scratch(ref _keys, 2 * (n + 16));
        m = GatherTwoRulesBlocks(keys[..(n + 16)], keys[(n + 16)..], n, (byte)a.FromStage, a.MinYos, floorA,
            (byte)b.FromStage, b.MinYos, floorB, out nextCount);
        return true;
    }

    /// <summary>Rows from which the promotion floor is sampled (below, last year's floor).</summary>
    private const int SampledFloorMinRows = 4_096;

    /// <summary>The sampled floor's margin: the sample rank taken is SampledFloorFactor × the expected sample count of
    /// the keys selected, plus three of its standard deviations and 3. Tests set it low to check the redone gathers.</summary>
    internal double SampledFloorFactor { get; init; } = 1.25;

    /// <summary>
    /// A floor for gathering the top-effectiveness keys of a promotion with <paramref name="open"/> slots: the
    /// eligible keys of every 16th block of 64 rows (a sixteenth of the rows, spread over the table), and the one of
    /// rank ≈ 1.25 × open / 16 + 3 standard deviations + 3 among them; ulong.MaxValue (none) when that rank is past
    /// the sample. About 1.25 × open keys and the margin pass it (R1: 1.6–2 × open); the gather is redone without a
    /// floor when fewer than open do.
    /// </summary>
    private ulong SampledFloor(int n, byte fromStage, int minYos, long open)
    {
        const int blockRows = 64, stride = 16 * blockRows;
        int blocks = (n - blockRows) / stride + 1;
        var sampleAndWork = Scratch(ref _keys2, 4 * (blocks * blockRows + 16));
        var sample = sampleAndWork[..(blocks * blockRows + 16)];
        int ms = GatherEligibleTopBlocks(sample, 0, (blocks - 1) * stride + blockRows, fromStage, minYos, ulong.MaxValue, stride);
        double expected = (double)open * blocks * blockRows / n;
        double rank = Math.Ceiling(SampledFloorFactor * expected + (SampledFloorFactor >= 1 ? 3 * Math.Sqrt(expected) + 3 : 0));
        if (rank >= ms) return ulong.MaxValue;
        int k = Math.Max(1, (int)rank) - 1;
        // The key of rank k by the vector quickselect (the scalar one mispredicted on about every other key).
        ulong key = Selection.TrySelectVector<ulong>(sample[..ms], k, sampleAndWork[sample.Length..], out ulong kth)
            ? kth : Selection.SmallestFirst(sample[..ms], k + 1);
        return key | 0xFFFFFFFF; // every row of that order (GatherEligibleTopBlocks compares the order only)
    }

    /// <summary>Keys (order &lt;&lt; 32 | row) of the rows in <paramref name="fromStage"/> with yos ≥ minYos and
    /// effectiveness ≥ cut, ordered by top effectiveness or by seniority, that are at most <paramref name="maxKey"/>;
    /// returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherEligible(Span<ulong> keys, int n, byte fromStage, int minYos, float cut, bool seniority, ulong maxKey)
    {
        var t = _t;
        var stage = t.Stage.AsSpan(0, n); var yos = t.Yos.AsSpan(0, n); var eff = t.Effectiveness.AsSpan(0, n);
        if (keys.Length <= n) throw new ArgumentException("keys needs n + 1 room", nameof(keys));
        ref ulong dst = ref MemoryMarshal.GetReference(keys);
        int m = 0;
        if (!seniority && cut == float.NegativeInfinity && VectorExits && keys.Length >= n + 16)
            return GatherEligibleTopBlocks(keys, 0, n, fromStage, minYos, maxKey);
        if (seniority || cut > float.NegativeInfinity)
        {
            for (int i = 0; i < stage.Length; i++)
            {
                float e = eff[i];
                int y = yos[i];
                ulong order = seniority ? (ulong)(255 - y) : ~Selection.OrderedBits(e);
                ulong key = (order << 32) | (uint)i;
                Unsafe.Add(ref dst, m) = key;
                m += (stage[i] == fromStage ? 1 : 0) & (y >= minYos ? 1 : 0) & (e >= cut ? 1 : 0) & (key <= maxKey ? 1 : 0);
            }
            return m;
        }
        for (int i = 0; i < stage.Length; i++)
        {
            ulong key = ((ulong)~Selection.OrderedBits(eff[i]) << 32) | (uint)i;
            Unsafe.Add(ref dst, m) = key;
            m += (stage[i] == fromStage ? 1 : 0) & (yos[i] >= minYos ? 1 : 0) & (key <= maxKey ? 1 : 0);
        }
        return m;
    }

    private static bool MeetsRatingRules(ushort history, PromotionSpec rule)
    {
        foreach (var r in rule.RatingRules)
            if (TeacherTable.RatingHistory.LastAtLeast(history, r.AtLeastLevel, r.Consecutive)) return true;
        return false;
    }

    private void CountStages()
    {
        Array.Clear(_stageCount);
        Selection.CountBytes(_t.Stage.AsSpan(0, _t.Count), _stageCount);
        _stageCountExact = true;
    }

    /// <summary>Whether <see cref="_stageCount"/> holds the stage counts of the rows now: set by a count, kept by the
    /// promotions (which move counts) and the hires (stage 0), cleared when rows leave (the exit pass) or are
    /// created (the initial workforce). Record then needs no count of its own.</summary>
    private bool _stageCountExact;

    // ---------------------------------------------------------------- hiring

    /// <summary>
    /// Fills the next year's vacancies, segment by segment. Vacancy j of the year (a stable counter across
    /// scenarios) is filled with the fill-rate probability, from a source drawn by share; re-entrants come from
    /// the pool of former teachers available this year, and any shortfall goes to the other sources pro rata.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HiringRound()
    {
        var h = _p.Hiring;
        var sources = h.Sources;
        int nSeg = _spec.Segments.Length;
        Span<int> target = stackalloc int[nSeg];
        Span<int> head = stackalloc int[nSeg];
        PositionsBySegment(_year + 1, target);
        if (nSeg == 1) head[0] = _t.Count; // one segment: no pass over the teachers
        else for (int i = 0; i < _t.Count; i++) head[_t.Segment[i]]++;

        ulong fillStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.VacancyFill);
        ulong sourceStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.HireSource);
        ulong fallbackStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.HireSourceFallback);
        ulong yosStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.HireYos);
        ulong effStream = StreamKey(_spec.Seed, _rep, _year, DrawPurpose.HireEffectiveness);

        int available = 0;
        if (_reentrantSource >= 0)
        {
            var rs = sources[_reentrantSource];
            available = _pool.MarkAvailable(_year, rs.MinGap, rs.MaxGap, Threshold(rs.ReturnProbability),
                StreamKey(_spec.Seed, _rep, _year, DrawPurpose.Reentry));
        }
        int nextReturner = 0;
        double otherShare = 0;
        foreach (var s in sources) if (s.Kind != SourceKind.Reentrant) otherShare += s.Share;

        int vacancy = 0;
        short hireYear = (short)_year;
        int singleSource = sources.Length == 1 && sources[0].Kind != SourceKind.Reentrant ? 0 : -1;
        for (int g = 0; g < nSeg; g++)
        {
            int open = target[g] - head[g];
            double fill = h.FillRateBySegment.IsDefaultOrEmpty ? h.FillRate : h.FillRateBySegment[g];
            ulong fillThr = Threshold(fill);
            if (fill >= 1 && singleSource >= 0 && sources[singleSource].Yos.Values.Length == 1 && open > 0)
            {
                // Every vacancy is filled from the one source with its one yos: no per-vacancy choice, the hires are
                // appended as a block (the same rows and draws as the loop below).
                HireAll(hireYear, vacancy, open, sources[singleSource], g, singleSource, effStream);
                vacancy += open;
                continue;
            }
            for (int v = 0; v < open; v++, vacancy++)
            {
                ulong counter = (uint)vacancy;
                if (fill < 1 && Bits(fillStream, counter) >= fillThr) continue;
                // One possible source / one possible yos: PickSource / SampleInt return it whatever the uniform, so
                // the draw is skipped (R1: novices only, yos 0). Measured on R1 (1 thread, CPU time, alternated runs,
                // load ~9): 66.0 → 69.7 M TY per CPU-s, within the noise of single runs but consistent.
                int src = singleSource >= 0 ? singleSource : PickSource(sources, Unit(Bits(sourceStream, counter)), includeReentrant: true);
                if (sources[src].Kind == SourceKind.Reentrant)
                {
                    int row = nextReturner < available ? _pool.TakeAvailable(nextReturner++) : -1;
                    if (row >= 0)
                    {
                        ref var f = ref _pool.At(row);
                        AppendHire(hireYear, vacancy, f.Yos, f.Effectiveness, g, src);
                        continue;
                    }
                    if (otherShare <= 0) continue; // nobody else to hire from: the vacancy stays open
                    src = PickSource(sources, Unit(Bits(fallbackStream, counter)) * otherShare, includeReentrant: false);
                }
                var spec = sources[src];
                byte yos = (byte)(spec.Yos.Values.Length == 1 ? spec.Yos.Values[0] : SampleInt(spec.Yos, Unit(Bits(yosStream, counter))));
                float e = (float)(spec.Effectiveness.Mean + spec.Effectiveness.Sd * Normal(Bits(effStream, counter)));
                AppendHire(hireYear, vacancy, yos, e, g, src);
            }
        }
        _pool.RemoveTaken();
        _hiresByYear[_year - _spec.StartYear] = _hires;
    }

    private static int PickSource(System.Collections.Immutable.ImmutableArray<HiringSourceSpec> sources, double u, bool includeReentrant)
    {
        double cum = 0;
        int last = -1;
        for (int s = 0; s < sources.Length; s++)
        {
            if (!includeReentrant && sources[s].Kind == SourceKind.Reentrant) continue;
            if (sources[s].Share <= 0) continue;
            last = s;
            cum += sources[s].Share;
            if (u < cum) return s;
        }
        return last < 0 ? 0 : last;
    }

    /// <summary>Appends <paramref name="count"/> hires of vacancies vacancy0, vacancy0 + 1, ... from one source
    /// with one possible yos, as that many <see cref="AppendHire"/> calls would.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HireAll(short hireYear, int vacancy0, int count, HiringSourceSpec source, int segment, int sourceIndex, ulong effStream)
    {
        var t = _t;
        t.EnsureCapacity(t.Count + count);
        int r0 = t.Count;
        byte yos = (byte)source.Yos.Values[0];
        double mean = source.Effectiveness.Mean, sd = source.Effectiveness.Sd;
        var normals = Scratch(ref _doubles, count);
        CounterRngVector.Normals(effStream, (uint)vacancy0, normals, VectorExits);
        Iota(t.Index.AsSpan(r0, count), vacancy0);
        t.HireYear.AsSpan(r0, count).Fill(hireYear);
        t.Yos.AsSpan(r0, count).Fill(yos);
        t.Stage.AsSpan(r0, count).Clear();
        _stageCount[0] += count; // exact or not, a hire is a row of stage 0 (see _stageCountExact)
        t.Segment.AsSpan(r0, count).Fill((byte)segment);
        t.Flags.AsSpan(r0, count).Clear();
        t.Ratings.AsSpan(r0, count).Clear();
        var e = t.Effectiveness.AsSpan(r0, count);
        ScaleNormals(normals, mean, sd, e);
        t.Count += count;
        _hires += count;
        _hiresBySource[sourceIndex] += count;
        if (_spells is not null)
            for (int k = 0; k < count; k++) _spells.Start(hireYear, vacancy0 + k, hireYear + 1, yos, segment);
    }

    private void AppendHire(short hireYear, int index, byte yos, float e, int segment, int source)
    {
        var t = _t;
        t.EnsureCapacity(t.Count + 1);
        int r = t.Count++;
        t.Index[r] = index; t.HireYear[r] = hireYear; t.Yos[r] = yos; t.Stage[r] = 0; t.Segment[r] = (byte)segment;
        _stageCount[0]++; // see _stageCountExact
        t.Flags[r] = 0; t.Effectiveness[r] = e; t.Ratings[r] = 0;
        _hires++;
        _hiresBySource[source]++;
        _spells?.Start(hireYear, index, hireYear + 1, yos, segment);
    }

    /// <summary>Cumulative shares of an integer distribution, summed as <see cref="SampleInt"/> sums them.</summary>
    private static double[] Cumulative(IntDistribution d)
    {
        var cum = new double[d.Values.Length];
        double c = 0;
        for (int k = 0; k < cum.Length; k++) { c += d.Probabilities[k]; cum[k] = c; }
        return cum;
    }

    private static int SampleInt(IntDistribution d, double u)
    {
        double cum = 0;
        for (int k = 0; k < d.Values.Length; k++)
        {
            cum += d.Probabilities[k];
            if (u < cum) return d.Values[k];
        }
        return d.Values[^1];
    }

    /// <summary>Positions of a year split over segments by share (largest remainder, ties to the earlier segment).</summary>
    private void PositionsBySegment(int year, Span<int> result)
    {
        int total = _spec.PositionsIn(year);
        SplitByShare(total, result);
    }

    private void SplitByShare(int total, Span<int> result)
    {
        var segs = _spec.Segments;
        int assigned = 0;
        Span<double> rem = stackalloc double[segs.Length];
        for (int g = 0; g < segs.Length; g++)
        {
            double exact = total * segs[g].Share;
            result[g] = (int)Math.Floor(exact + 1e-9);
            rem[g] = exact - result[g];
            assigned += result[g];
        }
        while (assigned < total)
        {
            int best = 0;
            for (int g = 1; g < segs.Length; g++) if (rem[g] > rem[best] + 1e-12) best = g;
            result[best]++; rem[best] = -1; assigned++;
        }
    }

    // ---------------------------------------------------------------- leadership

    /// <summary>Each role's holders coach up to span teachers each, in priority order; a teacher is coached by at
    /// most one role (earlier roles first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AssignCoaching(int year)
    {
        var t = _t;
        int n = t.Count;
        if (!_anyCoaching) return; // no period has roles: no coaching bit was ever set
        for (int i = 0; i < n; i++) t.Flags[i] = (byte)(t.Flags[i] & ~TeacherTable.CoachMask);
        if (_p.Roles.IsDefaultOrEmpty) return;
        CountStages();
        ulong stream = StreamKey(_spec.Seed, _rep, year, DrawPurpose.CoachingOrder);
        for (int r = 0; r < _p.Roles.Length; r++)
        {
            var role = _p.Roles[r];
            long capacity = (long)_stageCount[role.HeldByStage] * role.Span;
            if (capacity <= 0) continue;
            var keys = Scratch(ref _keys, n);
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                if (t.Stage[i] == role.HeldByStage || (t.Flags[i] & TeacherTable.CoachMask) != 0) continue;
                if (!TeacherView.Of(t, i).Matches(role.Eligible)) continue;
                ulong order = role.Priority switch
                {
                    CoachingPriority.NovicesFirst => t.Yos[i],
                    CoachingPriority.LowestEffectiveness => Selection.OrderedBits(t.Effectiveness[i]),
                    _ => Bits(stream, TeacherCounter(t.HireYear[i], t.Index[i]) | ((ulong)r << 48)) >> 32,
                };
                keys[m++] = (order << 32) | (uint)i;
            }
            int take = (int)Math.Min(capacity, m);
            if (take < m) Selection.SmallestFirstVector(keys[..m], take, Scratch(ref _keys2, 3 * (m + 16)));
            for (int k = 0; k < take; k++)
            {
                int row = (int)(keys[k] & 0xFFFFFFFF);
                t.Flags[row] = (byte)((t.Flags[row] & ~TeacherTable.CoachMask) | (r + 1));
            }
        }
    }

    // ---------------------------------------------------------------- record

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record()
    {
        var t = _t;
        int n = t.Count, ti = _year - _spec.StartYear, years = _years;
        var v = _result.Values;
        var stageCount = _stageCount.AsSpan();
        void Set(int metric, double value) => v[metric * years + ti] = value;

        long sumYos = 0; int novices = 0, coached = 0;
        // The census yos at the end of a year is the yos at the start of the next: count next year's risk set now.
        var atRisk = _year < _spec.LastYear && _spec.Cycle.Contains(Phase.Exits) ? _result.AtRiskByYos : null;
        var effs = t.Effectiveness.AsSpan(0, n); var yosArr = t.Yos.AsSpan(0, n);
        var stages = t.Stage.AsSpan(0, n); var flagArr = t.Flags.AsSpan(0, n);
        // The effectiveness sum; when next year's start needs only the top cut of these same values (nothing
        // changes them between this record and that start), the cut too, in the same pass over them.
        double sumE;
        if (_year < _spec.LastYear && !_needsQuintileFlags && n > 0)
        {
            _nextTopCut = Selection.KthSmallestCopyAndSum(effs, 4 * n / 5, Scratch(ref _floats, 2 * (n + 16)), out sumE);
            _nextTopCutOf = (_year + 1, n);
        }
        else sumE = LaneSum.Of(effs);
        // Yos census in four interleaved histograms (CountYos): the initial workforce's rows (the first InitialCount)
        // from their census kept up to date (_initialCensus: their yos are mixed in every block, the costly part of
        // the count), the later hires' rows counted here.
        Span<int> yosCount4 = stackalloc int[4 * 256];
        CountYos(yosArr[t.InitialCount..], yosCount4);
        for (int y = 0; y < 256; y++) yosCount4[y] += _initialCensus[y];
        if (VerifyCensus)
        {
            Span<int> full = stackalloc int[4 * 256];
            CountYos(yosArr, full);
            for (int y = 0; y < 256; y++)
            {
                int kept = yosCount4[y] + yosCount4[256 + y] + yosCount4[512 + y] + yosCount4[768 + y];
                int counted = full[y] + full[256 + y] + full[512 + y] + full[768 + y];
                if (kept != counted) throw new InvalidOperationException($"census of yos {y} in {_year}: kept {kept}, counted {counted}");
            }
        }
        if (_anyCoaching)
            for (int i = 0; i < flagArr.Length; i++) coached += (flagArr[i] & TeacherTable.CoachMask) != 0 ? 1 : 0;
        // Stage counts by compare + popcount (Selection.CountBytes) instead of a dependent increment per row, unless
        // the promotion round's counts, kept by the hires since, still hold.
        if (!_stageCountExact || VerifyCensus)
        {
            var counted = VerifyCensus ? new int[stageCount.Length] : _stageCount;
            Array.Clear(counted);
            Selection.CountBytes(stages, counted);
            if (_stageCountExact && !counted.AsSpan().SequenceEqual(stageCount))
                throw new InvalidOperationException($"stage counts in {_year}: kept {string.Join(",", _stageCount)}, counted {string.Join(",", counted)}");
            counted.CopyTo(stageCount);
            _stageCountExact = true;
        }
        for (int y = 0; y < 256; y++)
        {
            long c = yosCount4[y] + yosCount4[256 + y] + yosCount4[512 + y] + yosCount4[768 + y];
            sumYos += c * y;
            if (y < 3) novices += (int)c;
            if (atRisk is not null) atRisk[Math.Min(y, ReplicationResult.MaxYos)] += c;
        }
        int positions = _spec.PositionsIn(_year);
        int nextPositions = _spec.PositionsIn(_year + 1);
        Set(MetricCatalog.Positions, positions);
        Set(MetricCatalog.Headcount, n);
        Set(MetricCatalog.Exits, _exitCount);
        Set(MetricCatalog.Hires, _hires);
        Set(MetricCatalog.VacanciesUnfilled, Math.Max(0, nextPositions - n));
        Set(MetricCatalog.VacancyFteYears, Math.Max(0, positions - _headStart) + _vacancyTime);
        Set(MetricCatalog.AttritionRate, _headStart > 0 ? (double)_exitCount / _headStart : double.NaN);
        Set(MetricCatalog.RetentionHired1, CohortRetention(1));
        Set(MetricCatalog.RetentionHired3, CohortRetention(3));
        Set(MetricCatalog.RetentionHired5, CohortRetention(5));
        Set(MetricCatalog.RetentionTopQuintile, _topStart > 0 ? 1 - (double)_topExits / _topStart : double.NaN);
        Set(MetricCatalog.MeanEffectiveness, n > 0 ? sumE / n : double.NaN);
        Set(MetricCatalog.MeanYos, n > 0 ? (double)sumYos / n : double.NaN);
        Set(MetricCatalog.NoviceShare, n > 0 ? (double)novices / n : double.NaN);
        Set(MetricCatalog.CoachingCoverage, n > 0 ? (double)coached / n : double.NaN);
        double hiringCost = _hires * _p.Compensation.HiringCost;
        Set(MetricCatalog.CostSalary, _salaryCost);
        Set(MetricCatalog.CostStipend, _extraCost);
        Set(MetricCatalog.CostHiring, hiringCost);
        Set(MetricCatalog.CostTotal, _salaryCost + _extraCost + hiringCost);
        for (int s = 0; s < _stageCount.Length; s++) Set(_metrics.HeadcountByStage + s, _stageCount[s]);
        for (int r = 0; r < 4; r++) Set(_metrics.ExitsByReason + r, _exitsByReason[r]);
        for (int s = 0; s < _hiresBySource.Length; s++) Set(_metrics.HiresBySource + s, _hiresBySource[s]);
    }

    /// <summary>
    /// The yos census into four interleaved histograms of 256 (<paramref name="count4"/>, cleared here): rows of a
    /// hire cohort are contiguous and share a yos, so a single histogram would chain every increment on the previous
    /// one through memory; 64 rows of one yos are counted at once. By pointers, without bounds checks (yos is a byte):
    /// the checked loop reloaded the histogram from the stack and tested every index, 7–8 instructions a row (R1,
    /// whose initial workforce has mixed yos in every block: ~4% of the run).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void CountYos(ReadOnlySpan<byte> yos, Span<int> count4)
    {
        if (count4.Length < 4 * 256) throw new ArgumentException("needs four histograms of 256", nameof(count4));
        count4.Clear();
        fixed (byte* y = yos)
        fixed (int* h = count4)
        {
            nuint n = (nuint)yos.Length, i = 0;
            int* h1 = h + 256, h2 = h + 512, h3 = h + 768;
            for (; i + 64 <= n; i += 64)
            {
                byte first = y[i];
                if (VectorExits && System.Runtime.Intrinsics.Vector512.EqualsAll(
                        System.Runtime.Intrinsics.Vector512.Load(y + i), System.Runtime.Intrinsics.Vector512.Create(first)))
                {
                    h[first] += 64;
                    continue;
                }
                for (nuint j = i; j < i + 64; j += 4)
                {
                    h[y[j]]++;
                    h1[y[j + 1]]++;
                    h2[y[j + 2]]++;
                    h3[y[j + 3]]++;
                }
            }
            for (; i < n; i++) h[y[i]]++;
        }
    }

    /// <summary>Of the teachers hired in year − k, the share still teaching now (NaN before such a cohort exists).</summary>
    private double CohortRetention(int k)
    {
        int cohortYear = _year - k;
        if (cohortYear < _spec.StartYear) return double.NaN;
        int hired = _hiresByYear[cohortYear - _spec.StartYear];
        if (hired == 0) return double.NaN;
        var hy = _t.HireYear;
        int lo = LowerBound(hy, _t.InitialCount, _t.Count, cohortYear);
        int hi = LowerBound(hy, lo, _t.Count, cohortYear + 1);
        return (double)(hi - lo) / hired;
    }

    private static int LowerBound(short[] a, int lo, int hi, int value)
    {
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    // ---------------------------------------------------------------- initial workforce

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CreateInitialWorkforce()
    {
        _stageCountExact = false; // new rows
        var init = _spec.Initial;
        var t = _t;
        int nSeg = _spec.Segments.Length;
        Span<int> perSeg = stackalloc int[nSeg];
        int positions = _p.Positions.For(_spec.StartYear, _spec.StartYear); // the first period, as for the initial promotion passes
        SplitByShare((int)Math.Round(positions * init.FilledShare, MidpointRounding.AwayFromZero), perSeg);
        int total = 0;
        foreach (int c in perSeg) total += c;
        t.EnsureCapacity(total);
        ulong yosStream = StreamKey(_spec.Seed, _rep, _spec.StartYear - 1, DrawPurpose.InitialYos);
        ulong effStream = StreamKey(_spec.Seed, _rep, _spec.StartYear - 1, DrawPurpose.InitialEffectiveness);
        // Yos value indices and effectiveness normals are drawn 256 rows at a time (8 a step with AVX-512); the
        // same draws as one SampleInt and one Normal per row.
        var values = init.Yos.Values;
        Span<double> normals = stackalloc double[256];
        Span<int> valueIndex = stackalloc int[256];
        // Column by column in tight loops over each 256-row chunk (one loop over rows writing eight columns, with
        // the draws' chunk test and the spell log's null test per row, took 8 ns a teacher: 40% of R1's initial
        // workforce). Rows are in segment order; a row's yos, hire year and stage follow from its value index.
        int segStart = 0;
        for (int g = 0; g < nSeg; g++) { t.Segment.AsSpan(segStart, perSeg[g]).Fill((byte)g); segStart += perSeg[g]; }
        t.Flags.AsSpan(0, total).Clear();
        t.Ratings.AsSpan(0, total).Clear();
        int nValues = values.Length;
        Span<byte> yosOfValue = nValues <= 1024 ? stackalloc byte[nValues] : new byte[nValues];
        Span<short> hireYearOfValue = nValues <= 1024 ? stackalloc short[nValues] : new short[nValues];
        for (int v = 0; v < nValues; v++)
        {
            yosOfValue[v] = (byte)Math.Min(255, values[v]);
            hireYearOfValue[v] = (short)(_spec.StartYear - 1 - values[v]);
        }
        ReadOnlySpan<byte> stageOfValue = _initStageOfValue;
        double mean = init.Effectiveness.Mean, sd = init.Effectiveness.Sd;
        for (int row = 0; row < total; row += 256)
        {
            int c = Math.Min(256, total - row);
            var nrm = normals[..c];
            var vi = valueIndex[..c];
            CounterRngVector.Normals(effStream, (ulong)row, nrm, VectorExits);
            CounterRngVector.ValueIndices(yosStream, (ulong)row, _initYosIndex, vi, VectorExits);
            var index = t.Index.AsSpan(row, c);
            Iota(index, row);
            var yosCol = t.Yos.AsSpan(row, c);
            var hireCol = t.HireYear.AsSpan(row, c);
            var stageCol = t.Stage.AsSpan(row, c);
            for (int j = 0; j < vi.Length; j++)
            {
                int v = vi[j];
                yosCol[j] = yosOfValue[v];
                hireCol[j] = hireYearOfValue[v];
                stageCol[j] = stageOfValue[v];
            }
            var effCol = t.Effectiveness.AsSpan(row, c);
            ScaleNormals(nrm, mean, sd, effCol);
        }
        if (_spells is not null)
            for (int row = 0; row < total; row++)
                _spells.Start(t.HireYear[row], row, t.HireYear[row] + 1, 0, t.Segment[row]); // started StartYear − yos
        t.Count = total;
        t.InitialCount = total;
        Array.Clear(_initialCensus);
        for (int i = 0; i < total; i++) _initialCensus[t.Yos[i]]++;
        if (_spec.Cycle.Contains(Phase.Exits))
            for (int y = 0; y < 256; y++) _result.AtRiskByYos[Math.Min(y, ReplicationResult.MaxYos)] += _initialCensus[y];
        for (int pass = 0; pass < init.PromotionPasses; pass++)
            PromotionRound(_spec.StartYear - 1 - pass, _spec.StartYear, _p);
        if (_spec.Cycle.Contains(Phase.Leadership))
            AssignCoaching(_spec.StartYear - 1);
    }

    // ---------------------------------------------------------------- scratch

    /// <summary>The first <paramref name="n"/> entries of a reusable scratch array (grown by doubling when too small;
    /// its contents are whatever the last user left).</summary>
    private static Span<T> Scratch<T>(ref T[] buffer, int n)
    {
        if (buffer.Length < n) buffer = new T[Math.Max(n, buffer.Length * 2)];
        return buffer.AsSpan(0, n);
    }
}
