using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed.Tests.Support;
using static Pulse.Sdk.Feed.Tests.Support.FeedTestKit;

namespace Pulse.Sdk.Feed.Tests;

public sealed class FeedClientTests
{
    /// <summary>
    /// The server process killed and started again: it replays the same upstream under the same stream id on the
    /// same port, so the client (reconnecting by itself) resumes from its last offset with no gap and no duplicate,
    /// even when it reconnects before the new server has caught up to that offset.
    /// </summary>
    [Fact]
    public async Task Killing_the_server_at_random_points_loses_and_repeats_nothing()
    {
        var events = SimEvents.Take(8_000).ToList();
        var random = new Random(7);
        var options = new FeedServerOptions { StreamId = "voice-1", RingCapacity = 16 * 1024 };
        var server = new FeedServer(new ListEventSource(events, burst: 200, pauseMs: 1), options);
        server.Start(Loopback);
        var port = server.LocalEndPoint!.Port;
        using var client = new FeedClient(ClientOptions(server, "survivor") with { ResumeFrom = 0 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seqs = new List<(string, EventSourceKind, long)>();
        var offsets = new List<long>();
        var nextKill = random.Next(200, 2000);
        var kills = 0;
        try
        {
            await foreach (var e in client.ReadAllAsync(cts.Token))
            {
                offsets.Add(client.LastOffset!.Value);
                seqs.Add((e.Tenant, e.Source, e.Seq));
                if (seqs.Count == events.Count) break;
                if (seqs.Count == nextKill && kills < 4)
                {
                    await server.DisposeAsync();
                    server = new FeedServer(new ListEventSource(events, burst: 200, pauseMs: 1), options);
                    server.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
                    kills++;
                    nextKill += random.Next(200, 2000);
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Equal(4, kills);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), offsets);
        Assert.Equal(events.Select(e => (e.Tenant, e.Source, e.Seq)), seqs);
    }

    [Fact]
    public async Task Killing_the_client_or_the_connections_at_random_points_loses_and_repeats_nothing()
    {
        var events = SimEvents.Take(20_000).ToList();
        await using var server = new FeedServer(new ListEventSource(events, burst: 200, pauseMs: 1), new FeedServerOptions { RingCapacity = 32 * 1024 });
        server.Start(Loopback);
        var random = new Random(2026);
        var offsets = new List<long>();
        var seqs = new List<(string, EventSourceKind, long)>();
        long? resume = 0;
        string? streamId = null;
        for (int round = 0; offsets.Count < events.Count; round++)
        {
            Assert.True(round < 200, "too many rounds");
            using var client = new FeedClient(ClientOptions(server, "killed") with { ResumeFrom = resume, StreamId = streamId });
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            int stopAfter = random.Next(1, 1500);
            bool killServerSide = random.Next(2) == 0;
            int n = 0;
            try
            {
                await foreach (var e in client.ReadAllAsync(cts.Token))
                {
                    offsets.Add(client.LastOffset!.Value);
                    seqs.Add((e.Tenant, e.Source, e.Seq));
                    if (offsets.Count == events.Count) break;
                    if (++n == stopAfter)
                    {
                        if (killServerSide) server.AbortAll(); // the client reconnects and resumes by itself
                        else break; // the client dies; a new one resumes from what was kept
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            resume = client.LastOffset;
            streamId = client.StreamId;
            Assert.Equal(0, client.ResyncCount);
        }

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), offsets);
        Assert.Equal(events.Select(e => (e.Tenant, e.Source, e.Seq)), seqs);
    }

    [Fact]
    public async Task Resync_required_is_surfaced_and_the_client_goes_on_from_the_newest()
    {
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { StreamId = "s", RingCapacity = 16, ReceiverQueueCapacity = 16 });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(100));
        await WaitUntilAsync(() => server.NewestOffset == 100);
        var resyncs = new ConcurrentQueue<FeedResync>();
        using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 5, StreamId = "s", OnResyncRequired = resyncs.Enqueue });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = Task.Run(async () =>
        {
            await foreach (var e in client.ReadAllAsync(cts.Token)) return client.LastOffset;
            return null;
        });
        await WaitUntilAsync(() => client.IsConnected);
        source.Add(SimEvents[100]);
        Assert.Equal(101, await first);
        Assert.Equal(1, client.ResyncCount);
        Assert.Equal(5, resyncs.Single().RequestedOffset);
        Assert.Contains("no longer held", resyncs.Single().Message);
    }

    /// <summary>
    /// The stream's condition (docs/statistics.md, "Data quality"): interrupted until connected, current only once the
    /// client has read what the server held when it connected, interrupted when the connection drops, current again after
    /// resuming; events lost (resync_required) until the client is current again.
    /// </summary>
    [Fact]
    public async Task The_condition_is_current_only_when_connected_and_caught_up()
    {
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { StreamId = "s", RingCapacity = 64, ReceiverQueueCapacity = 64 });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(50));
        await WaitUntilAsync(() => server.NewestOffset == 50);
        using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 0, Sources = [EventSourceKind.Voice] });
        var seen = new ConcurrentQueue<(StreamCondition Condition, long? Offset)>();
        client.ConditionChanged += c => seen.Enqueue((c, client.LastOffset));
        Assert.Equal(StreamCondition.Interrupted, client.Condition);
        Assert.Equal([EventSourceKind.Voice], client.Kinds);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = 0;
        var reading = Task.Run(async () =>
        {
            try { await foreach (var _ in client.ReadAllAsync(cts.Token)) Interlocked.Increment(ref read); }
            catch (OperationCanceledException) { }
        });
        // The condition is set before ConditionChanged is raised: wait for the event, not the property.
        await WaitUntilAsync(() => !seen.IsEmpty, what: "the first condition change");
        Assert.Equal(StreamCondition.Current, client.Condition);
        Assert.Equal((StreamCondition.Current, 50L), Assert.Single(seen));

        server.AbortAll();
        await WaitUntilAsync(() => seen.Count >= 3, what: "interrupted, then current again");
        source.Add(SimEvents[50]);
        await WaitUntilAsync(() => Volatile.Read(ref read) == 51);
        Assert.Equal([StreamCondition.Current, StreamCondition.Interrupted, StreamCondition.Current], seen.Select(s => s.Condition));
        await cts.CancelAsync();
        await reading;
    }

    [Fact]
    public async Task Lost_events_make_the_condition_events_lost_until_the_client_is_current_again()
    {
        var source = new ManualEventSource();
        await using var server = new FeedServer(source, new FeedServerOptions { StreamId = "s", RingCapacity = 16, ReceiverQueueCapacity = 16 });
        server.Start(Loopback);
        source.AddRange(SimEvents.Take(100));
        await WaitUntilAsync(() => server.NewestOffset == 100);
        using var client = new FeedClient(ClientOptions(server) with { ResumeFrom = 5, StreamId = "s" });
        var seen = new ConcurrentQueue<StreamCondition>();
        client.ConditionChanged += seen.Enqueue;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reading = Task.Run(async () =>
        {
            try { await foreach (var _ in client.ReadAllAsync(cts.Token)) { } }
            catch (OperationCanceledException) { }
        });
        await WaitUntilAsync(() => seen.Count >= 2, what: "events lost, then current");
        Assert.Equal([StreamCondition.EventsLost, StreamCondition.Current], seen);
        Assert.Equal(StreamCondition.Current, client.Condition);
        await cts.CancelAsync();
        await reading;
    }

    [Fact]
    public async Task A_silent_server_is_dropped_after_three_intervals_and_the_client_reconnects_on_a_fake_clock()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Loopback);
        listener.Listen();
        var accepted = new ConcurrentQueue<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var s = await listener.AcceptAsync();
                accepted.Enqueue(s);
                await s.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"welcome\",\"streamId\":\"x\",\"oldest\":1,\"newest\":0}\n"));
            }
        });
        using var client = new FeedClient(new FeedClientOptions { Port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port, TimeProvider = time, HeartbeatInterval = TimeSpan.FromSeconds(1), InitialBackoff = TimeSpan.FromSeconds(1), RandomSeed = 3 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reading = Task.Run(async () =>
        {
            await foreach (var e in client.ReadAllAsync(cts.Token))
            {
            }
        });
        await WaitUntilAsync(() => client.IsConnected);
        Assert.Single(accepted);
        while (accepted.Count < 2)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10); // the poll interval: the clock steps until the client, on its own threads, reconnects
            Assert.False(cts.IsCancellationRequested, "the client never reconnected");
        }

        Assert.Equal(1, client.Reconnects);
        Assert.True(client.DisconnectedTime > TimeSpan.Zero);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task Garbage_and_truncated_frames_from_a_server_are_rejected_and_valid_frames_after_them_delivered()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Loopback);
        listener.Listen();
        var random = new Random(11);
        var valid = SimEvents.Take(50).ToList();
        _ = Task.Run(async () =>
        {
            using var s = await listener.AcceptAsync();
            var sb = new MemoryStream();
            sb.Write("{\"type\":\"welcome\",\"streamId\":\"x\",\"oldest\":1,\"newest\":0}\n"u8);
            for (int i = 0; i < valid.Count; i++)
            {
                var junk = new byte[random.Next(1, 200)];
                random.NextBytes(junk);
                for (int j = 0; j < junk.Length; j++) if (junk[j] == (byte)'\n') junk[j] = (byte)'{';
                sb.Write(junk);
                sb.WriteByte((byte)'\n');
                var frame = FeedFrameCodec.EncodeEvent(i + 1, valid[i]);
                sb.Write(frame.AsSpan(0, random.Next(1, frame.Length - 1))); // a truncated copy, then the line ends
                sb.WriteByte((byte)'\n');
                sb.Write(frame);
            }

            sb.Write("{\"type\":\"mystery\"}\n"u8);
            sb.Write(Encoding.UTF8.GetBytes("{\"type\":\"event\",\"offset\":51,\"event\":{\"seq\":1,\"time\":\"2026-11-26T10:00:00Z\",\"tenant\":\"t\",\"source\":\"voice\",\"event\":\"EventFoo\"}}\n"));
            sb.Write(Encoding.UTF8.GetBytes(new string('x', 70_000) + "\n"));
            sb.Write("{\"type\":\"event\",\"offset\":52"u8); // truncated at the close
            await s.SendAsync(sb.ToArray());
            s.Shutdown(SocketShutdown.Both);
        });

        var rejected = new ConcurrentQueue<EventRejectedException>();
        using var client = new FeedClient(new FeedClientOptions { Port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port, OnRejected = rejected.Enqueue, InitialBackoff = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var got = new List<PulseEvent>();
        await foreach (var e in client.ReadAllAsync(cts.Token))
        {
            got.Add(e);
            if (got.Count == valid.Count) break;
        }

        Assert.Equal(valid.Select(Pulse.Sdk.Events.Json.EventJson.Serialize), got.Select(Pulse.Sdk.Events.Json.EventJson.Serialize));
        await WaitUntilAsync(() => rejected.Count >= 100);
    }

    [Fact]
    public void Options_are_validated_with_messages_that_say_what_to_set()
    {
        Assert.Contains("Port", Assert.Throws<ArgumentException>(() => new FeedClient(new FeedClientOptions())).Message);
        Assert.Contains("MaxBackoff", Assert.Throws<ArgumentException>(() => new FeedClient(new FeedClientOptions { Port = 1, MaxBackoff = TimeSpan.FromMilliseconds(1) })).Message);
        Assert.Contains("Jitter", Assert.Throws<ArgumentException>(() => new FeedClient(new FeedClientOptions { Port = 1, Jitter = 2 })).Message);
    }

    [Fact]
    public async Task Lds_rebroadcasts_one_upstream_to_many_filtered_receivers_and_publishes_its_metrics()
    {
        var events = SimEvents.Take(5000).ToList();
        var source = new ManualEventSource();
        await using var upstream = new FeedServer(source, new FeedServerOptions { Name = "voice" });
        upstream.Start(Loopback);
        await using var lds = new Lds(new LdsOptions { Name = "lds-test", Upstream = ClientOptions(upstream, "lds-up") });
        lds.Start(Loopback);
        await WaitUntilAsync(() => upstream.ReceiverCount == 1);

        string dn = events.First(e => e.Type == PulseEventType.Queued).Dn!;
        var clients = new[]
        {
            new FeedClient(new FeedClientOptions { Port = lds.LocalEndPoint!.Port, Name = "r-all" }),
            new FeedClient(new FeedClientOptions { Port = lds.LocalEndPoint!.Port, Name = "r-dn", Dns = [dn] }),
            new FeedClient(new FeedClientOptions { Port = lds.LocalEndPoint!.Port, Name = "r-ixn", Sources = [EventSourceKind.Ixn] }),
        };
        var expected = new[]
        {
            events,
            events.Where(e => e.Dn == dn || e.OtherDn == dn || e.ThirdPartyDn == dn || (e.Dn is null && e.OtherDn is null && e.ThirdPartyDn is null && e.ConnId is null && e.InteractionId is null && e.Agent is not null)).ToList(),
            events.Where(e => e.Source == EventSourceKind.Ixn).ToList(),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var results = clients.Select(c => new List<PulseEvent>()).ToArray();
        var tasks = clients.Select((c, i) => Task.Run(async () =>
        {
            await foreach (var e in c.ReadAllAsync(cts.Token))
            {
                results[i].Add(e);
                if (results[i].Count == expected[i].Count) return;
            }
        })).ToArray();
        await WaitUntilAsync(() => lds.ReceiversNumber == 3);

        var measured = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (inst, l) =>
        {
            if (inst.Meter.Name == FeedMeter.Name && inst.Name.StartsWith("pulse.lds.", StringComparison.Ordinal)) l.EnableMeasurementEvents(inst);
        };
        listener.SetMeasurementEventCallback<double>((inst, value, tags, _) =>
        {
            foreach (var t in tags) if (t.Key == "lds" && (string?)t.Value == "lds-test") measured[inst.Name] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(3, measured["pulse.lds.receivers"]);
        Assert.Equal(1, measured["pulse.lds.senders"]);
        Assert.Equal(1, measured["pulse.lds.sender.registered_dns"]);
        Assert.True(measured.ContainsKey("pulse.lds.uptime"));
        Assert.True(measured.ContainsKey("pulse.lds.sender.uptime"));
        Assert.True(measured.ContainsKey("pulse.lds.sender.downtime"));

        source.AddRange(events);
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        for (int i = 0; i < clients.Length; i++) Assert.Equal(expected[i].Select(Pulse.Sdk.Events.Json.EventJson.Serialize), results[i].Select(Pulse.Sdk.Events.Json.EventJson.Serialize));
        foreach (var c in clients) c.Dispose();
    }
}
