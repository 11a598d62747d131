using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Hep.Tests.Support;

namespace Pulse.Sdk.Hep.Tests;

/// <summary>The HEP source logs what it rejects beside OnRejected and the metrics (docs/hep.md, "Logging").</summary>
public sealed class HepLoggingTests
{
    [Fact]
    public async Task A_packet_that_is_not_hep_is_a_warning_naming_its_sender_and_the_listener()
    {
        var logger = new FakeLogger<HepEventSource>();
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var source = new HepEventSource(new EngineHarness().Provider, new HepSourceOptions
        {
            Dialogs = new SipDialogTrackerOptions { Tenant = "t1" }, UdpEndpoints = [loopback], TcpEndpoints = [loopback], AuthKey = "the-auth-key",
        }, logger: logger);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in source.ReadAllAsync(cts.Token)) { }
        });
        await source.Listening.WaitAsync(cts.Token);

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(loopback);
        await sender.SendToAsync("not a HEP packet"u8.ToArray(), source.UdpLocalEndpoints[0]);
        await Eventually.UntilAsync(() => logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1), "the rejected packet logged");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        var record = logger.Collector.GetSnapshot().Single(r => r.Id.Id == 1);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains(sender.LocalEndPoint!.ToString()!, record.Message, StringComparison.Ordinal);
        Assert.Contains(source.UdpLocalEndpoints[0].ToString(), record.Message, StringComparison.Ordinal);
        Assert.Equal(1, source.RejectedCount);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 2 && r.Level == LogLevel.Information);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Message.Contains("the-auth-key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flood_of_bad_packets_is_one_warning_a_second_and_the_rest_at_debug()
    {
        var logger = new FakeLogger<HepEventSource>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var source = new HepEventSource(new EngineHarness().Provider, new HepSourceOptions
        {
            Dialogs = new SipDialogTrackerOptions { Tenant = "t1", TimeProvider = clock },
        }, logger: logger);
        var sender = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 9060);
        byte[] garbage = [.. "not a HEP packet"u8];

        source.Decode(garbage, "hep-udp:test", out _, sender);
        source.Decode(garbage, "hep-udp:test", out _, sender);
        clock.Advance(TimeSpan.FromSeconds(1));
        source.Decode(garbage, "hep-udp:test", out _, sender);

        var levels = logger.Collector.GetSnapshot().Select(r => (r.Id.Id, r.Level)).ToList();
        Assert.Equal([(1, LogLevel.Warning), (5, LogLevel.Debug), (1, LogLevel.Warning)], levels);
        Assert.Equal(3, source.RejectedCount);
        Assert.Contains("192.0.2.7:9060", logger.LatestRecord.Message, StringComparison.Ordinal);
    }
}
