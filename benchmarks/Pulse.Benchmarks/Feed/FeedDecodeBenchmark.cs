using BenchmarkDotNet.Attributes;
using Pulse.Sdk.Feed;
using Pulse.Sdk.Simulation;

namespace Pulse.Benchmarks.Feed;

/// <summary>Feed decode rate: event frames as the server writes them, decoded by the client's codec (one core).</summary>
[MemoryDiagnoser]
public class FeedDecodeBenchmark
{
    private const int Frames = 10_000;
    private byte[][] _frames = [];

    [GlobalSetup]
    public void Setup()
    {
        var events = new ContactCenterSimulator(new SimulatorOptions { Seed = 7, Agents = 60, CallsPerHourPerQueue = 3000 }).Generate().Take(Frames).ToList();
        _frames = events.Select((e, i) => FeedFrameCodec.EncodeEvent(i + 1, e)[..^1]).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long DecodeEventFrames()
    {
        long sum = 0;
        foreach (var f in _frames)
        {
            if (FeedFrameCodec.TryDecode(f, out var frame, out _, out _)) sum += frame!.Offset;
        }

        return sum;
    }
}
