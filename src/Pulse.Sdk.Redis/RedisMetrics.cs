using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Redis;

/// <summary>The instruments of the Redis adapter, on the <see cref="RedisMeter.Name"/> meter, named in Prometheus form; tag <c>store</c> is <see cref="RedisStatisticStoreOptions.Name"/>.</summary>
internal static class RedisMetrics
{
    internal static readonly Meter Meter = new(RedisMeter.Name, typeof(RedisMetrics).Assembly.GetName().Version?.ToString());

    private static readonly ConcurrentDictionary<RedisStatisticStore, byte> Stores = new(ReferenceEqualityComparer.Instance);

    internal static readonly Counter<long> DroppedWrites =
        Meter.CreateCounter<long>("pulse.redis.dropped_writes", unit: "{write}", description: "Values or history points dropped because the buffer was full while Redis was down or slow, by kind (value, history).");

    internal static readonly Counter<long> WrittenValues =
        Meter.CreateCounter<long>("pulse.redis.written_values", unit: "{value}", description: "Statistic values written to Redis.");

    internal static readonly Counter<long> WriteErrors =
        Meter.CreateCounter<long>("pulse.redis.write.errors", unit: "{batch}", description: "Write batches that failed (and were kept for a retry).");

    internal static readonly Counter<long> RejectedMessages =
        Meter.CreateCounter<long>("pulse.redis.rejected_messages", unit: "{message}", description: "Pub/sub change messages that were not of the documented shape and were skipped.");

    internal static readonly Histogram<double> WriteSeconds =
        Meter.CreateHistogram<double>("pulse.redis.write.duration", unit: "s", description: "Time to write one coalesced batch (values, history, publish).");

    internal static readonly Counter<long> PartitionHandovers =
        Meter.CreateCounter<long>("pulse.dcu.partition.handovers", unit: "{partition}", description: "Partitions this process stopped running, by outcome (handed_over, handed_over_without_checkpoint, lease_lost).");

    static RedisMetrics()
    {
        Meter.CreateObservableGauge("pulse.redis.connected", () => Observe(s => s.Status.IsConnected ? 1L : 0L), unit: "{connection}", description: "1 while the store's connection to Redis is up.");
        Meter.CreateObservableGauge("pulse.redis.buffered.writes", () => Observe(s => (long)s.Status.BufferedValues), unit: "{write}", description: "Statistic values waiting to be written.");
        Meter.CreateObservableGauge("pulse.redis.buffered.history_points", () => Observe(s => (long)s.Status.BufferedHistoryPoints), unit: "{point}", description: "History points waiting to be written.");
    }

    internal static void Register(RedisStatisticStore store) => Stores.TryAdd(store, 0);

    internal static void Unregister(RedisStatisticStore store) => Stores.TryRemove(store, out _);

    private static IEnumerable<Measurement<long>> Observe(Func<RedisStatisticStore, long> read)
    {
        foreach (var s in Stores.Keys) yield return new Measurement<long>(read(s), new KeyValuePair<string, object?>("store", s.Name));
    }
}
