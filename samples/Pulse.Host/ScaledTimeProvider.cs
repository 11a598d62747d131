namespace Pulse.Host;

/// <summary>
/// A clock that runs <c>speed</c> times faster than <paramref name="inner"/>, starting at <paramref name="origin"/>:
/// the engine clock of the live mode when the simulator runs faster than real time, so that durations
/// (waits, handle times) are in simulated seconds. Timers fire after their due time divided by the speed.
/// </summary>
internal sealed class ScaledTimeProvider(TimeProvider inner, DateTimeOffset origin, double speed) : TimeProvider
{
    private readonly long _originTimestamp = inner.GetTimestamp();

    /// <summary>How many times faster than the inner clock this one runs.</summary>
    public double Speed { get; } = speed > 0 && double.IsFinite(speed) ? speed : throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive number");

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => origin + TimeSpan.FromTicks((long)(inner.GetElapsedTime(_originTimestamp).Ticks * Speed));

    /// <inheritdoc />
    public override long GetTimestamp() => _originTimestamp + (long)((inner.GetTimestamp() - _originTimestamp) * Speed);

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(inner.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A duration of this clock in inner-clock time.</summary>
    internal TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / Speed)));
}
