using Pulse.Sdk.Service.Live;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>The deadline of live sends, on the service's clock: a send running longer than the timeout is cancelled within a quarter more.</summary>
public sealed class SendDeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_send_that_outlasts_the_timeout_is_cancelled_and_finished_sends_are_not()
    {
        var clock = new FakeTimeProvider(TestTime.Start);
        await using var deadline = new SendDeadline(clock, Timeout, CancellationToken.None);

        var first = deadline.Start();
        clock.Advance(TimeSpan.FromSeconds(29));
        deadline.Stop();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(first.IsCancellationRequested);

        var second = deadline.Start();
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(second.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(9)); // 38 s: past the timeout and the next check (every 7.5 s)
        Assert.True(second.IsCancellationRequested);
    }

    [Fact]
    public async Task The_connection_ending_cancels_the_send_in_progress()
    {
        var clock = new FakeTimeProvider(TestTime.Start);
        using var connection = new CancellationTokenSource();
        await using var deadline = new SendDeadline(clock, Timeout, connection.Token);

        var send = deadline.Start();
        await connection.CancelAsync();

        Assert.True(send.IsCancellationRequested);
    }
}
