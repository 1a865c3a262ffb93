using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WorkforceSim.Cli;

namespace WorkforceSim.Web.Tests;

/// <summary>A real server (Kestrel on a free loopback port) over a scenario folder, and an HTTP client for it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WhatIfServer server, StringWriter log)
    {
        Server = server;
        Log = log;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(3) };
    }

    public WhatIfServer Server { get; }
    public HttpClient Client { get; }
    public StringWriter Log { get; }

    public static async Task<TestServer> StartAsync(Func<WhatIfOptions, WhatIfOptions>? configure = null, string? scenarios = null)
    {
        var options = new WhatIfOptions { ScenariosFolder = scenarios ?? Repo.Scenarios, Port = 0, ToolVersion = "test", WarmUp = false };
        options = configure?.Invoke(options) ?? options;
        var log = new StringWriter();
        var server = WhatIfServer.Create(options, TextWriter.Synchronized(log));
        await server.StartAsync();
        return new TestServer(server, log);
    }

    public async Task<(int Status, JsonElement Json)> PostAsync(string path, string body, string contentType = "application/json", CancellationToken cancel = default)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var res = await Client.PostAsync(path, content, cancel);
        return ((int)res.StatusCode, await ReadJson(res));
    }

    public Task<(int Status, JsonElement Json)> PostAsync(string path, object body, CancellationToken cancel = default) =>
        PostAsync(path, JsonSerializer.Serialize(body), cancel: cancel);

    public async Task<(int Status, JsonElement Json)> GetJsonAsync(string path)
    {
        using var res = await Client.GetAsync(path);
        return ((int)res.StatusCode, await ReadJson(res));
    }

    public async Task<(int Status, JsonElement Json)> DeleteAsync(string path)
    {
        using var res = await Client.DeleteAsync(path);
        return ((int)res.StatusCode, await ReadJson(res));
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage res)
    {
        string text = await res.Content.ReadAsStringAsync();
        Assert.True(res.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)res.StatusCode} answer is not JSON: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts a compare or run request and follows the job until it has finished.</summary>
    public async Task<JsonElement> FinishedAsync(string path, object body)
    {
        var (status, json) = await PostAsync(path, body);
        Assert.True(status is 200 or 202, $"{path} answered {status}: {json}");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (json.GetProperty("status").GetString() == "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not finish within 3 minutes");
            await Task.Delay(100);
            (status, json) = await GetJsonAsync(json.GetProperty("url").GetString()!);
            Assert.Equal(200, status);
        }
        Assert.True(json.GetProperty("status").GetString() == "done", json.ToString());
        return json.GetProperty("result");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Paths of the repository and the CLI, run in-process.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();
    public static string Scenarios => Path.Combine(Root, "scenarios");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkforceSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkforceSim.sln not found above the test folder.");
    }

    public static (int Code, string Out, string Err) Wsim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = WsimApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "wsim-web-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}
