using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Service.Diagnostics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// The live push of one Pulse replica: follows the <see cref="IStatisticValueSource"/> of every tenant that has a
/// subscriber and routes each change, by (tenant, object, statistic), to the subscriptions that show it. A subscription is
/// only ever routed the objects its user may see (checked when it subscribes and at every permission refresh), so a value
/// outside a user's access never reaches that user's queue.
/// </summary>
/// <remarks>
/// It also reports <c>maxStatisticValueDelay</c> to <c>/health/detail</c>: the largest delay, over the last
/// <see cref="PulseServiceOptions.HealthDelayWindow"/>, between a routed value's computation (the engine clock) and its
/// arrival here. A tenant stays followed once it had a subscriber, until the hub is disposed.
/// </remarks>
public sealed class LiveHub : IHealthCheck, IAsyncDisposable
{
    private readonly IStatisticValueSource _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantFeed> _tenants = new(StringComparer.Ordinal);
    private readonly HashSet<LiveConnection> _connections = [];
    // The connections a batch of changes reached (used under the lock, kept between batches to keep its size).
    private readonly HashSet<LiveConnection> _woken = [];
    private int _subscriptions;
    // Two windows: the largest delay of the current one and of the one before.
    private DateTimeOffset _windowStart;
    private TimeSpan _maxDelay;
    private TimeSpan _previousMaxDelay;

    /// <summary>Creates the hub; the container calls this.</summary>
    /// <param name="source">Where values come from.</param>
    /// <param name="time">The clock of the health window.</param>
    /// <param name="options">The service options.</param>
    public LiveHub(IStatisticValueSource source, TimeProvider time, IOptions<PulseServiceOptions> options)
        // Built without a container there is no IMeterFactory: the process-wide instruments.
        : this(source, time, options, ServiceMetrics.Shared)
    {
    }

    /// <summary>The container's hub, measured on the host's meter (<c>AddPulseService</c>).</summary>
    internal LiveHub(IStatisticValueSource source, TimeProvider time, IOptions<PulseServiceOptions> options, ServiceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _time = time;
        Metrics = metrics;
        _window = options.Value.HealthDelayWindow;
        _windowStart = time.GetUtcNow();
    }

    /// <summary>The service's instruments, which its live connections record on.</summary>
    internal ServiceMetrics Metrics { get; }

    /// <summary>The subscriptions held by this replica's live connections.</summary>
    public int SubscriptionCount
    {
        get { lock (_gate) return _subscriptions; }
    }

    /// <summary>The open live connections of this replica.</summary>
    public int ConnectionCount
    {
        get { lock (_gate) return _connections.Count; }
    }

    /// <summary>
    /// Makes the live connections of <paramref name="tenant"/> (of one user, or all when <paramref name="user"/> is null)
    /// read their permissions and layouts now rather than at the next refresh; call it when they changed.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user, or null for every user of the tenant.</param>
    public void RefreshPermissions(string tenant, string? user = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        LiveConnection[] targets;
        lock (_gate) targets = [.. _connections.Where(c => c.Tenant == tenant && (user is null || c.User == user))];
        foreach (var c in targets) c.RequestRefresh();
    }

    /// <inheritdoc />
    /// <summary>The name of the <see cref="HealthCheckResult.Data"/> entry with the longest delay of a pushed value, in seconds.</summary>
    public const string MaxStatisticValueDelayKey = "maxStatisticValueDelay";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            RollWindow(_time.GetUtcNow());
            var delay = _maxDelay > _previousMaxDelay ? _maxDelay : _previousMaxDelay;
            return Task.FromResult(HealthCheckResult.Healthy(data: new Dictionary<string, object> { [MaxStatisticValueDelayKey] = delay.TotalSeconds }));
        }
    }

    internal void Add(LiveConnection connection)
    {
        lock (_gate) _connections.Add(connection);
    }

    internal void Remove(LiveConnection connection)
    {
        lock (_gate) _connections.Remove(connection);
    }

    /// <summary>Routes <paramref name="keys"/> of <paramref name="tenant"/> to <paramref name="subscription"/>, replacing what it had; follows the tenant first if needed.</summary>
    internal async Task RouteAsync(string tenant, LiveSubscription subscription, IReadOnlyCollection<StatisticKey> keys, CancellationToken cancellationToken)
    {
        TenantFeed feed;
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out feed!)) _tenants[tenant] = feed = new TenantFeed(this, tenant);
        }
        await feed.EnsureFollowedAsync(_source, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (feed.BySubscription.Remove(subscription, out var old))
                foreach (var k in old) Unroute(feed, k, subscription);
            else _subscriptions++;
            var list = keys.ToArray();
            feed.BySubscription[subscription] = list;
            foreach (var k in list)
            {
                if (!feed.Routes.TryGetValue(k, out var subs)) feed.Routes[k] = subs = [];
                subs.Add(subscription);
            }
        }
    }

    /// <summary>Stops routing anything to <paramref name="subscription"/>.</summary>
    internal void Unroute(string tenant, LiveSubscription subscription)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var feed) || !feed.BySubscription.Remove(subscription, out var old)) return;
            foreach (var k in old) Unroute(feed, k, subscription);
            _subscriptions--;
        }
    }

    private static void Unroute(TenantFeed feed, StatisticKey key, LiveSubscription subscription)
    {
        if (!feed.Routes.TryGetValue(key, out var subs)) return;
        subs.Remove(subscription);
        if (subs.Count == 0) feed.Routes.Remove(key);
    }

    private void OnChanges(TenantFeed feed, IReadOnlyList<StatisticChange> changes)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            RollWindow(now);
            foreach (var c in changes)
            {
                var key = new StatisticKey(c.Object.Type, c.Object.Id, c.Statistic);
                if (!feed.Routes.TryGetValue(key, out var subs)) continue;
                if (c.Time is { } t && now - t > _maxDelay) _maxDelay = now - t;
                foreach (var s in subs)
                    if (s.Offer(key, c)) _woken.Add(s.Connection);
            }
            // Each connection is woken once, after the whole batch: its next delta carries the batch, not a part of it.
            foreach (var connection in _woken) connection.Signal();
            _woken.Clear();
        }
    }

    private void OnGap(TenantFeed feed)
    {
        LiveSubscription[] subs;
        lock (_gate) subs = [.. feed.BySubscription.Keys];
        foreach (var s in subs) s.Connection.RequestSnapshot(s);
    }

    private void RollWindow(DateTimeOffset now)
    {
        if (now - _windowStart < _window) return;
        _previousMaxDelay = now - _windowStart < _window * 2 ? _maxDelay : TimeSpan.Zero;
        _maxDelay = TimeSpan.Zero;
        _windowStart = now;
    }

    /// <summary>Stops following every tenant.</summary>
    public async ValueTask DisposeAsync()
    {
        TenantFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _tenants.Values];
            _tenants.Clear();
        }
        foreach (var f in feeds) await f.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class TenantFeed(LiveHub hub, string tenant) : IStatisticChangeObserver, IAsyncDisposable
    {
        private readonly SemaphoreSlim _subscribing = new(1, 1);
        private IAsyncDisposable? _subscription;

        public Dictionary<StatisticKey, HashSet<LiveSubscription>> Routes { get; } = [];

        public Dictionary<LiveSubscription, StatisticKey[]> BySubscription { get; } = new(ReferenceEqualityComparer.Instance);

        public async Task EnsureFollowedAsync(IStatisticValueSource source, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _subscription) is not null) return;
            await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _subscription ??= await source.SubscribeAsync(tenant, this, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _subscribing.Release();
            }
        }

        public void OnChanges(IReadOnlyList<StatisticChange> changes) => hub.OnChanges(this, changes);

        public void OnGap() => hub.OnGap(this);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _subscription, null) is { } s) await s.DisposeAsync().ConfigureAwait(false);
            _subscribing.Dispose();
        }
    }
}
