using Pulse.Sdk.Events;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

/// <summary>A server with a subscriber secret serves only subscribers that send it (docs/protocol.md, "Subscribers").</summary>
public sealed class SubscriberSecretTests
{
    private const string Secret = "a-secret-of-sufficient-length";

    [Fact]
    public async Task Without_the_secret_a_subscriber_gets_unauthorized_and_nothing_else_and_with_it_the_events()
    {
        using var metrics = new FeedMetricsRecorder();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { Name = "guarded", SubscriberSecret = Secret });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(10));
        await WaitUntilAsync(() => server.NewestOffset == 10);

        foreach (var secret in new[] { null, "a-wrong-secret-of-the-same-length" })
        {
            await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
            var hello = FeedFrameCodec.EncodeHello("intruder", [], [], [], 0, null, secret: secret);
            await peer.SendAsync(hello);
            var answer = await peer.ReadLineAsync();
            Assert.Contains("\"type\":\"error\"", answer);
            Assert.Contains("\"code\":\"unauthorized\"", answer);
            Assert.DoesNotContain(Secret, answer);
            Assert.True(await peer.ReadUntilClosedAsync(), "the server did not close the connection");
        }
        Assert.Equal(0, server.ReceiverCount);

        using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 0, Secret = Secret });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seqs = new List<long>();
        await foreach (var e in client.ReadAllAsync(cts.Token))
        {
            seqs.Add(e.Seq);
            if (seqs.Count == 10) break;
        }
        Assert.Equal(SimEvents.Take(10).Select(e => e.Seq), seqs);
        Assert.Equal(2, metrics.Sum("pulse.feed.frames.rejected", ("connection", "guarded/receivers"), ("reason", "unauthorized")));
    }

    [Fact]
    public async Task A_client_with_a_wrong_secret_stops_with_a_message_instead_of_retrying_for_ever()
    {
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { SubscriberSecret = Secret });
        server.Start(Loopback);
        using var client = new FeedClient(ClientOptions(server) with { Secret = "not-the-right-one-at-all" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.ReadAllAsync()) { }
        });
        Assert.Contains("unauthorized", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public void A_short_secret_is_refused_with_what_to_set() =>
        Assert.Contains("at least 16 characters", Assert.Throws<ArgumentException>(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { SubscriberSecret = "short" }.Validate(), "options")).Message);
}
