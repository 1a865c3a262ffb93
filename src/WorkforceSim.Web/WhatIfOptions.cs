using System.Net;
using WorkforceSim.Core.Engine;

namespace WorkforceSim.Web;

/// <summary>How <c>wsim serve</c> runs: where it listens, which scenarios it offers and how much work it accepts (docs/web.md).</summary>
public sealed record WhatIfOptions
{
    /// <summary>Default port.</summary>
    public const int DefaultPort = 5080;

    /// <summary>Folder holding the scenario files offered by the page (top-level <c>*.yaml</c>/<c>*.yml</c>).</summary>
    public required string ScenariosFolder { get; init; }
    /// <summary>Address to listen on; loopback by default, so only this machine can reach the page.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;
    /// <summary>Port (0: any free port; the address actually bound is in <see cref="WhatIfServer.Address"/>).</summary>
    public int Port { get; init; } = DefaultPort;
    /// <summary>Tool version written into reports and exported scenarios.</summary>
    public string ToolVersion { get; init; } = "0.0.0";
    /// <summary>Largest accepted request body, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 64 * 1024;
    /// <summary>Simulations (runs or comparisons) allowed at the same time; more are refused with 429.</summary>
    public int MaxConcurrentRuns { get; init; } = 2;
    /// <summary>Memory and work limits every scenario run must fit (both sides of a comparison are checked).</summary>
    public ResourceLimits Limits { get; init; } = new() { MaxMemoryBytes = ResourceLimits.DefaultMaxMemoryBytes(), MaxTeacherYears = DefaultMaxTeacherYears };
    /// <summary>
    /// Default work limit of one scenario run: 5·10⁸ teacher-years, a state of 100,000 teachers over 30 years with
    /// 160 replications, about 10–20 s a side on a 2-core machine.
    /// </summary>
    public const double DefaultMaxTeacherYears = 5e8;
    /// <summary>Replications the page proposes when the scenario asks for more (fast answers); the user may raise it.</summary>
    public int DefaultReplications { get; init; } = 100;
    /// <summary>How long a POST waits for its run to finish before answering 202 with a job to poll.</summary>
    public TimeSpan AnswerWithin { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How long finished runs are kept for their charts, report and status.</summary>
    public TimeSpan KeepFinishedRuns { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Most finished runs kept at once (the oldest are dropped first).</summary>
    public int MaxKeptRuns { get; init; } = 64;
    /// <summary>A run nobody has asked about for this long (the page was closed) is cancelled.</summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Worker threads per simulation (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>Run a tiny simulation and chart at start-up, so the first request does not pay for JIT compilation.</summary>
    public bool WarmUp { get; init; } = true;
}
