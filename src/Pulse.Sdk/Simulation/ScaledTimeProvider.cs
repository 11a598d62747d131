namespace Pulse.Sdk.Simulation;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than an inner clock: the engine clock of a host whose
/// simulator runs faster than real time, so that durations (waits, handle times) are in simulated seconds.
/// Timers fire after their due time divided by the speed.
/// </summary>
/// <remarks>
/// Two ways to place it on the inner clock's timeline:
/// <list type="bullet">
/// <item><description>The constructor starts it at <c>origin</c> <em>now</em>: one process, its own simulated day.</description></item>
/// <item><description><see cref="AnchoredAt"/> gives simulated time = anchor + (inner time − anchor) × speed, whatever the
/// moment it is created: processes started at different moments with the same anchor and speed read the same
/// simulated time at the same wall instant, so each emits a deterministic simulator's events at the same wall instant.</description></item>
/// </list>
/// </remarks>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    /// <summary>Creates a clock that reads <paramref name="origin"/> now and then runs <paramref name="speed"/> times faster than <paramref name="inner"/>.</summary>
    /// <param name="inner">The clock it follows (usually <see cref="TimeProvider.System"/>).</param>
    /// <param name="origin">What it reads now.</param>
    /// <param name="speed">How many times faster than <paramref name="inner"/> it runs; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="speed"/> is not positive and finite.</exception>
    public ScaledTimeProvider(TimeProvider inner, DateTimeOffset origin, double speed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(speed > 0) || !double.IsFinite(speed))
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive number (1 = real time, 10 = ten times faster)");
        _inner = inner;
        _origin = origin;
        _originTimestamp = inner.GetTimestamp();
        Speed = speed;
    }

    /// <summary>
    /// A clock on an absolute timeline: at inner time <c>t</c> it reads <c>anchor + (t − anchor) × speed</c>, so it
    /// reads <paramref name="anchor"/> when the inner clock does, and every process created with the same
    /// anchor and speed reads the same time at the same inner instant (to the inner clock's precision).
    /// </summary>
    /// <param name="inner">The clock it follows (usually <see cref="TimeProvider.System"/>).</param>
    /// <param name="anchor">The instant at which simulated and inner time coincide (a simulator's start).</param>
    /// <param name="speed">How many times faster than <paramref name="inner"/> it runs; positive and finite.</param>
    /// <returns>The clock.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="speed"/> is not positive and finite.</exception>
    public static ScaledTimeProvider AnchoredAt(TimeProvider inner, DateTimeOffset anchor, double speed)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(speed > 0) || !double.IsFinite(speed))
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive number (1 = real time, 10 = ten times faster)");
        var now = inner.GetUtcNow();
        return new ScaledTimeProvider(inner, anchor + TimeSpan.FromTicks((long)((now - anchor).Ticks * speed)), speed);
    }

    /// <summary>How many times faster than the inner clock this one runs.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _origin + TimeSpan.FromTicks((long)(_inner.GetElapsedTime(_originTimestamp).Ticks * Speed));

    /// <inheritdoc />
    public override long GetTimestamp() => _originTimestamp + (long)((_inner.GetTimestamp() - _originTimestamp) * Speed);

    /// <inheritdoc />
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A duration of this clock in inner-clock time (at least one tick; infinite and non-positive spans unchanged).</summary>
    /// <param name="span">A duration on this clock.</param>
    /// <returns>The same duration on the inner clock.</returns>
    public TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / Speed)));
}
