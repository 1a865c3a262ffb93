using System.Diagnostics;

namespace WorkforceSim.Cli;

/// <summary>
/// Progress of a run on standard error: one line rewritten in place with percentage and ETA on a terminal; plain
/// lines (at most every 5 seconds, and at the end) when standard error is redirected, so logs stay readable.
/// </summary>
internal sealed class ProgressPrinter(TextWriter stderr, int total, string what, bool interactive)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastPrint = TimeSpan.Zero;
    private int _lastDone;

    public static bool IsInteractive(TextWriter stderr) => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    public void Report(int done)
    {
        lock (_lock)
        {
            if (done <= _lastDone) return;
            _lastDone = done;
            var now = _clock.Elapsed;
            bool finished = done >= total;
            if (!finished && now - _lastPrint < (interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5))) return;
            _lastPrint = now;
            double rate = done / Math.Max(now.TotalSeconds, 1e-9);
            var eta = TimeSpan.FromSeconds((total - done) / Math.Max(rate, 1e-9));
            string line = $"{what}: {done}/{total} ({100.0 * done / total:F0}%), {rate:F1}/s, ETA {eta:mm\\:ss}";
            if (interactive) stderr.Write($"\r{line}   " + (finished ? "\n" : ""));
            else stderr.WriteLine(line);
        }
    }
}
