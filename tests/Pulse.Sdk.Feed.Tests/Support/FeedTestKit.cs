using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Simulation;

namespace Pulse.Sdk.Feed.Tests.Support;

/// <summary>Events, sources and raw sockets for the feed tests.</summary>
public static class FeedTestKit
{
    public static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    private static readonly Lazy<List<PulseEvent>> s_events = new(() => new ContactCenterSimulator(new SimulatorOptions { Seed = 7, Agents = 60, CallsPerHourPerQueue = 3000 }).Generate().Take(20_000).ToList());

    /// <summary>The same 20,000 simulator events every time (several tenants' streams: voice, VQ, digital).</summary>
    public static IReadOnlyList<PulseEvent> SimEvents => s_events.Value;

    public static FeedClientOptions ClientOptions(FeedServer server, string id = "test") => new()
    {
        Host = "127.0.0.1",
        Port = server.LocalEndPoint!.Port,
        ClientId = id,
        Name = id,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        RandomSeed = 1,
    };

    /// <summary>A loopback port free at the moment (for a listener that must be started again on the same port).</summary>
    public static int FreePort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(Loopback);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A client that listens on loopback <paramref name="port"/> for the upstream to push (docs/protocol.md, "Push direction").</summary>
    public static FeedClientOptions ListenOptions(int port, string id = "test") => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, port),
        ClientId = id,
        Name = id,
    };

    /// <summary>A server that pushes to loopback <paramref name="port"/>, redialling fast.</summary>
    public static FeedServerOptions PushOptions(string name, int port) => new()
    {
        Name = name,
        PushTo = [new DnsEndPoint("127.0.0.1", port)],
        PushInitialBackoff = TimeSpan.FromMilliseconds(5),
        PushMaxBackoff = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>An event as the server encodes it: every field compared, not only that something arrived.</summary>
    public static string Encoded(PulseEvent e) => Encoding.UTF8.GetString(FeedFrameCodec.EncodeEvent(0, e));

    /// <summary>Reads <paramref name="count"/> events (encoded) with the offset of each, then stops reading; <paramref name="each"/> sees the count after each event, before the client stops.</summary>
    public static async Task<(List<string> Events, List<long> Offsets)> ReadAsync(FeedClient client, int count, CancellationToken cancellationToken, Action<int>? each = null)
    {
        var events = new List<string>();
        var offsets = new List<long>();
        await foreach (var e in client.ReadAllAsync(cancellationToken))
        {
            events.Add(Encoded(e));
            offsets.Add(client.LastOffset!.Value);
            each?.Invoke(events.Count);
            if (events.Count == count) break;
        }

        return (events, offsets);
    }

    public static Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000, string? what = null) =>
        Eventually.UntilAsync(condition, what ?? "a condition", TimeSpan.FromMilliseconds(timeoutMs));

    /// <summary>A raw TCP peer that speaks the protocol by hand.</summary>
    public sealed class RawPeer : IAsyncDisposable
    {
        private readonly StreamReader _reader;

        private RawPeer(Socket socket)
        {
            Socket = socket;
            Stream = new NetworkStream(socket, ownsSocket: true);
            _reader = new StreamReader(Stream, Encoding.UTF8);
        }

        public Socket Socket { get; }

        public NetworkStream Stream { get; }

        public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint, int? receiveBuffer = null)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            if (receiveBuffer is { } size) socket.ReceiveBufferSize = size;
            await socket.ConnectAsync(endPoint);
            return new RawPeer(socket);
        }

        public Task SendAsync(string text) => Stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        public Task SendAsync(byte[] bytes) => Stream.WriteAsync(bytes).AsTask();

        public async Task<string?> ReadLineAsync(int timeoutMs = 10_000)
        {
            using var cts = new CancellationTokenSource(timeoutMs);
            return await _reader.ReadLineAsync(cts.Token);
        }

        public async Task<string> ReadFrameAsync(string type, int timeoutMs = 10_000)
        {
            while (true)
            {
                var line = await ReadLineAsync(timeoutMs) ?? throw new IOException($"connection closed before a '{type}' frame");
                if (line.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)) return line;
            }
        }

        /// <summary>Sends a ping every <paramref name="interval"/> (so the server hears from it) until cancelled or the connection fails; reads nothing.</summary>
        public async Task PingUntilClosedAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await SendAsync("{\"type\":\"ping\"}\n").ConfigureAwait(false);
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false); // the peer's ping rhythm, not a wait
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // Cancelled, or the server closed the connection: both end the pinging.
            }
        }

        /// <summary>Reads and discards until the server closes the connection (end of stream or reset); false when still open after <paramref name="timeoutMs"/>.</summary>
        public async Task<bool> ReadUntilClosedAsync(int timeoutMs = 10_000)
        {
            using var cts = new CancellationTokenSource(timeoutMs);
            var buffer = new byte[64 * 1024];
            try
            {
                while (await Socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
                {
                }

                return true;
            }
            catch (SocketException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public ValueTask DisposeAsync() => Stream.DisposeAsync();
    }
}

/// <summary>An in-memory upstream: yields its events in bursts, pausing between them so receivers can keep up.</summary>
public sealed class ListEventSource(IReadOnlyList<PulseEvent> events, int burst = 500, int pauseMs = 1, bool holdOpen = true) : IEventSource
{
    public string Name => "list";

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (burst > 0 && i > 0 && i % burst == 0) await Task.Delay(pauseMs, cancellationToken); // the upstream's pace, not a wait
            yield return events[i];
        }

        if (holdOpen) await Task.Delay(Timeout.Infinite, cancellationToken); // a live upstream stays open until cancelled
    }
}

/// <summary>An upstream the test feeds by hand.</summary>
public sealed class ManualEventSource : IEventSource
{
    private readonly System.Threading.Channels.Channel<PulseEvent> _channel = System.Threading.Channels.Channel.CreateUnbounded<PulseEvent>();

    public string Name => "manual";

    public void Add(PulseEvent evt) => _channel.Writer.TryWrite(evt);

    public void AddRange(IEnumerable<PulseEvent> events)
    {
        foreach (var e in events) Add(e);
    }

    public IAsyncEnumerable<PulseEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);
}
