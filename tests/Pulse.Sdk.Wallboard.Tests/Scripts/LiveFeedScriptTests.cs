using System.Text.Json;
using Pulse.Sdk.Wallboard.Tests.Support;

namespace Pulse.Sdk.Wallboard.Tests.Scripts;

/// <summary>
/// wwwroot/wallboard/live.js: the client side of the live push protocol (docs/api.md), run in Chromium against
/// scripted WebSocket and EventSource stand-ins that record what the feed sends.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class LiveFeedScriptTests(ChromiumFixture chromium) : ScriptPageTests(chromium)
{
    // Stand-ins for the browser's WebSocket and EventSource; `sockets`/`sources` list every one created.
    private const string Transports = """
        const sockets = [], sources = [];
        class ScriptedSocket {
          constructor(url) { this.url = url; this.sent = []; this.readyState = 0; sockets.push(this); }
          send(text) { this.sent.push(JSON.parse(text)); }
          close(code = 1006) { if (this.readyState === 3) return; this.readyState = 3; this.onclose?.({ code }); }
          open() { this.readyState = 1; this.onopen?.({}); }
          receive(message) { this.onmessage?.({ data: JSON.stringify(message) }); }
        }
        class ScriptedEventSource {
          constructor(url) { this.url = url; this.readyState = 0; this.listeners = {}; this.closed = false; sources.push(this); }
          addEventListener(type, handler) { (this.listeners[type] ??= []).push(handler); }
          close() { this.closed = true; this.readyState = 2; }
          emit(type, message) { for (const h of this.listeners[type] ?? []) h({ data: JSON.stringify(message) }); }
        }
        const until = (condition) => new Promise((resolve, reject) => {
          const started = Date.now();
          const timer = setInterval(() => {
            if (condition()) { clearInterval(timer); resolve(); }
            else if (Date.now() - started > 5000) { clearInterval(timer); reject(new Error('timed out')); }
          }, 10);
        });
        const value = (n) => ({ layout: 'L1', object: { type: 'Queue', id: 'q1' }, alias: 'Waiting', value: n, time: '2026-11-26T10:00:00Z' });
        const { LiveFeed } = await load('live');
        const received = [];
        const states = [];
        const location = { protocol: 'http:', host: 'wall:8080' };
        """;

    [Fact]
    public async Task It_subscribes_takes_the_snapshot_and_deltas_and_resyncs_on_a_seq_gap()
    {
        var result = await Page.RunAsync(Transports + """
            const feed = new LiveFeed({ maxRate: 3, location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource,
              onValues: (values, kind) => received.push([kind, values.map((v) => v.value)]), onState: (s) => states.push(s) });
            feed.follow(['L1', 'L2']);
            const socket = sockets[0];
            socket.open();
            socket.receive({ type: 'snapshot', sub: 's1', seq: 17, values: [value(3)] });
            socket.receive({ type: 'delta', sub: 's1', seq: 18, values: [value(4)] });
            socket.receive({ type: 'heartbeat', time: '2026-11-26T10:00:05Z' });
            socket.receive({ type: 'delta', sub: 's1', seq: 20, values: [value(6)] });   // 19 was lost
            socket.receive({ type: 'delta', sub: 's1', seq: 21, values: [value(7)] });   // still waiting for the snapshot
            socket.receive({ type: 'snapshot', sub: 's1', seq: 22, values: [value(7)] });
            socket.receive({ type: 'delta', sub: 's1', seq: 23, values: [value(8)] });
            socket.receive({ type: 'delta', sub: 'old', seq: 24, values: [value(99)] }); // not this subscription
            feed.stop();
            return { url: socket.url, sent: socket.sent, received, states, gaps: feed.gaps };
            """);

        Assert.Equal("ws://wall:8080/api/live", result.GetProperty("url").GetString());
        var sent = result.GetProperty("sent");
        Assert.Equal("""{"op":"subscribe","sub":"s1","layouts":["L1","L2"],"maxRate":3}""", sent[0].GetRawText());
        Assert.Equal("""{"op":"resync","sub":"s1"}""", sent[1].GetRawText());
        Assert.Equal(2, sent.GetArrayLength());
        Assert.Equal("""[["snapshot",[3]],["delta",[4]],["snapshot",[7]],["delta",[8]]]""", result.GetProperty("received").GetRawText());
        Assert.Equal(1, result.GetProperty("gaps").GetInt32());
        Assert.Equal(["connecting", "live", "live", "offline"], result.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Following_other_layouts_replaces_the_subscription_on_the_same_socket()
    {
        var result = await Page.RunAsync(Transports + """
            const feed = new LiveFeed({ location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource, onValues: (v, kind) => received.push([kind, v.map((x) => x.value)]) });
            feed.follow(['L1']);
            sockets[0].open();
            sockets[0].receive({ type: 'snapshot', sub: 's1', seq: 1, values: [value(1)] });
            feed.follow(['L2']);
            sockets[0].receive({ type: 'delta', sub: 's1', seq: 2, values: [value(2)] });   // late message of the old subscription
            sockets[0].receive({ type: 'snapshot', sub: 's2', seq: 1, values: [value(5)] });
            feed.stop();
            return { count: sockets.length, sent: sockets[0].sent, received };
            """);

        Assert.Equal(1, result.GetProperty("count").GetInt32());
        Assert.Equal(
            """[{"op":"subscribe","sub":"s1","layouts":["L1"],"maxRate":4},{"op":"unsubscribe","sub":"s1"},{"op":"subscribe","sub":"s2","layouts":["L2"],"maxRate":4}]""",
            result.GetProperty("sent").GetRawText());
        Assert.Equal("""[["snapshot",[1]],["snapshot",[5]]]""", result.GetProperty("received").GetRawText());
    }

    [Fact]
    public async Task A_dropped_socket_reconnects_and_subscribes_again()
    {
        var result = await Page.RunAsync(Transports + """
            const feed = new LiveFeed({ location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource,
              onValues: (v, kind) => received.push(kind), onState: (s) => states.push(s) });
            feed.follow(['L1']);
            sockets[0].open();
            sockets[0].receive({ type: 'snapshot', sub: 's1', seq: 1, values: [value(1)] });
            sockets[0].close();                        // the server went away
            await until(() => sockets.length === 2);   // after a backoff of 0.25 to 0.5 s
            sockets[1].open();
            sockets[1].receive({ type: 'snapshot', sub: 's2', seq: 1, values: [value(2)] });
            feed.stop();
            return { second: sockets[1].sent, received, states };
            """);

        Assert.Equal("""[{"op":"subscribe","sub":"s2","layouts":["L1"],"maxRate":4}]""", result.GetProperty("second").GetRawText());
        Assert.Equal("""["snapshot","snapshot"]""", result.GetProperty("received").GetRawText());
        Assert.Contains("reconnecting", result.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task When_websockets_never_open_it_falls_back_to_server_sent_events()
    {
        var result = await Page.RunAsync(Transports + """
            let sessionChecks = 0;
            const feed = new LiveFeed({ maxRate: 2, location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource,
              onValues: (v, kind) => received.push([kind, v.map((x) => x.value)]), onState: (s) => states.push(s),
              checkSession: async () => { sessionChecks += 1; return true; } });
            feed.follow(['L1', 'L2']);
            sockets[0].close();                                  // a proxy refuses the upgrade
            await until(() => sockets.length === 2);
            sockets[1].close();
            await until(() => sources.length === 1);
            const first = sources[0];
            first.emit('snapshot', { type: 'snapshot', seq: 1, values: [value(3)] });
            first.emit('delta', { type: 'delta', seq: 2, values: [value(4)] });
            first.emit('delta', { type: 'delta', seq: 4, values: [value(6)] });   // gap: SSE cannot resync, so reconnect
            await until(() => sources.length === 2);
            sources[1].emit('snapshot', { type: 'snapshot', seq: 5, values: [value(6)] });
            feed.stop();
            return { url: first.url, firstClosed: first.closed, sockets: sockets.length, received, states, sessionChecks };
            """);

        Assert.Equal("/api/live/sse?layouts=L1%2CL2&maxRate=2", result.GetProperty("url").GetString());
        Assert.True(result.GetProperty("firstClosed").GetBoolean());
        Assert.Equal(2, result.GetProperty("sockets").GetInt32());
        Assert.Equal("""[["snapshot",[3]],["delta",[4]],["snapshot",[6]]]""", result.GetProperty("received").GetRawText());
        Assert.Contains("live-sse", result.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, result.GetProperty("sessionChecks").GetInt32());   // each failed open asks whether the session still holds
    }

    [Fact]
    public async Task Under_a_route_prefix_both_transports_and_the_api_use_it()
    {
        var result = await Page.RunAsync(Transports + """
            const feed = new LiveFeed({ base: '/pulse', location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource, onValues: () => {} });
            feed.follow(['L1']);
            sockets[0].close();
            await until(() => sockets.length === 2);
            sockets[1].close();
            await until(() => sources.length === 1);
            feed.stop();
            const { PulseApi } = await load('api');
            const fetched = [];
            const api = new PulseApi({ base: '/pulse', fetchImpl: async (url) => { fetched.push(url); return new Response('{"items":[]}', { status: 200 }); } });
            await api.templates();
            await api.session();
            return { socket: sockets[0].url, source: sources[0].url, fetched };
            """);

        Assert.Equal("ws://wall:8080/pulse/api/live", result.GetProperty("socket").GetString());
        Assert.Equal("/pulse/api/live/sse?layouts=L1&maxRate=4", result.GetProperty("source").GetString());
        Assert.Equal("""["/pulse/api/wbrt/templates","/pulse/api/session"]""", result.GetProperty("fetched").GetRawText());
    }

    [Fact]
    public async Task An_ended_session_stops_the_reconnecting()
    {
        var result = await Page.RunAsync(Transports + """
            const feed = new LiveFeed({ location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource,
              onValues: () => {}, onState: (s) => states.push(s), checkSession: async () => false });
            feed.follow(['L1']);
            sockets[0].close();
            await until(() => states.includes('offline'));
            return { sockets: sockets.length, states, retryPending: feed.retryTimer !== null, stopped: feed.stopped };
            """);

        Assert.Equal(1, result.GetProperty("sockets").GetInt32());
        Assert.False(result.GetProperty("retryPending").GetBoolean());
        Assert.True(result.GetProperty("stopped").GetBoolean());
        Assert.Equal("offline", result.GetProperty("states").EnumerateArray().Last().GetString());
    }

    [Theory]
    [InlineData(1006, 0)]   // the connection dropped: reconnect straight away
    [InlineData(1008, 1)]   // the server withdrew the user's rights: is the session still good?
    public async Task A_socket_closed_for_policy_asks_about_the_session_before_reconnecting(int code, int checks)
    {
        var result = await Page.RunAsync(Transports + $$"""
            let sessionChecks = 0;
            const feed = new LiveFeed({ location, WebSocketImpl: ScriptedSocket, EventSourceImpl: ScriptedEventSource,
              onValues: () => {}, checkSession: async () => { sessionChecks += 1; return true; } });
            feed.follow(['L1']);
            sockets[0].open();
            sockets[0].receive({ type: 'snapshot', sub: 's1', seq: 1, values: [] });
            sockets[0].close({{code}});
            await until(() => sockets.length === 2);
            feed.stop();
            return { sessionChecks };
            """);

        Assert.Equal(checks, result.GetProperty("sessionChecks").GetInt32());
    }

    [Fact]
    public async Task Backoff_doubles_from_half_a_second_to_fifteen_with_jitter()
    {
        var result = await Page.RunAsync("""
            const { backoffDelay } = await load('live');
            return [0, 1, 2, 5, 20].map((n) => [backoffDelay(n, () => 0), backoffDelay(n, () => 1)]);
            """);

        Assert.Equal("[[250,500],[500,1000],[1000,2000],[7500,15000],[7500,15000]]", result.GetRawText());
    }
}
