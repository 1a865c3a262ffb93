namespace WorkforceSim.Cli;

/// <summary>Process exit codes (README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Internal failure (a bug or an environment problem such as a full disk).</summary>
    public const int InternalFailure = 1;
    /// <summary>Invalid input: a scenario, roster, sweep file or command line with problems.</summary>
    public const int InvalidInput = 2;
    /// <summary>Stopped by Ctrl-C or SIGTERM before finishing; nothing partial was left behind.</summary>
    public const int Cancelled = 130;
}
