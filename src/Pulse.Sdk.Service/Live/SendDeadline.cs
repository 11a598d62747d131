namespace Pulse.Sdk.Service.Live;

/// <summary>
/// The deadline of a live connection's sends (<see cref="PulseServiceOptions.SendTimeout"/>, on the service's
/// <see cref="TimeProvider"/>). A send only records when it started; a timer of the connection looks every quarter of the
/// timeout and cancels a send that has run longer than the timeout, so it ends between 1 and 1.25 timeouts after it began.
/// Arming a timer per message instead costs more than the message (every timer change takes the timer queue's lock,
/// which all connections share).
/// </summary>
internal sealed class SendDeadline : IAsyncDisposable
{
    private const long NotSending = long.MinValue;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _cancel;
    private readonly ITimer _watch;
    private long _started = NotSending;
    private volatile bool _exceeded;

    /// <param name="time">The service's clock.</param>
    /// <param name="timeout">The longest a send may take.</param>
    /// <param name="connection">The connection's token: cancelling it cancels the send in progress too.</param>
    public SendDeadline(TimeProvider time, TimeSpan timeout, CancellationToken connection)
    {
        _time = time;
        _timeout = timeout;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(connection);
        var period = timeout / 4;
        _watch = time.CreateTimer(static s => ((SendDeadline)s!).Check(), this, period, period);
    }

    /// <summary>A send begins; the token to give it.</summary>
    public CancellationToken Start()
    {
        Volatile.Write(ref _started, _time.GetTimestamp());
        return _cancel.Token;
    }

    /// <summary>Whether a send ran over the timeout and was cancelled (the connection is over then).</summary>
    public bool Exceeded => _exceeded;

    /// <summary>The send finished.</summary>
    public void Stop() => Volatile.Write(ref _started, NotSending);

    private void Check()
    {
        var started = Volatile.Read(ref _started);
        if (started == NotSending || _time.GetElapsedTime(started) < _timeout) return;
        _exceeded = true;
        _cancel.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        // The timer first, waiting for a check in progress: it may be cancelling the source.
        await _watch.DisposeAsync().ConfigureAwait(false);
        _cancel.Dispose();
    }
}
