using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;

namespace Pulse.Benchmarks.Feed;

/// <summary>
/// LDS deliveries/s over loopback TCP with 1, 100 and 1,000 receivers, and memory per idle receiver
/// (<c>dotnet run -c Release -- feed</c>). Receivers are raw sockets counting lines, so the figure is the server's.
/// </summary>
public static class LdsReport
{
    public static void Run()
    {
        var events = FeedBenchmarkSource.SimulatorEvents(20_000);
        foreach (int receivers in new[] { 1, 100, 1000 })
        {
            var rates = new List<double>();
            for (int run = 0; run < 3; run++) rates.Add(DeliveriesPerSecond(events, receivers).GetAwaiter().GetResult());
            rates.Sort();
            Console.WriteLine($"receivers {receivers,5}: median {rates[1],12:N0} deliveries/s (runs: {string.Join(", ", rates.Select(r => r.ToString("N0")))})");
        }

        Console.WriteLine($"memory per idle receiver (server side, managed): {IdleReceiverBytes(1000).GetAwaiter().GetResult():N0} bytes");
    }

    private static async Task<double> DeliveriesPerSecond(List<PulseEvent> events, int receivers)
    {
        var source = new FeedBenchmarkSource();
        await using var server = new FeedServer(source, new FeedServerOptions { RingCapacity = 1 << 20, ReceiverQueueCapacity = 1 << 20 });
        server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var hello = FeedFrameCodec.EncodeHello("bench", [], [], [], null, null);
        var sockets = new List<Socket>();
        for (int i = 0; i < receivers; i++)
        {
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(server.LocalEndPoint!);
            await s.SendAsync(hello);
            sockets.Add(s);
        }

        while (server.ReceiverCount < receivers) await Task.Delay(10);
        var sw = Stopwatch.StartNew();
        var readers = sockets.Select(s => Task.Run(() => CountLinesAsync(s, events.Count + 1))).ToArray();
        foreach (var e in events) source.Channel.Writer.TryWrite(e);
        await Task.WhenAll(readers);
        sw.Stop();
        foreach (var s in sockets) s.Dispose();
        return (double)events.Count * receivers / sw.Elapsed.TotalSeconds;
    }

    private static async Task CountLinesAsync(Socket socket, int lines)
    {
        var buffer = new byte[64 * 1024];
        int seen = 0;
        while (seen < lines)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0) throw new IOException("closed early");
            seen += buffer.AsSpan(0, n).Count((byte)'\n');
        }
    }

    private static async Task<long> IdleReceiverBytes(int receivers)
    {
        var source = new FeedBenchmarkSource();
        await using var server = new FeedServer(source);
        server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var hello = FeedFrameCodec.EncodeHello("idle", [], [], [], null, null);
        // Client sockets are created first so that only the server's share is measured.
        var sockets = new List<Socket>();
        for (int i = 0; i < receivers; i++) sockets.Add(new Socket(SocketType.Stream, ProtocolType.Tcp));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        foreach (var s in sockets)
        {
            await s.ConnectAsync(server.LocalEndPoint!);
            await s.SendAsync(hello);
        }

        while (server.ReceiverCount < receivers) await Task.Delay(10);
        await Task.Delay(200);
        long after = GC.GetTotalMemory(true);
        GC.KeepAlive(sockets);
        foreach (var s in sockets) s.Dispose();
        return (after - before) / receivers;
    }
}
