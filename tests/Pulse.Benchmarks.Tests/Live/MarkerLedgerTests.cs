using System.Diagnostics;
using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Tests.Live;

public sealed class MarkerLedgerTests
{
    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void A_value_stamps_every_marker_it_carries_and_counts_the_coalesced_ones()
    {
        var ledger = new MarkerLedger(capacity: 10, clients: 2);
        for (var k = 0; k < 4; k++) Assert.True(ledger.TryIngest(Ms(10 * k + 1)));  // markers 0..3 at 1, 11, 21, 31 ms

        ledger.Receive(0, value: 1, Ms(5));    // marker 0
        ledger.Receive(0, value: 3, Ms(30));   // markers 1 and 2 (1 superseded by 2)
        ledger.Receive(0, value: 2, Ms(40));   // an older value changes nothing
        ledger.Receive(1, value: 4, Ms(50));   // client 1: markers 0..3 at once (3 superseded)
        var all = ledger.Collect(0, 4);

        Assert.Equal(3, ledger.Held(0));
        Assert.Equal(4, ledger.Held(1));
        Assert.Equal(1, all.Missed); // marker 3 never reached client 0
        Assert.Equal(4, all.Superseded);
        Assert.Equal([4, 19, 9, 49, 39, 29, 19], all.LatenciesMs.Select(l => Math.Round(l, 6)));
    }

    [Fact]
    public void A_window_counts_only_its_markers_and_a_full_ledger_takes_no_more()
    {
        var ledger = new MarkerLedger(capacity: 3, clients: 1);
        for (var k = 0; k < 3; k++) Assert.True(ledger.TryIngest(Ms(k)));
        Assert.False(ledger.TryIngest(Ms(3)));
        ledger.Receive(0, value: 100, Ms(10)); // beyond the ledger: stamps what it holds

        var window = ledger.Collect(1, 3);

        Assert.Equal(3, ledger.Count);
        Assert.Equal(0, window.Missed);
        Assert.Equal([9, 8], window.LatenciesMs.Select(l => Math.Round(l, 6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Collect(0, 4));
    }

    [Fact]
    public void What_a_client_process_received_moves_to_the_ledger_of_the_ingesting_process()
    {
        // The client process and the generator share only the wall clock: UTC ticks.
        var clients = new MarkerLedger(capacity: 4, clients: 2, wallClock: true);
        var generator = new MarkerLedger(capacity: 4, clients: 2, wallClock: true);
        Assert.Equal(TimeSpan.TicksPerSecond, generator.Frequency);
        var t0 = generator.Now();
        Assert.InRange(t0, DateTime.UtcNow.Ticks - TimeSpan.TicksPerMinute, DateTime.UtcNow.Ticks + TimeSpan.TicksPerMinute);
        for (var k = 0; k < 3; k++) Assert.True(generator.TryIngest(t0 + k * TimeSpan.TicksPerMillisecond * 10));
        clients.Receive(0, value: 2, t0 + TimeSpan.TicksPerMillisecond * 15); // markers 0 and 1 (0 superseded)
        clients.Receive(1, value: 3, t0 + TimeSpan.TicksPerMillisecond * 40); // markers 0..2

        using var file = new MemoryStream();
        clients.WriteReceived(file);
        file.Position = 0;
        generator.ReadReceived(file);
        var all = generator.Collect(0, 3);

        Assert.Equal(2, generator.Held(0));
        Assert.Equal(3, generator.Held(1));
        Assert.Equal(1, all.Missed);
        Assert.Equal(3, all.Superseded);
        Assert.Equal([15, 5, 40, 30, 20], all.LatenciesMs.Select(l => Math.Round(l, 6)));
        file.Position = 0;
        Assert.Throws<InvalidDataException>(() => new MarkerLedger(capacity: 5, clients: 2, wallClock: true).ReadReceived(file));
    }
}
