using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Pulse.Sdk.Events;
using Pulse.Sdk.Feed;

namespace Pulse.Benchmarks.Feed;

/// <summary>
/// LDS deliveries over loopback TCP: an upstream <see cref="FeedServer"/> feeds an <see cref="Lds"/> (its own
/// feed client and server), which re-broadcasts to <see cref="Receivers"/> raw-socket receivers that count
/// lines. Each iteration publishes 20,000 events upstream and ends when every receiver has all of them; the
/// result is per event, so deliveries/s = <see cref="Receivers"/> / (time per event).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class LdsDeliveryBenchmark
{
    private const int Events = 20_000;
    private static readonly Lazy<List<PulseEvent>> Data = new(() => FeedBenchmarkSource.SimulatorEvents(Events));

    private FeedBenchmarkSource _source = null!;
    private FeedServer _upstream = null!;
    private Lds _lds = null!;
    private List<Socket> _sockets = null!;
    private Task[] _readers = null!;

    /// <summary>Receivers connected to the LDS.</summary>
    [Params(1, 100, 1000)]
    public int Receivers { get; set; }

    [IterationSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _source = new FeedBenchmarkSource();
        _upstream = new FeedServer(_source, new FeedServerOptions { Name = "upstream", RingCapacity = 1 << 16 });
        _upstream.Start(new IPEndPoint(IPAddress.Loopback, 0));
        _lds = new Lds(new LdsOptions
        {
            Upstream = new FeedClientOptions { Port = _upstream.LocalEndPoint!.Port, ClientId = "lds", ResumeFrom = 0 },
            Server = new FeedServerOptions { Name = "lds", RingCapacity = 1 << 16, ReceiverQueueCapacity = 1 << 16 },
        });
        _lds.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var hello = FeedFrameCodec.EncodeHello("bench", [], [], [], null, null);
        _sockets = [];
        for (var i = 0; i < Receivers; i++)
        {
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(_lds.LocalEndPoint!);
            await s.SendAsync(hello);
            _sockets.Add(s);
        }
        while (_lds.ReceiversNumber < Receivers || !_lds.Upstream.IsConnected) await Task.Delay(10);
        // welcome + one line per event
        _readers = _sockets.Select(s => Task.Run(() => CountLinesAsync(s, Events + 1))).ToArray();
        _ = Data.Value;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void Broadcast()
    {
        foreach (var e in Data.Value) _source.Channel.Writer.TryWrite(e);
        Task.WaitAll(_readers);
    }

    [IterationCleanup]
    public void Cleanup()
    {
        foreach (var s in _sockets) s.Dispose();
        _lds.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task CountLinesAsync(Socket socket, int lines)
    {
        var buffer = new byte[64 * 1024];
        var seen = 0;
        while (seen < lines)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0) throw new IOException("closed early");
            seen += buffer.AsSpan(0, n).Count((byte)'\n');
        }
    }
}
