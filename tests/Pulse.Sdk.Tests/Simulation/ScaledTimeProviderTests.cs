using Pulse.Sdk.Simulation;
using Pulse.Sdk.Tests.Support;

namespace Pulse.Sdk.Tests.Simulation;

public class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Runs_speed_times_faster_from_its_origin()
    {
        var wall = new FakeTimeProvider(Start.AddHours(5));
        var clock = new ScaledTimeProvider(wall, Start, 20);

        wall.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(Start.AddSeconds(60), clock.GetUtcNow());
        var mark = clock.GetTimestamp();
        wall.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(20), clock.GetElapsedTime(mark));
    }

    [Fact]
    public void Anchored_clocks_created_at_different_moments_read_the_same_time()
    {
        var wall = new FakeTimeProvider(Start.AddSeconds(10));
        var early = ScaledTimeProvider.AnchoredAt(wall, Start, 50);
        Assert.Equal(Start.AddSeconds(500), early.GetUtcNow()); // (wall - anchor) × speed after the anchor

        wall.Advance(TimeSpan.FromSeconds(7));
        var late = ScaledTimeProvider.AnchoredAt(wall, Start, 50);
        wall.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Start.AddSeconds(18 * 50), early.GetUtcNow());
        Assert.Equal(early.GetUtcNow(), late.GetUtcNow());
    }

    [Fact]
    public void An_anchor_in_the_future_reads_before_it()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = ScaledTimeProvider.AnchoredAt(wall, Start.AddSeconds(2), 10);
        Assert.Equal(Start.AddSeconds(2 - 20), clock.GetUtcNow());
    }

    [Fact]
    public async Task Timers_fire_after_their_due_time_divided_by_the_speed()
    {
        var wall = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(wall, Start, 10);
        var delay = Task.Delay(TimeSpan.FromSeconds(30), clock); // on the fake clock: the delay under test, no real time passes

        wall.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(delay.IsCompleted);
        wall.Advance(TimeSpan.FromSeconds(0.1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Speed_must_be_positive_and_finite(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(TimeProvider.System, Start, speed));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaledTimeProvider.AnchoredAt(TimeProvider.System, Start, speed));
    }
}
