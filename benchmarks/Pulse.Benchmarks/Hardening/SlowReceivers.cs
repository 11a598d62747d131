using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Pulse.Benchmarks.Live;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Simulation;

namespace Pulse.Benchmarks.Hardening;

/// <summary>
/// Receivers that handshake and ping but never read, against an in-process <see cref="FeedServer"/> fed at a steady
/// rate, beside a few receivers that read everything: the kernel's TCP memory (<c>/proc/net/sockstat</c>, the whole
/// machine's) and the process's managed heap while the server holds them, and how long until it has dropped them.
/// </summary>
internal static class SlowReceivers
{
    private const int FastReaders = 2;
    private static readonly byte[] Ping = "{\"type\":\"ping\"}\n"u8.ToArray();
    private static readonly Lazy<List<PulseEvent>> s_events = new(() =>
        new ContactCenterSimulator(new SimulatorOptions { Seed = 7, Agents = 60, CallsPerHourPerQueue = 3000 }).Generate().Take(20_000).ToList());

    /// <param name="AllDropped">From the first event published to the server holding only the fast readers; null when it still held others at the end.</param>
    /// <param name="Held">Stalled receivers still connected at the end of the window.</param>
    /// <param name="BehindAtReset">The median of the frames between the newest and the last one written to each slow_consumer receiver, when it left (0: none left).</param>
    public sealed record Result(
        string Server, double FrameBytes, double BytesPerSecond, long KernelBefore, long KernelPeak, long KernelEnd,
        long KernelClosed, long ManagedPeak, TimeSpan? FirstDrop, TimeSpan? AllDropped, int Held, int SlowConsumer, double BehindAtReset, int OtherReason);

    /// <summary>The mean size of an event frame of the workload, in bytes.</summary>
    public static double FrameBytes() => s_events.Value.Take(2_000).Select((e, i) => FeedFrameCodec.EncodeEvent(i + 1, e).Length).Average();

    /// <summary>Runs <paramref name="receivers"/> stalled receivers against a server with <paramref name="options"/> until it holds only the fast readers, or for <paramref name="window"/>.</summary>
    public static async Task<Result> RunAsync(string name, FeedServerOptions options, int receivers, int eventsPerSecond, TimeSpan window, bool stopWhenDropped)
    {
        var source = new PacedSource(s_events.Value);
        var reasons = new List<(string Reason, long Behind)>();
        FeedServer? server = null;
        options = options with
        {
            OnReceiverDisconnected = d =>
            {
                lock (reasons) reasons.Add((d.Reason, server!.NewestOffset - d.LastOffset));
            },
        };
        server = new FeedServer(source, options);
        var sockets = new List<Socket>();
        using var stop = new CancellationTokenSource();
        try
        {
            server.Start(new IPEndPoint(IPAddress.Loopback, 0));
            var hello = FeedFrameCodec.EncodeHello("hardening", [], [], [], null, null);
            var readers = new List<Task>();
            for (var i = 0; i < FastReaders; i++)
            {
                var s = await ConnectAsync(server, hello).ConfigureAwait(false);
                sockets.Add(s);
                // They ping too, as a FeedClient does: a receiver silent for three heartbeat intervals is dropped.
                readers.Add(Task.Run(() => DiscardAsync(s, stop.Token)));
                readers.Add(Task.Run(() => PingAsync(s, stop.Token)));
            }

            Settle();
            var kernelBefore = KernelTcpPages();
            var pingers = new List<Task>();
            for (var i = 0; i < receivers; i++)
            {
                var s = await ConnectAsync(server, hello).ConfigureAwait(false);
                sockets.Add(s);
                pingers.Add(Task.Run(() => PingAsync(s, stop.Token)));
            }

            var connected = Stopwatch.StartNew();
            while (server.ReceiverCount < FastReaders + receivers)
            {
                if (connected.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{server.ReceiverCount} of {FastReaders + receivers} receivers registered");
                await Task.Delay(10).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            var publisher = Task.Run(() => source.PublishAsync(eventsPerSecond, stop.Token));
            long kernelPeak = 0, managedPeak = 0;
            TimeSpan? first = null, all = null;
            while (clock.Elapsed < window)
            {
                kernelPeak = Math.Max(kernelPeak, KernelTcpPages());
                managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
                if (first is null && server.ReceiverCount < FastReaders + receivers) first = clock.Elapsed;
                if (server.ReceiverCount <= FastReaders)
                {
                    all = clock.Elapsed;
                    if (stopWhenDropped) break;
                }

                await Task.Delay(100).ConfigureAwait(false);
            }

            var held = Math.Max(0, server.ReceiverCount - FastReaders);
            var kernelEnd = KernelTcpPages();
            await stop.CancelAsync().ConfigureAwait(false);
            await publisher.ConfigureAwait(false);
            foreach (var s in sockets) s.Dispose();
            await Task.WhenAll([.. readers, .. pingers]).ConfigureAwait(false);
            await Task.Delay(500).ConfigureAwait(false);
            var kernelClosed = KernelTcpPages();
            List<(string Reason, long Behind)> seen;
            lock (reasons) seen = [.. reasons];
            var slow = seen.Where(r => r.Reason == FeedProtocol.SlowConsumer).ToList();
            return new Result(name, FrameBytes(), FrameBytes() * eventsPerSecond, kernelBefore, kernelPeak, kernelEnd, kernelClosed, managedPeak, first, all, held,
                slow.Count, slow.Count == 0 ? 0 : LatencyDistribution.Median(slow.Select(r => (double)r.Behind)), seen.Count(r => r.Reason != FeedProtocol.SlowConsumer && r.Reason != "server_shutdown"));
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var s in sockets) s.Dispose();
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The <c>mem</c> of the <c>TCP:</c> line of <c>/proc/net/sockstat</c>: pages (4 KiB) of every TCP socket's buffers on the machine.</summary>
    public static long KernelTcpPages()
    {
        var line = File.ReadLines("/proc/net/sockstat").First(l => l.StartsWith("TCP:", StringComparison.Ordinal)).Split(' ');
        return long.Parse(line[Array.IndexOf(line, "mem") + 1], CultureInfo.InvariantCulture);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static async Task<Socket> ConnectAsync(FeedServer server, byte[] hello)
    {
        // The system's default receive buffer: nothing set.
        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(server.LocalEndPoint!).ConfigureAwait(false);
        await s.SendAsync(hello).ConfigureAwait(false);
        return s;
    }

    private static async Task DiscardAsync(Socket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    /// <summary>A ping every 2 s (the server hears from it, so it is never dropped for silence); reads nothing.</summary>
    private static async Task PingAsync(Socket socket, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                await socket.SendAsync(Ping, SocketFlags.None, token).ConfigureAwait(false);
                await Task.Delay(2_000, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    /// <summary>Hands the server the workload's events, over and over, at a steady rate (a batch every 10 ms).</summary>
    private sealed class PacedSource(IReadOnlyList<PulseEvent> events) : IEventSource
    {
        private readonly Channel<PulseEvent> _channel = Channel.CreateUnbounded<PulseEvent>();

        public string Name => "hardening";

        public IAsyncEnumerable<PulseEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);

        public async Task PublishAsync(int perSecond, CancellationToken token)
        {
            var clock = Stopwatch.StartNew();
            long sent = 0;
            try
            {
                while (!token.IsCancellationRequested)
                {
                    var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
                    for (; sent < due; sent++) _channel.Writer.TryWrite(events[(int)(sent % events.Count)]);
                    await Task.Delay(10, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { }
        }
    }
}
