namespace Pulse.Sdk.Engine;

/// <summary>
/// A <see cref="TimeProvider"/> that only moves when told: replay advances it to each event's time, tests
/// advance it by hand. It never goes backwards, so the engine sees a monotonic clock. Timers created from
/// it fire, in due order, while it is advanced.
/// </summary>
public sealed class ReplayClock : TimeProvider
{
    private long _utcTicks;
    private readonly List<ClockTimer> _timers = [];
    private readonly object _gate = new();
    private int _timerCount;

    /// <summary>Creates the clock at <paramref name="start"/>.</summary>
    public ReplayClock(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Timestamps follow the replayed time too, so <see cref="TimeProvider.GetElapsedTime(long)"/> measures replayed time.</summary>
    public override long GetTimestamp() => Interlocked.Read(ref _utcTicks);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Moves the clock to <paramref name="time"/> if that is later than now, firing due timers on the way.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        var target = time.UtcTicks;
        // Fast path for replay: no timers, only the time moves.
        if (Volatile.Read(ref _timerCount) == 0)
        {
            if (target > Interlocked.Read(ref _utcTicks)) Interlocked.Exchange(ref _utcTicks, target);
            if (Volatile.Read(ref _timerCount) == 0) return;
        }
        while (true)
        {
            ClockTimer? next = null;
            lock (_gate)
            {
                foreach (var t in _timers)
                    if (t.Due <= target && (next is null || t.Due < next.Due)) next = t;
                if (next is not null)
                {
                    if (next.Due > Interlocked.Read(ref _utcTicks)) Interlocked.Exchange(ref _utcTicks, next.Due);
                    if (next.Period > 0) next.Due += next.Period;
                    else { _timers.Remove(next); _timerCount = _timers.Count; }
                }
            }
            if (next is null) break;
            next.Callback(next.State);
        }
        if (target > Interlocked.Read(ref _utcTicks)) Interlocked.Exchange(ref _utcTicks, target);
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => AdvanceTo(GetUtcNow() + delta);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ClockTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ClockTimer(ReplayClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due;
        public long Period;
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                clock._timerCount = clock._timers.Count;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = Interlocked.Read(ref clock._utcTicks) + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
                clock._timers.Add(this);
                clock._timerCount = clock._timers.Count;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                clock._timerCount = clock._timers.Count;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
