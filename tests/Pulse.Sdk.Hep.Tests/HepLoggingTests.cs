using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
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
        while (!logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1)) await Task.Delay(10, cts.Token);
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
}
