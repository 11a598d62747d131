using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

/// <summary>The feed logs its faults beside its callbacks and metrics (docs/protocol.md, "Logging").</summary>
public sealed class FeedLoggingTests
{
    private const string Secret = "a-secret-of-sufficient-length";

    [Fact]
    public async Task A_refused_subscriber_is_a_warning_naming_its_address_and_never_the_secret()
    {
        var logger = new FakeLogger<FeedServer>();
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { Name = "guarded", SubscriberSecret = Secret }, logger);
        server.Start(Loopback);

        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        // The peer's own socket is dual-mode ([::ffff:127.0.0.1]:port); the server names it by its IPv4 address.
        var address = $"127.0.0.1:{((IPEndPoint)peer.Socket.LocalEndPoint!).Port}";
        await peer.SendAsync(FeedFrameCodec.EncodeHello("intruder", [], [], [], 0, null, secret: "a-wrong-secret-of-the-same-length"));
        Assert.True(await peer.ReadUntilClosedAsync(), "the server did not close the connection");
        await WaitUntilAsync(() => logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1), what: "the rejection logged");

        var record = logger.Collector.GetSnapshot().Single(r => r.Id.Id == 1);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("guarded", record.Message, StringComparison.Ordinal);
        Assert.Contains("unauthorized", record.Message, StringComparison.Ordinal);
        Assert.Contains(address, record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Message.Contains("secret-of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_cannot_connect_warns_once_then_logs_the_retries_at_debug()
    {
        var logger = new FakeLogger<FeedClient>();
        using var client = new FeedClient(new FeedClientOptions
        {
            Port = FreePort(), Name = "nobody-there", InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20), RandomSeed = 1,
        }, logger);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in client.ReadAllAsync(cts.Token)) { }
        });

        await WaitUntilAsync(() => logger.Collector.GetSnapshot().Count(r => r.Id.Id is 21 or 22) >= 3, what: "three failed connections logged");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        var failures = logger.Collector.GetSnapshot().Where(r => r.Id.Id is 21 or 22).ToList();
        Assert.Equal(LogLevel.Warning, failures[0].Level);
        Assert.Equal(21, failures[0].Id.Id);
        Assert.All(failures.Skip(1), r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.Contains("nobody-there", failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_certificate_is_a_warning_at_every_attempt_naming_the_server_and_the_cause()
    {
        var ca = TestCertificates.CreateCa("logging-test-ca");
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { Name = "tls-log", Certificate = TestCertificates.IssueServer(ca) });
        server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var logger = new FakeLogger<FeedClient>();
        using var client = new FeedClient(new FeedClientOptions
        {
            Port = server.LocalEndPoint!.Port, Name = "untrusting", InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20),
            RandomSeed = 1, Tls = TestCertificates.Trusting(TestCertificates.CreateCa("another-ca")),
        }, logger);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in client.ReadAllAsync(cts.Token)) { }
        });

        await WaitUntilAsync(() => logger.Collector.GetSnapshot().Count(r => r.Id.Id == 26) >= 3, what: "three refused certificates logged");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        var refusals = logger.Collector.GetSnapshot().Where(r => r.Id.Id is 21 or 22 or 26).ToList();
        Assert.All(refusals, r => Assert.Equal(26, r.Id.Id));
        Assert.All(refusals, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Contains($"127.0.0.1:{server.LocalEndPoint.Port}", refusals[^1].Message, StringComparison.Ordinal);
        Assert.Contains("RemoteCertificateChainErrors", refusals[^1].Message, StringComparison.Ordinal);
    }
}
