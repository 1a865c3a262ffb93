using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using WorkforceSim.Core.Random;

namespace WorkforceSim.RngStream;

/// <summary>
/// Writes the raw output of the engine's counter-based generator (<see cref="CounterRng"/>) to stdout as
/// little-endian 32-bit words, for statistical test batteries such as <c>dieharder -g 200</c> (raw binary on stdin).
/// Each 64-bit draw contributes two words, low half first, so every output bit is tested.
/// </summary>
/// <remarks>
/// Modes (all draw keys use the engine's own <see cref="CounterRng.StreamKey"/> and <see cref="CounterRng.Bits"/>):
/// <list type="bullet">
/// <item><c>stream</c>: one stream, counters 0, 1, 2, ….</item>
/// <item><c>teachers</c>: adjacent teacher ids of one (replication, year, purpose) — the counters
/// <see cref="CounterRng.TeacherCounter"/>(hireYear, 0), (hireYear, 1), …, i.e. what the engine draws for the
/// teachers hired in one year; within a year every teacher's draw for one purpose is one draw of the same stream.</item>
/// <item><c>seeds</c>, <c>years</c>, <c>replications</c>, <c>purposes</c>: round-robin over <c>--width</c> adjacent
/// values of that key component (everything else fixed): word pair n comes from key value
/// <c>base + n mod width</c> at counter <c>n / width</c>. A correlation between the streams of adjacent keys shows up
/// as a pattern at lag <c>width</c> or less.</item>
/// </list>
/// </remarks>
internal static class Program
{
    internal const string Usage =
        "usage: wsim-rngstream <stream|teachers|seeds|years|replications|purposes> [--seed N] [--width K] [--words N]\n" +
        "  writes little-endian 32-bit words to stdout until --words are written (default: forever) or stdout closes.\n" +
        "  --seed N   master seed (default 42)      --width K   adjacent keys interleaved (default 16)";

    private static int Main(string[] args)
    {
        if (!Options.TryParse(args, out var options, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        // Not Console.OpenStandardOutput(): on Unix its stream silently ignores EPIPE, so the tool would spin forever
        // after dieharder exits. A FileStream over descriptor 1 reports the closed pipe as an IOException.
        using Stream stdout = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        try
        {
            Write(options, stdout);
        }
        catch (IOException)
        {
            // The reader (dieharder) closed the pipe: that is how an endless run normally ends.
        }
        return 0;
    }

    /// <summary>Writes <see cref="Options.Words"/> words (or forever when it is null) of the chosen mode.</summary>
    internal static void Write(Options options, Stream output)
    {
        var source = new WordSource(options);
        byte[] buffer = new byte[1 << 16];
        long remaining = options.Words ?? long.MaxValue;
        while (remaining > 0)
        {
            int words = (int)Math.Min(buffer.Length / 4, remaining);
            for (int i = 0; i < words; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(i * 4), source.Next());
            output.Write(buffer, 0, words * 4);
            remaining -= words;
        }
        output.Flush();
    }
}

/// <summary>The modes of <see cref="Program"/>.</summary>
internal enum Mode { Stream, Teachers, Seeds, Years, Replications, Purposes }

/// <summary>Parsed command line.</summary>
internal sealed record Options(Mode Mode, ulong Seed, int Width, long? Words)
{
    public static bool TryParse(string[] args, out Options options, out string? error)
    {
        options = new Options(Mode.Stream, 42, 16, null);
        error = null;
        if (args.Length == 0 || !Enum.TryParse(args[0], ignoreCase: true, out Mode mode) || !Enum.IsDefined(mode)
            || char.IsDigit(args[0][0]))
        {
            error = args.Length == 0 ? "missing mode" : $"unknown mode '{args[0]}'";
            return false;
        }
        options = options with { Mode = mode };
        for (int i = 1; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s):
                    options = options with { Seed = s }; i++; break;
                case "--width" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int w) && w >= 1:
                    options = options with { Width = w }; i++; break;
                case "--words" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n):
                    options = options with { Words = n }; i++; break;
                default:
                    error = $"bad option '{args[i]}'" + (value is null ? "" : $" '{value}'");
                    return false;
            }
        }
        return true;
    }
}

/// <summary>Produces the 32-bit words of one mode, in order.</summary>
internal sealed class WordSource
{
    /// <summary>The purpose used when the purpose is not the key being varied (the engine's exit draw).</summary>
    internal const DrawPurpose FixedPurpose = DrawPurpose.Exit;
    /// <summary>The replication and year used when they are not the key being varied.</summary>
    internal const int FixedReplication = 0, FixedYear = 1;
    /// <summary>Hire year of the teachers in <see cref="Mode.Teachers"/> (the engine numbers hire years from the start year, 0, upwards).</summary>
    internal const short TeacherHireYear = 3;

    private static readonly DrawPurpose[] Purposes = Enum.GetValues<DrawPurpose>();

    private readonly Mode _mode;
    private readonly ulong[] _keys;
    private ulong _draw;      // index of the next 64-bit draw
    private ulong _pending;   // high half of the last draw
    private bool _hasPending;

    public WordSource(Options options)
    {
        _mode = options.Mode;
        int width = options.Mode is Mode.Stream or Mode.Teachers ? 1
            : options.Mode == Mode.Purposes ? Math.Min(options.Width, Purposes.Length) : options.Width;
        _keys = new ulong[width];
        for (int j = 0; j < width; j++)
        {
            _keys[j] = options.Mode switch
            {
                Mode.Seeds => CounterRng.StreamKey(options.Seed + (ulong)j, FixedReplication, FixedYear, FixedPurpose),
                Mode.Years => CounterRng.StreamKey(options.Seed, FixedReplication, FixedYear + j, FixedPurpose),
                Mode.Replications => CounterRng.StreamKey(options.Seed, FixedReplication + j, FixedYear, FixedPurpose),
                Mode.Purposes => CounterRng.StreamKey(options.Seed, FixedReplication, FixedYear, Purposes[j]),
                _ => CounterRng.StreamKey(options.Seed, FixedReplication, FixedYear, FixedPurpose),
            };
        }
    }

    /// <summary>The 64-bit draw number <paramref name="n"/> of this mode.</summary>
    public ulong Draw(ulong n)
    {
        if (_mode == Mode.Teachers)
            return CounterRng.Bits(_keys[0], CounterRng.TeacherCounter(TeacherHireYear, 0) + n); // index n (carries into the next hire year past 2^32)
        ulong width = (ulong)_keys.Length;
        return CounterRng.Bits(_keys[(int)(n % width)], n / width);
    }

    /// <summary>The next 32-bit word: the low half of a draw, then its high half.</summary>
    public uint Next()
    {
        if (_hasPending)
        {
            _hasPending = false;
            return (uint)_pending;
        }
        ulong bits = Draw(_draw++);
        _pending = bits >> 32;
        _hasPending = true;
        return (uint)bits;
    }
}
