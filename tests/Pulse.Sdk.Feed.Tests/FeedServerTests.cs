using System.Collections.Concurrent;
using System.Text.Json;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

public sealed class FeedServerTests
{
    private static string Hello(long? resumeFrom = null, string extra = "") =>
        $"{{\"type\":\"hello\",\"version\":1,\"clientId\":\"raw\",\"tenants\":[],\"sources\":[],\"dns\":[],\"resumeFrom\":{(resumeFrom is { } r ? r.ToString() : "null")}{extra}}}\n";

    /// <summary>
    /// Connects a <see cref="FeedClient"/> ("fast") and publishes <paramref name="events"/> in chunks, paced like a live
    /// upstream it keeps up with (never more than 1,000 frames ahead of it, whatever the load of the machine).
    /// </summary>
    /// <returns>The offsets it read, in order.</returns>
    private static async Task<List<long>> PublishPacedToAFastReaderAsync(FeedServer server, ManualEventSource source, IReadOnlyList<PulseEvent> events, int chunk)
    {
        int receiversBefore = server.ReceiverCount;
        using var client = new FeedClient(ClientOptions(server, "fast"));
        var received = new List<long>();
        var count = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reading = Task.Run(async () =>
        {
            await foreach (var e in client.ReadAllAsync(cts.Token))
            {
                received.Add(client.LastOffset!.Value);
                Interlocked.Increment(ref count);
                if (received.Count == events.Count) return;
            }
        });
        await WaitUntilAsync(() => server.ReceiverCount == receiversBefore + 1, what: "fast receiver registered");

        for (int i = 0; i < events.Count; i += chunk)
        {
            source.AddRange(events.Skip(i).Take(chunk));
            var sent = i + chunk;
            await WaitUntilAsync(() => Volatile.Read(ref count) >= sent - 1000, timeoutMs: 30_000, what: "the fast receiver keeps up");
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(60));
        return received;
    }

    [Fact]
    public async Task Handshake_then_events_with_strictly_increasing_offsets()
    {
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { StreamId = "s1" });
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync(Hello());
        var welcome = JsonDocument.Parse(await peer.ReadFrameAsync("welcome")).RootElement;
        Assert.Equal("s1", welcome.GetProperty("streamId").GetString());
        Assert.Equal(0, welcome.GetProperty("newest").GetInt64());

        source.AddRange(SimEvents.Take(100));
        for (int i = 1; i <= 100; i++)
        {
            var frame = JsonDocument.Parse(await peer.ReadFrameAsync("event")).RootElement;
            Assert.Equal(i, frame.GetProperty("offset").GetInt64());
            Assert.Equal(SimEvents[i - 1].Seq, frame.GetProperty("event").GetProperty("seq").GetInt64());
        }
    }

    [Fact]
    public async Task Resume_gives_everything_after_the_offset_and_an_old_offset_gets_resync_required()
    {
        var source = new ManualEventSource();
        // A short handshake timeout: an offset ahead of the newest is given that long to be reached (a restarted
        // server catching up) before resync_required.
        await using var server = new FeedServer(source, new FeedServerOptions { StreamId = "s1", RingCapacity = 64, ReceiverQueueCapacity = 64, HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(100));
        await WaitUntilAsync(() => server.NewestOffset == 100);

        await using (var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!))
        {
            await peer.SendAsync(Hello(60, ",\"streamId\":\"s1\""));
            var welcome = JsonDocument.Parse(await peer.ReadFrameAsync("welcome")).RootElement;
            Assert.Equal(37, welcome.GetProperty("oldest").GetInt64());
            Assert.Equal(100, welcome.GetProperty("newest").GetInt64());
            for (int i = 61; i <= 100; i++) Assert.Equal(i, JsonDocument.Parse(await peer.ReadFrameAsync("event")).RootElement.GetProperty("offset").GetInt64());
        }

        foreach (var (resume, stream) in new[] { (10L, "s1"), (500L, "s1"), (80L, "other") })
        {
            await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
            await peer.SendAsync(Hello(resume, $",\"streamId\":\"{stream}\""));
            var error = JsonDocument.Parse(await peer.ReadFrameAsync("error")).RootElement;
            Assert.Equal("resync_required", error.GetProperty("code").GetString());
            Assert.Contains("resumeFrom null", error.GetProperty("message").GetString());
            Assert.Null(await peer.ReadLineAsync()); // closed
        }
    }

    [Theory]
    [InlineData("{\"type\":\"hello\",\"version\":2,\"clientId\":\"x\"}\n", "unsupported_version")]
    [InlineData("{\"type\":\"ping\"}\n", "bad_hello")]
    [InlineData("not json at all\n", "bad_hello")]
    [InlineData("{\"type\":\"hello\",\"version\":1,\"sources\":[\"fax\"]}\n", "bad_hello")]
    public async Task A_bad_hello_is_answered_with_an_error(string hello, string code)
    {
        await using var server = new FeedServer(new ManualEventSource());
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync(hello);
        var error = JsonDocument.Parse(await peer.ReadFrameAsync("error")).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Filters_by_tenant_source_and_registered_dns()
    {
        var source = new ManualEventSource();
        await using var server = new FeedServer(source);
        server.Start(Loopback);
        var sample = SimEvents.Take(3000).ToList();
        string dn = sample.First(e => e.Type == PulseEventType.Queued).Dn!;
        var wanted = sample.Where(e => e.Source == EventSourceKind.Voice && (e.Dn == dn || e.OtherDn == dn || e.ThirdPartyDn == dn || (e.Dn is null && e.OtherDn is null && e.ThirdPartyDn is null && e.ConnId is null && e.InteractionId is null && e.Agent is not null))).ToList();
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync($"{{\"type\":\"hello\",\"version\":1,\"clientId\":\"f\",\"tenants\":[\"{sample[0].Tenant}\"],\"sources\":[\"voice\"],\"dns\":[\"{dn}\"],\"resumeFrom\":null}}\n");
        await peer.ReadFrameAsync("welcome");
        Assert.Equal(1, server.CountRegisteredDns());
        source.AddRange(sample);
        source.Add(sample[0] with { Tenant = "someone-else", Seq = 999_999 });
        foreach (var expected in wanted)
        {
            var evt = JsonDocument.Parse(await peer.ReadFrameAsync("event")).RootElement.GetProperty("event");
            Assert.Equal(expected.Seq, evt.GetProperty("seq").GetInt64());
            Assert.Equal("voice", evt.GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task A_stalled_receiver_does_not_delay_a_fast_one_and_is_dropped_as_slow_consumer()
    {
        var dropped = new ConcurrentQueue<FeedReceiverDisconnected>();
        var events = SimEvents.Take(20_000).ToList();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { RingCapacity = 32 * 1024, ReceiverQueueCapacity = 2048, OnReceiverDisconnected = dropped.Enqueue });
        server.Start(Loopback);

        await using var stalled = await RawPeer.ConnectAsync(server.LocalEndPoint!, receiveBuffer: 4096);
        await stalled.SendAsync(Hello().Replace("\"raw\"", "\"stalled\""));
        await stalled.ReadFrameAsync("welcome"); // then never reads again

        // In total far more than the stalled one may lag.
        var received = await PublishPacedToAFastReaderAsync(server, source, events, chunk: 500);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), received);
        await WaitUntilAsync(() => dropped.Any(d => d.ClientId == "stalled"), what: "stalled receiver dropped");
        Assert.Equal(FeedProtocol.SlowConsumer, dropped.First(d => d.ClientId == "stalled").Reason);
        Assert.DoesNotContain(dropped, d => d.ClientId == "fast" && d.Reason == FeedProtocol.SlowConsumer);
    }

    [Fact]
    public async Task A_receiver_that_pings_but_never_reads_is_closed_as_slow_consumer_while_a_fast_one_gets_everything_in_order()
    {
        const string name = "stuck-reader-test";
        using var metrics = new FeedMetricsRecorder();
        var dropped = new ConcurrentQueue<FeedReceiverDisconnected>();
        // Fewer events than ReceiverQueueCapacity (8,192), so only the unsent-bytes rule can catch the stuck
        // receiver, and more bytes (about 1.7 MB) than its bound and the kernel buffers hold.
        var events = SimEvents.Take(7000).ToList();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions
        {
            Name = name,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            SlowConsumerBytes = 64 * 1024,
            SendBufferSize = 32 * 1024,
            OnReceiverDisconnected = dropped.Enqueue,
        });
        server.Start(Loopback);

        // The system's receive buffer, as an attacker's: with a 4 KiB one Linux soon stops sending its pings too, and
        // the server drops it for silence instead.
        await using var stuck = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await stuck.SendAsync(Hello().Replace("\"raw\"", "\"stuck\""));
        using var stopPinging = new CancellationTokenSource();
        var pinging = Task.Run(() => stuck.PingUntilClosedAsync(TimeSpan.FromMilliseconds(50), stopPinging.Token)); // heard from, never reads
        await WaitUntilAsync(() => server.ReceiverCount == 1, what: "stuck receiver registered");

        var received = await PublishPacedToAFastReaderAsync(server, source, events, chunk: 250);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), received);
        await WaitUntilAsync(() => dropped.Any(d => d.ClientId == "stuck"), timeoutMs: 15_000, what: "stuck receiver dropped");
        Assert.Equal(FeedProtocol.SlowConsumer, dropped.First(d => d.ClientId == "stuck").Reason);
        Assert.DoesNotContain(server.Receivers, r => r.ClientId == "stuck");
        Assert.True(await stuck.ReadUntilClosedAsync(), "the stuck receiver's connection is closed");
        await stopPinging.CancelAsync();
        await pinging;
        Assert.DoesNotContain(dropped, d => d.ClientId == "fast" && d.Reason != "peer_bye"); // it says bye once it has read everything
        Assert.Equal(1, metrics.Sum("pulse.feed.server.disconnects", ("server", name), ("reason", FeedProtocol.SlowConsumer)));
    }

    [Fact]
    public async Task Accepted_sockets_get_the_configured_send_buffer()
    {
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { SendBufferSize = 48 * 1024 });
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync(Hello());
        await peer.ReadFrameAsync("welcome");
        await WaitUntilAsync(() => server.ReceiverCount == 1);

        // Linux reserves twice the size asked for (and reports that); other systems report the size itself.
        Assert.InRange(server.Receivers.Single().SocketSendBufferSize, 48 * 1024, 2 * 48 * 1024);
    }

    [Fact]
    public async Task Metric_labels_stay_bounded_whatever_the_number_of_connections_sending_garbage()
    {
        const string name = "garbage-labels-test";
        using var metrics = new FeedMetricsRecorder();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { Name = name });
        server.Start(Loopback);

        // Each connection comes from a new ephemeral port: a bad hello, or a hello followed by garbage and a frame
        // cut by the close. Four rejected frames per pair of connections.
        async Task ConnectAndSendGarbageAsync(int i)
        {
            await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
            if (i % 2 == 0)
            {
                await peer.SendAsync("not a hello\n");
                await peer.ReadFrameAsync("error");
                return;
            }

            await peer.SendAsync(Hello().Replace("\"raw\"", $"\"client-{i}\""));
            await peer.ReadFrameAsync("welcome");
            await peer.SendAsync("not json\n{\"type\":\"mystery\"}\n{\"type\":");
        }

        async Task<IReadOnlyList<string>> SeriesAfterAsync(int connections, int from)
        {
            for (int i = from; i < from + connections; i++) await ConnectAndSendGarbageAsync(i);
            long rejected = 2L * (from + connections);
            await WaitUntilAsync(() => server.RejectedCount == rejected && server.ReceiverCount == 0, what: $"{rejected} frames rejected");
            return metrics.Series(name);
        }

        var first = await SeriesAfterAsync(20, 0);
        Assert.Contains(first, s => s.StartsWith("pulse.feed.frames.rejected{", StringComparison.Ordinal));
        Assert.Contains(first, s => s.StartsWith("pulse.feed.server.disconnects{", StringComparison.Ordinal));
        var after = await SeriesAfterAsync(100, 20);
        Assert.Equal(first, after);
        Assert.DoesNotContain(after, s => s.Contains("127.0.0.1", StringComparison.Ordinal) || s.Contains("client-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silent_receiver_is_dropped_after_three_heartbeat_intervals_of_a_fake_clock()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        var dropped = new ConcurrentQueue<FeedReceiverDisconnected>();
        await using var server = new FeedServer(new ManualEventSource(), new FeedServerOptions { TimeProvider = time, HeartbeatInterval = TimeSpan.FromSeconds(5), OnReceiverDisconnected = dropped.Enqueue });
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync(Hello());
        await peer.ReadFrameAsync("welcome");

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("{\"type\":\"ping\"}", await peer.ReadLineAsync());
        await peer.SendAsync("{\"type\":\"pong\"}\n");
        // The silence counts from the pong only once the receiver has read it at the clock's time (before the next Advance).
        await WaitUntilAsync(() => server.Receivers.Single().LastHeard == time.GetTimestamp(), what: "the server to read the pong");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(dropped);
        time.Advance(TimeSpan.FromSeconds(10)); // 20 s of silence since the pong > 15 s
        var bye = await peer.ReadFrameAsync("bye");
        Assert.Contains("heartbeat_timeout", bye);
        await WaitUntilAsync(() => !dropped.IsEmpty);
        Assert.Equal(FeedProtocol.HeartbeatTimeout, dropped.Single().Reason);
    }

    [Fact]
    public async Task Garbage_from_a_client_after_the_handshake_is_counted_and_the_connection_keeps_serving()
    {
        var rejected = new ConcurrentQueue<EventRejectedException>();
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { MaxLineBytes = 1024, OnRejected = rejected.Enqueue });
        server.Start(Loopback);
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint!);
        await peer.SendAsync(Hello());
        await peer.ReadFrameAsync("welcome");
        var random = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            for (int j = 0; j < junk.Length; j++) if (junk[j] == (byte)'\n') junk[j] = (byte)'x';
            await peer.SendAsync([.. junk, (byte)'\n']);
        }

        await peer.SendAsync(new string('a', 5000) + "\n{\"type\":\"mystery\"}\n{\"type\":\"error\",\"code\":\"x\"}\n{\"type\":\"ping\"}\n");
        source.AddRange(SimEvents.Take(10));
        for (int i = 1; i <= 10; i++) Assert.Equal(i, JsonDocument.Parse(await peer.ReadFrameAsync("event")).RootElement.GetProperty("offset").GetInt64());
        await WaitUntilAsync(() => rejected.Any(r => r.Reason.StartsWith("unexpected_frame", StringComparison.Ordinal)), what: "unexpected_frame");
        Assert.Contains(rejected, r => r.Reason.StartsWith("line_too_long", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.Reason.StartsWith("unknown_frame", StringComparison.Ordinal));
        Assert.Equal(1, server.ReceiverCount);
    }

    [Fact]
    public void Options_are_validated_with_messages_that_say_what_to_set()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FeedServer(new ManualEventSource(), new FeedServerOptions { RingCapacity = 1000 }));
        Assert.Contains("RingCapacity", ex.Message);
        Assert.Contains("power of two", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new FeedServer(new ManualEventSource(), new FeedServerOptions { RingCapacity = 1024, ReceiverQueueCapacity = 4096 }));
        Assert.Contains("ReceiverQueueCapacity", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new FeedServer(new ManualEventSource(), new FeedServerOptions { SlowConsumerBytes = 100 }));
        Assert.Contains("SlowConsumerBytes", ex.Message);
        Assert.Contains("4,096", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new FeedServer(new ManualEventSource(), new FeedServerOptions { SendBufferSize = 1024 }));
        Assert.Contains("SendBufferSize", ex.Message);
        Assert.Contains("0 for the system's default", ex.Message);
    }
}
