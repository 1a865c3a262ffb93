using System.Runtime.InteropServices;

namespace WorkforceSim.Cli;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancelled <see cref="Token"/> for as long as it is alive, instead of the
/// runtime's default of killing the process, so a long command can stop at its next check and clean up (no partial
/// output), then exit with <see cref="ExitCodes.Cancelled"/> (WsimApp maps the <see cref="OperationCanceledException"/>).
/// </summary>
/// <remarks>
/// Use one per long-running command: <c>using var signals = new CancelOnSignals();</c>, pass
/// <c>signals.Token</c> to the work, and call <c>signals.Token.ThrowIfCancellationRequested()</c> before committing
/// output. A second signal while the first is being handled is also absorbed; disposing restores the default
/// behaviour. <see cref="Cancel"/> lets tests trigger the same path without sending a signal.
/// </remarks>
internal sealed class CancelOnSignals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;

    public CancelOnSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Cancelled when SIGINT or SIGTERM arrives (or <see cref="Cancel"/> is called).</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The signal that cancelled, if any.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Cancels as if a signal had arrived.</summary>
    public void Cancel() => _cts.Cancel();

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // keep the process alive: the command stops at its next cancellation check
        Received ??= context.Signal;
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { } // a signal racing with the end of the command
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
