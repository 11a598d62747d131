using BenchmarkDotNet.Attributes;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Benchmarks.Redis;

/// <summary>
/// Statistic writes per second into Redis through <see cref="RedisStatisticStore"/>: every statistic of the
/// simulator's Benchmark preset (standard catalogue) changes once per engine second; one operation hands one
/// flush of all of them to the store and waits until they are written (values, 1 s and 1 min history, publish).
/// Server: PULSE_BENCH_REDIS (host:port, default 127.0.0.1:6379). Compare with
/// <c>redis-benchmark -P 16 -t set -n 200000 -q</c> on the same server.
/// Ten warm-up flushes: a DCU flushes every 100 ms for as long as it runs, so its steady state is what matters,
/// not the first flushes of a fresh process, before the JIT has optimised the store and StackExchange.Redis.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 10, iterationCount: 10)]
public class RedisWriteBenchmark
{
    private ConnectionMultiplexer _redis = null!;
    private RedisStatisticStore _store = null!;
    private StatisticUpdate[] _updates = [];
    private DateTimeOffset _time;

    /// <summary>Statistics written per operation.</summary>
    public int Statistics => _updates.Length;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = Environment.GetEnvironmentVariable("PULSE_BENCH_REDIS") ?? "127.0.0.1:6379";
        _redis = ConnectionMultiplexer.Connect(new RedisStatisticStoreOptions().CreateConfiguration(endpoint));
        var sim = new ContactCenterSimulator(SimulatorOptions.Benchmark);
        _time = sim.Generate().First().Time;
        var engine = new StatisticsEngine(sim.Configuration, new StatisticsEngineOptions { TimeProvider = new ReplayClock(_time) });
        var capture = new Capture();
        engine.AddSink(capture);
        engine.OpenStandardCatalogue();
        engine.Flush();
        _updates = capture.Updates.ToArray();
        _store = new RedisStatisticStore(_redis, new RedisStatisticStoreOptions { KeyPrefix = "bench" });
        Console.WriteLine($"// {_updates.Length} statistics per operation");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.Dispose();
    }

    /// <summary>One engine flush of every statistic, written to Redis.</summary>
    [Benchmark]
    public async Task WriteFlush()
    {
        _time += TimeSpan.FromSeconds(1);
        var number = _time.ToUnixTimeSeconds() % 100;
        for (var i = 0; i < _updates.Length; i++)
            _updates[i] = _updates[i] with { Time = _time, Value = _updates[i].Value with { Number = number + i % 7 } };
        _store.OnUpdates(_updates);
        await _store.FlushAsync();
    }

    private sealed class Capture : IStatisticSink
    {
        public List<StatisticUpdate> Updates { get; } = [];

        public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
        {
            foreach (var u in updates) Updates.Add(u);
        }
    }
}
