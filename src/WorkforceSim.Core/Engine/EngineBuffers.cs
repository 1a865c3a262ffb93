using System.Collections.Concurrent;
using WorkforceSim.Core.State;

namespace WorkforceSim.Core.Engine;

/// <summary>
/// An engine's large arrays — the teacher table (16 bytes a teacher) and its scratch arrays (promotion keys,
/// selection and top-cut work space, normals) — kept between runs. A run of R1 (65,000 teachers) allocates about
/// 6 MB of them per engine; without the pool every <see cref="Simulator.Run"/> allocated them again on the large-object
/// heap, which cost a full garbage collection and fresh pages (page faults) per run: about 5% of a 20-replication
/// run. A table taken from the pool is reset to zeros, so an engine on pooled buffers starts exactly as on new ones
/// (tested: a run on the buffers of a different scenario gives the bytes of a new engine).
/// </summary>
internal sealed class EngineBuffers
{
    public TeacherTable? Table;
    public ulong[]? Keys, Keys2;
    public float[]? Floats;
    public double[]? Doubles;

    /// <summary>Buffers of tables up to this many rows are kept (16 MB of table, about 50 MB with the scratch
    /// arrays grown for it; at most one set per core): a US-size run's buffers (hundreds of MB) are left to the
    /// garbage collector.</summary>
    private const int MaxPooledRows = 1 << 20;

    private static readonly ConcurrentBag<EngineBuffers> Pool = [];

    /// <summary>Buffers left by an earlier run, or null.</summary>
    public static EngineBuffers? Rent() => Pool.TryTake(out var b) ? b : null;

    /// <summary>Keeps <paramref name="buffers"/> for a later run (at most one set per core; small tables only).</summary>
    public static void Return(EngineBuffers buffers)
    {
        if (buffers.Table is null || buffers.Table.Capacity > MaxPooledRows || Pool.Count >= Environment.ProcessorCount) return;
        Pool.Add(buffers);
    }
}
