namespace Pulse.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts its timers. FakeTimeProvider exposes none, and a test that
/// advances the clock before the component (on another thread) has armed its timer would skip that timer.
/// </summary>
public sealed class CountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _created;
    private int _scheduled;

    public CountingTimeProvider()
        : this(TestTime.Start)
    {
    }

    /// <summary>Timers created so far, disposed or not.</summary>
    public int CreatedTimers
    {
        get { lock (_lock) return _created; }
    }

    /// <summary>Timers scheduled to fire (created or changed with a finite due time, not yet fired or disposed).</summary>
    public int ScheduledTimers
    {
        get { lock (_lock) return _scheduled; }
    }

    /// <summary>Completes as soon as at least one timer is scheduled (at once if one already is).</summary>
    public Task WaitForScheduledTimerAsync()
    {
        lock (_lock)
        {
            if (_scheduled > 0) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(tcs);
            return tcs.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock) _created++;
        var timer = new CountedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static s => ((CountedTimer)s!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// After the inner timer was changed: counts the timer in (and wakes the waiters) or out. A timer is counted only once
    /// armed, so a test that sees it and advances the clock at once cannot get ahead of it (the timer would never fire).
    /// </summary>
    private void Armed(CountedTimer timer, bool scheduled)
    {
        List<TaskCompletionSource>? release = null;
        lock (_lock)
        {
            // A one-shot timer that fired inside its own Change (a zero due time) is not scheduled any more.
            if (!timer.Arming) return;
            timer.Arming = false;
            Count(timer, scheduled);
            if (scheduled && _waiters.Count > 0)
            {
                release = [.. _waiters];
                _waiters.Clear();
            }
        }

        release?.ForEach(w => w.TrySetResult());
    }

    /// <summary>A one-shot timer fired or a timer was disposed: it is not scheduled any more.</summary>
    private void Done(CountedTimer timer)
    {
        lock (_lock)
        {
            timer.Arming = false;
            Count(timer, false);
        }
    }

    private void Count(CountedTimer timer, bool scheduled)
    {
        if (timer.Scheduled == scheduled) return;
        timer.Scheduled = scheduled;
        _scheduled += scheduled ? 1 : -1;
    }

    private void Arming(CountedTimer timer)
    {
        lock (_lock) timer.Arming = true;
    }

    private sealed class CountedTimer(CountingTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _periodic;
        private bool _disposed;

        public ITimer Inner { get; set; } = null!;

        /// <summary>Counted in <see cref="ScheduledTimers"/>; under the owner's lock.</summary>
        public bool Scheduled { get; set; }

        /// <summary>Between the start and the end of a <see cref="Change"/>; under the owner's lock.</summary>
        public bool Arming { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed) return false;
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            owner.Arming(this);
            var changed = Inner.Change(dueTime, period);
            owner.Armed(this, dueTime != Timeout.InfiniteTimeSpan);
            return changed;
        }

        public void Fire()
        {
            if (!_periodic) owner.Done(this);
            callback(state);
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Done(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
