using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

/// <summary>
/// The push direction (docs/protocol.md, "Push direction (the upstream connects)"): the server dials a listening client
/// (<see cref="FeedServerOptions.PushTo"/>, <see cref="FeedClientOptions.Listen"/>); the protocol on the connection is the same.
/// </summary>
public sealed class PushDirectionTests
{
    private const string Secret = "a-push-secret-of-sufficient-length";
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("push-test-ca");
    private static readonly X509Certificate2 ServerCertificate = TestCertificates.IssueServer(Ca);

    private static IEnumerable<long> Offsets(int from, int count) => Enumerable.Range(from, count).Select(i => (long)i);

    [Fact]
    public async Task A_server_pushing_to_a_listening_client_delivers_every_event_with_the_offsets_of_the_dial_direction()
    {
        using var metrics = new FeedMetricsRecorder();
        var events = SimEvents.Take(3_000).ToList();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var dialSource = new ManualEventSource();
        dialSource.AddRange(events);
        await using var dialServer = new FeedServer(dialSource, new FeedServerOptions { Name = "dial-direction" });
        dialServer.Start(Loopback);
        using var dialling = new FeedClient(ClientOptions(dialServer, "dialling") with { ResumeFrom = 0 });
        var dialled = await ReadAsync(dialling, events.Count, cts.Token);

        var port = FreePort();
        var pushSource = new ManualEventSource();
        pushSource.AddRange(events);
        await using var pushServer = new FeedServer(pushSource, PushOptions("push-direction", port));
        pushServer.Start();
        using var listening = new FeedClient(ListenOptions(port, "listening") with { ResumeFrom = 0 });
        FeedPushStatus? whileConnected = null;
        long connectedGauge = 0;
        var pushed = await ReadAsync(listening, events.Count, cts.Token, each: n =>
        {
            if (n < events.Count) return;
            whileConnected = Assert.Single(pushServer.PushTargets);
            connectedGauge = metrics.Sum("pulse.feed.server.push.connected", ("server", "push-direction"), ("target", $"127.0.0.1:{port}"));
        });

        Assert.Equal(events.Select(Encoded), dialled.Events);
        Assert.Equal(dialled.Events, pushed.Events);
        Assert.Equal(dialled.Offsets, pushed.Offsets);
        Assert.Equal(Offsets(1, events.Count), pushed.Offsets);
        Assert.Null(pushServer.LocalEndPoint);
        Assert.Equal(new DnsEndPoint("127.0.0.1", port), whileConnected!.Target);
        Assert.True(whileConnected.Connected);
        Assert.Equal(1, whileConnected.Connections);
        Assert.Null(whileConnected.RetryDelay);
        Assert.Equal(1, connectedGauge);
        Assert.Equal(events.Count, pushServer.FramesSent);
    }

    [Fact]
    public async Task A_listening_client_started_again_on_its_port_resumes_after_its_last_offset_with_no_gap_and_no_duplicate()
    {
        var port = FreePort();
        var events = SimEvents.Take(4_000).ToList();
        var source = new ManualEventSource();
        source.AddRange(events.Take(2_500));
        await using var server = new FeedServer(source, PushOptions("push-restart", port));
        server.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        (List<string> Events, List<long> Offsets) before;
        long last;
        string streamId;
        using (var client = new FeedClient(ListenOptions(port, "push-restart-1") with { ResumeFrom = 0 }))
        {
            before = await ReadAsync(client, 1_500, cts.Token);
            last = client.LastOffset!.Value;
            streamId = client.StreamId!;
        }

        // The client is gone: the server dials in vain meanwhile, and more events come. A dial that raced the closing
        // listener may first connect and be cut before the welcome; the port then refuses.
        await WaitUntilAsync(() => server.PushTargets[0] is { Connected: false, Failures: > 0, LastFailure: { } f } && f.Contains("connection refused", StringComparison.Ordinal),
            what: "a refused dial after the client left");
        source.AddRange(events.Skip(2_500));

        using var restarted = new FeedClient(ListenOptions(port, "push-restart-2") with { ResumeFrom = last, StreamId = streamId });
        var after = await ReadAsync(restarted, events.Count - before.Events.Count, cts.Token);

        Assert.Equal(events.Select(Encoded), before.Events.Concat(after.Events));
        Assert.Equal(Offsets(1, events.Count), before.Offsets.Concat(after.Offsets));
        Assert.Equal(0, restarted.ResyncCount);
        Assert.True(server.PushTargets[0].Connections >= 2);
    }

    [Fact]
    public async Task The_server_keeps_dialling_with_a_doubling_wait_bounded_at_five_seconds_and_connects_once_the_client_listens()
    {
        using var metrics = new FeedMetricsRecorder();
        var time = new CountingTimeProvider();
        var port = FreePort();
        var source = new ManualEventSource();
        source.AddRange(SimEvents.Take(10));
        await using var server = new FeedServer(source, new FeedServerOptions
        {
            Name = "push-backoff", PushTo = [new DnsEndPoint("127.0.0.1", port)], TimeProvider = time, HeartbeatInterval = TimeSpan.FromHours(1),
        });
        server.Start();

        int[] waits = [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000];
        for (int i = 0; i < waits.Length; i++)
        {
            var wait = TimeSpan.FromMilliseconds(waits[i]);
            // The wait has begun once its timer is scheduled beside the heartbeat's.
            await WaitUntilAsync(() => server.PushTargets[0].Failures == i + 1 && server.PushTargets[0].RetryDelay == wait && time.ScheduledTimers == 2,
                what: $"failure {i + 1}, then a wait of {wait}");
            if (i < waits.Length - 1) time.Advance(wait);
        }

        Assert.Contains("connection refused", server.PushTargets[0].LastFailure);
        Assert.Equal(waits.Length, metrics.Sum("pulse.feed.server.push.failures", ("server", "push-backoff"), ("target", $"127.0.0.1:{port}"), ("reason", "refused")));

        using var client = new FeedClient(ListenOptions(port, "push-late-listener") with { ResumeFrom = 0 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        FeedPushStatus? whileConnected = null;
        var reading = ReadAsync(client, 10, cts.Token, each: n => whileConnected = n == 10 ? server.PushTargets[0] : null);
        await WaitUntilAsync(() => client.ListenEndPoint is not null, what: "the client listening");
        time.Advance(TimeSpan.FromSeconds(5));
        var read = await reading;

        Assert.Equal(SimEvents.Take(10).Select(Encoded), read.Events);
        Assert.True(whileConnected!.Connected);
        Assert.Equal(waits.Length, whileConnected.Failures);
        Assert.Equal(1, whileConnected.Connections);
    }

    [Fact]
    public async Task Over_tls_with_the_secret_the_pushed_stream_is_served_and_a_wrong_secret_is_reported_while_that_client_listens_on()
    {
        using var metrics = new FeedMetricsRecorder();
        var events = SimEvents.Take(500).ToList();
        var source = new ManualEventSource();
        source.AddRange(events);
        var (rightPort, wrongPort) = (FreePort(), FreePort());
        var tls = TestCertificates.Trusting(Ca, serverName: "localhost");
        var failures = new ConcurrentQueue<Exception>();
        using var right = new FeedClient(ListenOptions(rightPort, "push-tls-right") with { ResumeFrom = 0, Secret = Secret, Tls = tls });
        using var wrong = new FeedClient(ListenOptions(wrongPort, "push-tls-wrong") with { Secret = "not-the-secret-at-all", Tls = tls, OnConnectFailed = failures.Enqueue });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wrongReading = Task.Run(async () =>
        {
            await foreach (var _ in wrong.ReadAllAsync(cts.Token)) throw new InvalidOperationException("the client with the wrong secret got an event");
        });
        await WaitUntilAsync(() => wrong.ListenEndPoint is not null, what: "the wrong client listening");
        await using var server = new FeedServer(source, PushOptions("push-tls", rightPort) with
        {
            Certificate = ServerCertificate, SubscriberSecret = Secret,
            PushTo = [new DnsEndPoint("127.0.0.1", rightPort), new DnsEndPoint("localhost", wrongPort)],
        });
        server.Start();

        IReadOnlyList<FeedPushStatus> whileConnected = [];
        var read = await ReadAsync(right, events.Count, cts.Token, each: n => whileConnected = n == events.Count ? server.PushTargets : []);
        await WaitUntilAsync(() => failures.Count >= 3
            && metrics.Sum("pulse.feed.server.push.failures", ("server", "push-tls"), ("target", $"localhost:{wrongPort}"), ("reason", "handshake")) >= 3,
            what: "three refused handshakes, counted on both sides");

        Assert.Equal(events.Select(Encoded), read.Events);
        Assert.Equal(Offsets(1, events.Count), read.Offsets);
        Assert.True(whileConnected[0].Connected);
        Assert.False(whileConnected[1].Connected);
        Assert.Contains("before the welcome", server.PushTargets[1].LastFailure);
        Assert.All(failures, f => Assert.Contains("(unauthorized)", f.Message));
        Assert.All(failures, f => Assert.DoesNotContain(Secret, f.Message));
        Assert.False(wrongReading.IsCompleted, wrongReading.Exception?.ToString());
        Assert.True(metrics.Sum("pulse.feed.frames.rejected", ("connection", "push-tls/receivers"), ("reason", "unauthorized")) >= 3);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wrongReading);
    }

    [Fact]
    public async Task A_second_upstream_is_refused_while_one_is_connected_and_gets_in_once_that_one_is_gone()
    {
        using var metrics = new FeedMetricsRecorder();
        var port = FreePort();
        var failures = new ConcurrentQueue<Exception>();
        var resyncs = new ConcurrentQueue<FeedResync>();
        using var client = new FeedClient(ListenOptions(port, "push-one-at-a-time") with { ResumeFrom = 0, OnConnectFailed = failures.Enqueue, OnResyncRequired = resyncs.Enqueue });
        var (firstSource, secondSource) = (new ManualEventSource(), new ManualEventSource());
        await using var first = new FeedServer(firstSource, PushOptions("push-first", port) with { StreamId = "first" });
        await using var second = new FeedServer(secondSource, PushOptions("push-second", port) with { StreamId = "second" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var reader = client.ReadAllAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync().AsTask();
        Assert.NotNull(client.ListenEndPoint);

        first.Start();
        await WaitUntilAsync(() => client.IsConnected && client.StreamId == "first", what: "the first upstream connected");
        second.Start();
        await WaitUntilAsync(() => client.RefusedConnections >= 2 && second.PushTargets[0].Failures >= 2, what: "the second upstream refused twice");
        Assert.Equal("first", client.StreamId);
        Assert.True(first.PushTargets[0].Connected);
        Assert.False(second.PushTargets[0].Connected);
        Assert.Contains("one at a time", failures.First().Message);
        Assert.True(metrics.Sum("pulse.feed.client.refused_connections", ("client", "push-one-at-a-time")) >= 2);
        firstSource.Add(SimEvents[0]);
        Assert.True(await next);
        Assert.Equal(Encoded(SimEvents[0]), Encoded(reader.Current));

        // The first upstream goes: the second gets in, and its other stream makes the client resynchronise onto it.
        await first.DisposeAsync();
        next = reader.MoveNextAsync().AsTask();
        await WaitUntilAsync(() => client.IsConnected && client.StreamId == "second", what: "the second upstream connected");
        secondSource.Add(SimEvents[1]);
        Assert.True(await next);
        Assert.Equal(Encoded(SimEvents[1]), Encoded(reader.Current));
        Assert.Single(resyncs);
        Assert.True(second.PushTargets[0].Connected);
    }

    [Fact]
    public async Task Bad_push_options_are_refused_naming_the_setting()
    {
        var listen = new IPEndPoint(IPAddress.Loopback, 2060);
        string Refused(Action create) => Assert.Throws<ArgumentException>(create).Message;

        var both = Refused(() => _ = new FeedClient(new FeedClientOptions { Listen = listen, Port = 7120 }));
        Assert.Contains("FeedClientOptions.Port", both);
        Assert.Contains("Listen", both);
        Assert.Contains("FeedClientOptions.Tls.ServerName", Refused(() => _ = new FeedClient(new FeedClientOptions { Listen = listen, Tls = new FeedClientTlsOptions() })));
        Assert.Contains("FeedServerOptions.PushTo", Refused(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { PushTo = [new DnsEndPoint("dcu", 0)] }.Validate(), "options")));
        Assert.Contains("FeedServerOptions.PushTo", Refused(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { PushTo = null! }.Validate(), "options")));
        Assert.Contains("twice", Refused(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { PushTo = [new DnsEndPoint("dcu", 2060), new DnsEndPoint("DCU", 2060)] }.Validate(), "options")));
        Assert.Contains("FeedServerOptions.PushInitialBackoff", Refused(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { PushInitialBackoff = TimeSpan.Zero }.Validate(), "options")));
        Assert.Contains("FeedServerOptions.PushMaxBackoff", Refused(() => OptionsValidation.ThrowIfInvalid(new FeedServerOptions { PushMaxBackoff = TimeSpan.FromMilliseconds(10) }.Validate(), "options")));

        await using var nowhere = new FeedServer(new ManualEventSource());
        Assert.Contains("FeedServerOptions.PushTo", Assert.Throws<InvalidOperationException>(() => nowhere.Start()).Message);

        // A port another socket listens on: reading fails at once.
        using var taken = new Socket(SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(Loopback);
        taken.Listen();
        using var client = new FeedClient(new FeedClientOptions { Listen = (IPEndPoint)taken.LocalEndPoint! });
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            await foreach (var _ in client.ReadAllAsync()) { }
        });
        Assert.Null(client.ListenEndPoint);
    }
}
