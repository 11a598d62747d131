using Pulse.Benchmarks.Live;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Benchmarks.Topology;

/// <summary>
/// A midpoint of the topology's pipeline: when each marker's value was first published by the DCU on Redis
/// (<c>pulse:{t1}:updates</c>), stamped with the ledger's wall clock; a value v stamps markers up to v - 1, as a client does.
/// </summary>
public sealed class RedisMarkerWatch : IAsyncDisposable
{
    private readonly MarkerLedger _ledger;
    private readonly long[] _seen;
    private IAsyncDisposable? _subscription;
    private int _held;

    private RedisMarkerWatch(MarkerLedger ledger)
    {
        _ledger = ledger;
        _seen = new long[ledger.Capacity];
    }

    public static async Task<RedisMarkerWatch> StartAsync(IConnectionMultiplexer redis, MarkerLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var watch = new RedisMarkerWatch(ledger);
        watch._subscription = await RedisStatisticSubscriber.SubscribeAsync(redis, LatencyWorkload.Tenant, watch.OnChange).ConfigureAwait(false);
        return watch;
    }

    /// <summary>Records a change (a pub/sub callback; public for tests).</summary>
    public void OnChange(RedisStatisticChange change)
    {
        if (change.Object.Type != ObjectType.Queue || change.Object.Id != LatencyWorkload.MarkerQueue || change.Statistic != LatencyWorkload.MarkerStatistic) return;
        var now = _ledger.Now();
        lock (_seen)
        {
            var upTo = (int)Math.Min(change.Value.Number, _seen.Length);
            for (var k = _held; k < upTo; k++) _seen[k] = now;
            _held = Math.Max(_held, upTo);
        }
    }

    /// <summary>Ingest → published on Redis, in milliseconds, for markers <paramref name="first"/> to <paramref name="end"/> - 1 that were published.</summary>
    public double[] LatenciesMs(int first, int end)
    {
        lock (_seen)
            return [.. Enumerable.Range(first, end - first).Where(k => _seen[k] != 0)
                .Select(k => (_seen[k] - _ledger.IngestedAt(k)) * 1000.0 / _ledger.Frequency)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null) await _subscription.DisposeAsync().ConfigureAwait(false);
    }
}
