using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Tests.Engine;

public class ReplayClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Never_goes_backwards_and_timestamps_follow_the_replayed_time()
    {
        var clock = new ReplayClock(T0);
        var start = clock.GetTimestamp();
        clock.AdvanceTo(T0.AddSeconds(30));
        clock.AdvanceTo(T0.AddSeconds(10)); // earlier: ignored
        Assert.Equal(T0.AddSeconds(30), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(30), clock.GetElapsedTime(start));
    }

    [Fact]
    public void Timers_fire_in_due_order_at_their_due_time_while_advancing()
    {
        var clock = new ReplayClock(T0);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var once = clock.CreateTimer(_ => fired.Add(("once", clock.GetUtcNow())), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var every = clock.CreateTimer(_ => fired.Add(("every", clock.GetUtcNow())), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        clock.AdvanceTo(T0.AddSeconds(7));
        Assert.Equal(
            [("every", T0.AddSeconds(2)), ("every", T0.AddSeconds(4)), ("once", T0.AddSeconds(5)), ("every", T0.AddSeconds(6))],
            fired);
        every.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, fired.Count);
    }

    [Fact]
    public async Task Task_delay_on_the_clock_completes_only_when_advanced()
    {
        var clock = new ReplayClock(T0);
        var delay = Task.Delay(TimeSpan.FromSeconds(3), clock); // on the fake clock: the delay under test, no real time passes
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }
}
