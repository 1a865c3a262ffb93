using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WorkforceSim.Web;

/// <summary>What a finished job produced: its JSON result and the files it can serve.</summary>
internal interface IJobResult
{
    /// <summary>Writes the result object (the <c>result</c> member of a job's status).</summary>
    void WriteJson(System.Text.Json.Utf8JsonWriter w, string jobUrl);
    /// <summary>The SVG of a chart of the result, or null when it has no chart of that name.</summary>
    string? ChartSvg(string name);
    /// <summary>The self-contained report.html of the result.</summary>
    string ReportHtml();
    /// <summary>Suggested file name of the report.</summary>
    string ReportFileName { get; }
}

/// <summary>The states of a job.</summary>
internal enum JobStatus { Running, Done, Failed, Cancelled }

/// <summary>One simulation started by a request: progress while it runs, then its result (or why there is none).</summary>
internal sealed class Job
{
    private readonly CancellationTokenSource _cts = new();
    private int _done;
    private long _lastSeenTicks;

    public Job(string id, string kind, int totalSteps, TimeSpan abandonAfter)
    {
        Id = id;
        Kind = kind;
        TotalSteps = totalSteps;
        AbandonAfter = abandonAfter;
        Started = DateTime.UtcNow;
        Touch();
    }

    public string Id { get; }
    public string Kind { get; }
    public int TotalSteps { get; }
    public TimeSpan AbandonAfter { get; }
    public DateTime Started { get; }
    public DateTime? Finished { get; private set; }
    public JobStatus Status { get; private set; } = JobStatus.Running;
    public IJobResult? Result { get; private set; }
    public string? Error { get; private set; }
    public string? CancelReason { get; private set; }
    public Task Completion { get; set; } = Task.CompletedTask;
    public CancellationToken Token => _cts.Token;
    public int DoneSteps => Volatile.Read(ref _done);

    /// <summary>Marks the job as looked at (a status poll), so it is not taken for abandoned.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastSeenTicks, DateTime.UtcNow.Ticks);

    /// <summary>Progress from the engine (any thread); cancels a job nobody has asked about for too long.</summary>
    public void Report(int doneSteps)
    {
        int current;
        do current = Volatile.Read(ref _done);
        while (doneSteps > current && Interlocked.CompareExchange(ref _done, doneSteps, current) != current);
        if (DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastSeenTicks) > AbandonAfter.Ticks) Cancel("nobody asked about it for " + AbandonAfter.TotalSeconds + " s");
    }

    public void Cancel(string reason)
    {
        lock (_cts)
        {
            if (Status != JobStatus.Running) return;
            CancelReason ??= reason;
            _cts.Cancel();
        }
    }

    public void Complete(IJobResult result) => End(JobStatus.Done, result, null);
    public void Fail(string error) => End(JobStatus.Failed, null, error);
    public void Cancelled() => End(JobStatus.Cancelled, null, null);

    private void End(JobStatus status, IJobResult? result, string? error)
    {
        lock (_cts)
        {
            Result = result;
            Error = error;
            Finished = DateTime.UtcNow;
            if (status == JobStatus.Done) _done = TotalSteps;
            Status = status;
        }
    }

    public static string StatusText(JobStatus s) => s switch
    {
        JobStatus.Running => "running",
        JobStatus.Done => "done",
        JobStatus.Failed => "failed",
        _ => "cancelled",
    };
}

/// <summary>
/// Runs jobs on the thread pool, at most <see cref="WhatIfOptions.MaxConcurrentRuns"/> at a time (a semaphore: a job
/// that finds no free slot is refused at once, never queued), and keeps finished jobs for a while for their status,
/// charts and report.
/// </summary>
internal sealed class RunJobs(WhatIfOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentRuns));
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>Jobs running now.</summary>
    public int Running => Math.Max(1, options.MaxConcurrentRuns) - _slots.CurrentCount;

    /// <summary>Starts <paramref name="work"/> as a job, or returns null when every slot is taken.</summary>
    public Job? TryStart(string kind, int totalSteps, Func<Job, IJobResult> work)
    {
        Forget();
        if (!_slots.Wait(0)) return null;
        var job = new Job(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), kind, totalSteps, options.AbandonAfter);
        _jobs[job.Id] = job;
        job.Completion = Task.Run(() =>
        {
            try
            {
                job.Complete(work(job));
            }
            catch (OperationCanceledException)
            {
                job.Cancelled();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"wsim serve: run {job.Id} failed: {ex}");
                job.Fail($"the run failed: {ex.GetType().Name}: {ex.Message}");
            }
            catch (OutOfMemoryException)
            {
                job.Fail("the run ran out of memory — use fewer replications or a smaller scenario, or lower the server's --max-memory");
            }
            finally
            {
                _slots.Release();
            }
        });
        return job;
    }

    public Job? Get(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Drops finished jobs older than the retention time, and the oldest beyond the count limit.</summary>
    private void Forget()
    {
        var now = DateTime.UtcNow;
        var finished = _jobs.Values.Where(j => j.Finished is not null).OrderBy(j => j.Finished).ToList();
        int excess = finished.Count - options.MaxKeptRuns;
        foreach (var j in finished)
            if (excess-- > 0 || now - j.Finished!.Value > options.KeepFinishedRuns) _jobs.TryRemove(j.Id, out _);
    }

    public void Dispose()
    {
        foreach (var j in _jobs.Values) j.Cancel("the server is stopping");
        Task.WaitAll([.. _jobs.Values.Select(j => j.Completion)], TimeSpan.FromSeconds(10));
        _slots.Dispose();
    }
}
