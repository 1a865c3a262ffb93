using System.Text.Json;

namespace WorkforceSim.Web.Tests;

/// <summary>Bounded concurrency, work limits, progress and cancellation of runs.</summary>
public sealed class JobTests
{
    /// <summary>
    /// 4,000 replications a side of the baseline (600 million teacher-years), run on one thread by the tests that use
    /// it: several seconds on any machine, so it is still running when the tests cancel it, hang up or leave it.
    /// </summary>
    private static readonly object Long = new { scenario = "baseline", replications = 4000 };
    private static readonly object Short = new { scenario = "baseline", replications = 2, years = 2 };

    [Fact]
    public async Task Work_over_the_limit_is_refused_before_it_starts_with_the_estimate_in_the_message()
    {
        await using var t = await TestServer.StartAsync(o => o with { Limits = o.Limits with { MaxTeacherYears = 1e6 } });
        var (status, json) = await t.PostAsync("/api/compare", new { scenario = "baseline", replications = 20 });
        Assert.Equal(422, status);
        var error = json.GetProperty("error");
        Assert.Equal("WS8008", error.GetProperty("code").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains("1.5e6 teacher-years", message, StringComparison.Ordinal); // 5,000 × 15 × 20
        Assert.Contains("wsim serve --max-teacher-years", message, StringComparison.Ordinal);
        var (ok, _) = await t.PostAsync("/api/compare", new { scenario = "baseline", replications = 10 }); // 7.5e5 a side fits
        Assert.True(ok is 200 or 202, $"answered {ok}");

        var (_, validation) = await t.PostAsync("/api/validate", new { scenario = "baseline", replications = 20 });
        Assert.True(validation.GetProperty("valid").GetBoolean());
        Assert.Contains("teacher-years", validation.GetProperty("limit").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_server_answers_429_and_a_cancelled_run_frees_its_slot()
    {
        await using var t = await TestServer.StartAsync(o => o with { MaxConcurrentRuns = 1, AnswerWithin = TimeSpan.FromMilliseconds(200), Threads = 1 });
        var (status, job) = await t.PostAsync("/api/compare", Long);
        Assert.Equal(202, status);
        string url = job.GetProperty("url").GetString()!;
        Assert.Equal(8000, job.GetProperty("progress").GetProperty("total").GetInt32());

        var (busy, error) = await t.PostAsync("/api/run", Short);
        Assert.Equal(429, busy);
        Assert.Equal("WS8009", error.GetProperty("error").GetProperty("code").GetString());

        // Progress moves while it runs.
        int first = job.GetProperty("progress").GetProperty("done").GetInt32();
        int later = first;
        for (int i = 0; i < 100 && later <= first; i++)
        {
            await Task.Delay(50);
            var (_, s) = await t.GetJsonAsync(url);
            later = s.GetProperty("progress").GetProperty("done").GetInt32();
        }
        Assert.True(later > first, $"progress stayed at {first}");

        var (cancelled, state) = await t.DeleteAsync(url);
        Assert.Equal(200, cancelled);
        Assert.Equal("cancelled", state.GetProperty("status").GetString());
        Assert.Contains("cancelled by request", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(state.TryGetProperty("result", out _));

        var (again, done) = await t.PostAsync("/api/run", Short);
        Assert.True(again is 200 or 202, done.ToString()); // accepted (finished, or still running on a busy machine), not 429
        var (_, report) = await t.GetJsonAsync(url + "/report.html");
        Assert.Equal("WS8013", report.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_client_that_hangs_up_cancels_its_run()
    {
        await using var t = await TestServer.StartAsync(o => o with { MaxConcurrentRuns = 1, AnswerWithin = TimeSpan.FromMinutes(5), Threads = 1 });
        using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.PostAsync("/api/compare", Long, hangUp.Token));

        // The slot comes free quickly (the engine stops at its next simulated year), far sooner than the run would end.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int status;
        JsonElement json;
        do
        {
            await Task.Delay(100);
            (status, json) = await t.PostAsync("/api/run", Short);
        }
        while (status == 429 && DateTime.UtcNow < deadline);
        Assert.True(status == 200, $"{status}: {json}");
    }

    [Fact]
    public async Task A_run_nobody_asks_about_is_abandoned()
    {
        await using var t = await TestServer.StartAsync(o => o with { AnswerWithin = TimeSpan.FromMilliseconds(100), AbandonAfter = TimeSpan.FromMilliseconds(300), Threads = 1 });
        var (status, job) = await t.PostAsync("/api/compare", Long);
        Assert.Equal(202, status);
        await Task.Delay(3000);
        var (_, state) = await t.GetJsonAsync(job.GetProperty("url").GetString()!);
        Assert.Equal("cancelled", state.GetProperty("status").GetString());
        Assert.Contains("nobody asked", state.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
