using System.Globalization;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Engine;

/// <summary>
/// An upper estimate of the memory and work a run needs, computed from the scenario and the run options alone
/// (nothing is allocated), so that a run that cannot fit is refused before it starts instead of failing with an
/// out-of-memory error half-way through. docs/limits.md explains each term.
/// </summary>
/// <remarks>
/// Memory = worker state + results (+ spells):
/// <list type="bullet">
/// <item>worker state: <c>threads × maxPositions × <see cref="BytesPerTeacher"/></c>. Each worker thread keeps one
/// replication's teachers (16 bytes a row), selection scratch (keys 16 when two promotion rules are gathered
/// together, top-k work up to 24, floats 8), two exit records per leaver when exits are recorded (2 × 24) and the
/// former-teacher pool (20 per leaver kept): at most about 132 bytes, hence 136 bytes per position (R1 at 3.8 million
/// positions peaks at ~45 bytes a position).</item>
/// <item>results: <c>replications × (metrics × years + 2 × years + 2 × 61) × 8 bytes</c>, counted twice because
/// summarising copies each metric-year across replications.</item>
/// <item>spells (only when recorded, one replication): <c>maxPositions × (1 + years × h) × <see cref="BytesPerSpell"/></c>,
/// where h is the largest annual exit hazard of the scenario (every leaver is replaced by one hire at most).</item>
/// </list>
/// Work is the number of teacher-years simulated: the positions of every year, summed over years and replications.
/// </remarks>
public sealed record ResourceEstimate
{
    /// <summary>Bytes of worker state per position (see remarks).</summary>
    public const long BytesPerTeacher = 136;
    /// <summary>Bytes per recorded employment spell (a <see cref="TeacherSpell"/> object and its id string).</summary>
    public const long BytesPerSpell = 200;
    /// <summary>Fixed overhead of a run (runtime, scenario, tables), in bytes.</summary>
    public const long BaseBytes = 64L << 20;

    /// <summary>Largest number of positions in any year of the horizon.</summary>
    public required long MaxPositions { get; init; }
    /// <summary>Worker threads the run will use.</summary>
    public required int Threads { get; init; }
    /// <summary>Replications.</summary>
    public required int Replications { get; init; }
    /// <summary>Simulated years.</summary>
    public required int Years { get; init; }
    /// <summary>Bytes of per-thread simulation state, all threads together.</summary>
    public required double WorkerBytes { get; init; }
    /// <summary>Bytes of result arrays (and their summary).</summary>
    public required double ResultBytes { get; init; }
    /// <summary>Bytes of recorded spells (0 when none are recorded).</summary>
    public required double SpellBytes { get; init; }
    /// <summary>Teacher-years to simulate (positions summed over years and replications).</summary>
    public required double TeacherYears { get; init; }

    /// <summary>Total estimated peak memory, in bytes.</summary>
    public double TotalBytes => BaseBytes + WorkerBytes + ResultBytes + SpellBytes;

    /// <summary>Estimates a run of <paramref name="spec"/> with <paramref name="options"/> (the same defaults as <see cref="Simulator.Run"/>).</summary>
    public static ResourceEstimate For(ScenarioSpec spec, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new RunOptions();
        int reps = Math.Max(1, options.Replications ?? spec.Replications);
        int threads = options.Threads is int t && t > 0 ? t : Environment.ProcessorCount;
        threads = Math.Min(threads, reps);
        int years = Math.Max(1, spec.Years);

        // Positions as the engine computes them (double arithmetic here, so huge growth cannot overflow).
        double maxPositions = 0, positionYears = 0, maxHazard = 0;
        for (int y = spec.StartYear; y <= spec.StartYear + years; y++)
        {
            var p = spec.ParametersFor(Math.Min(y, spec.LastYear));
            double n = Positions(p.Positions, y - spec.StartYear);
            maxPositions = Math.Max(maxPositions, n);
            if (y <= spec.LastYear) positionYears += n;
        }
        foreach (var period in spec.Periods)
        {
            var a = period.Parameters.Attrition;
            foreach (double h in a.HazardByYearOfService)
                if (h > maxHazard) maxHazard = h;
        }
        maxHazard = Math.Min(1, maxHazard);

        int metrics = MetricCatalog.For(spec).Count;
        double perReplication = ((double)metrics * years + 2.0 * years + 2.0 * (ReplicationResult.MaxYos + 1)) * sizeof(double);
        return new ResourceEstimate
        {
            MaxPositions = (long)Math.Min(maxPositions, long.MaxValue),
            Threads = threads,
            Replications = reps,
            Years = years,
            WorkerBytes = threads * (maxPositions + 16) * BytesPerTeacher,
            ResultBytes = 2 * reps * perReplication,
            SpellBytes = options.RecordSpells is null ? 0 : maxPositions * (1 + years * maxHazard) * BytesPerSpell,
            TeacherYears = positionYears * reps,
        };
    }

    /// <summary>
    /// The problem when this estimate exceeds <paramref name="limits"/>: what is too big, by how much, and how to change
    /// it; null when the run fits.
    /// </summary>
    public string? Exceeds(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (TotalBytes > limits.MaxMemoryBytes)
            return $"the run needs about {FormatBytes(TotalBytes)} of memory (≈ {FormatBytes(WorkerBytes)} for {Threads} worker thread(s) × " +
                   $"{MaxPositions.ToString("N0", CultureInfo.InvariantCulture)} positions, {FormatBytes(ResultBytes)} for {Replications.ToString("N0", CultureInfo.InvariantCulture)} replications × {Years} years of results" +
                   (SpellBytes > 0 ? $", {FormatBytes(SpellBytes)} for recorded spells" : "") +
                   $"), more than the limit of {FormatBytes(limits.MaxMemoryBytes)} — reduce positions, replications or --threads, or raise the limit with --max-memory.";
        if (TeacherYears > limits.MaxTeacherYears)
            return $"the run would simulate {TeacherYears.ToString("0.###e0", CultureInfo.InvariantCulture)} teacher-years ({MaxPositions.ToString("N0", CultureInfo.InvariantCulture)} positions × {Years} years × " +
                   $"{Replications.ToString("N0", CultureInfo.InvariantCulture)} replications), more than the limit of {limits.MaxTeacherYears.ToString("0.###e0", CultureInfo.InvariantCulture)} — " +
                   "reduce positions, years or replications, or raise the limit with --max-teacher-years.";
        return null;
    }

    /// <summary>Positions in year index <paramref name="t"/>, as <see cref="PositionsSpec.For"/> computes them but without the cast to int.</summary>
    private static double Positions(PositionsSpec p, int t)
    {
        double v = p.Count * Math.Pow(1 + p.GrowthRate, t) + p.ChangePerYear * t;
        return v > 0 && !double.IsNaN(v) ? Math.Round(v, MidpointRounding.AwayFromZero) : 0;
    }

    /// <summary>"1.5 GB", "512 MB", "12 KB" (binary multiples, as <c>--max-memory</c> reads them).</summary>
    public static string FormatBytes(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return u == 0 ? bytes.ToString("0", CultureInfo.InvariantCulture) + " bytes"
            : bytes.ToString(bytes < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + units[u];
    }

    /// <summary>Parses "4GB", "512 MB", "1.5G", "2048" (bytes); binary multiples. False for anything else, zero or negative.</summary>
    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string s = text.Trim().ToUpperInvariant();
        if (s.EndsWith('B')) s = s[..^1];
        long unit = 1;
        if (s.Length > 0 && "KMGT".Contains(s[^1]))
        {
            unit = 1L << (10 * ("KMGT".IndexOf(s[^1]) + 1));
            s = s[..^1];
        }
        if (!double.TryParse(s.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v)) return false;
        double b = v * unit;
        if (!(b >= 1) || b > long.MaxValue / 2) return false;
        bytes = (long)b;
        return true;
    }
}

/// <summary>Limits a run must fit in (see <see cref="ResourceEstimate.Exceeds"/>).</summary>
public sealed record ResourceLimits
{
    /// <summary>Largest estimated peak memory, in bytes.</summary>
    public required long MaxMemoryBytes { get; init; }
    /// <summary>Largest number of teacher-years (positions × years × replications).</summary>
    public double MaxTeacherYears { get; init; } = DefaultMaxTeacherYears;

    /// <summary>
    /// Default work limit: 10¹² teacher-years, several hours even at the engine's speed of tens of millions of
    /// teacher-years a second on one core — far above any real district study (benchmark R1 is 3.9·10⁷).
    /// </summary>
    public const double DefaultMaxTeacherYears = 1e12;

    /// <summary>The default memory limit: 80% of the memory available to this process (physical memory or a container limit).</summary>
    public static long DefaultMaxMemoryBytes()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? available / 5 * 4 : 4L << 30;
    }
}
