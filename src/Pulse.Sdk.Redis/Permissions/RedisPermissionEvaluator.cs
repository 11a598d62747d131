using System.Collections.Concurrent;
using Pulse.Sdk.Permissions;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>
/// The <see cref="IPermissionEvaluator"/> of a Pulse replica: it reads what the permissions role (package Pulse.Sdk.Permissions) stored
/// (<see cref="RedisPermissionStore"/>) and keeps each answer for <see cref="RedisPermissionOptions.CacheDuration"/>.
/// A tenant change announced on the channel drops that tenant's cached answers at once; after the connection
/// to Redis drops, everything cached is dropped (announcements may have been missed). Until its subscription to
/// the channel is up, it caches nothing. When Redis cannot be read, <see cref="GetAsync"/> throws (the Redis
/// client's exception): callers answer with an error, never with another user's or a guessed permission.
/// </summary>
public sealed class RedisPermissionEvaluator : IPermissionEvaluator, IAsyncDisposable
{
    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");
    private readonly RedisPermissionStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheDuration;
    private readonly int _maxCached;
    private readonly ConcurrentDictionary<(string Tenant, string User), Entry> _cache = new();
    // The newest generation announced per tenant: an answer read at an older one is stale.
    private readonly ConcurrentDictionary<string, long> _announced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private IAsyncDisposable? _subscription;
    private long _epoch;
    private volatile bool _disposed;

    /// <summary>An evaluator over <paramref name="store"/>.</summary>
    /// <param name="store">The stored permissions.</param>
    /// <param name="options">Cache duration and size; the defaults when null.</param>
    /// <param name="timeProvider">The clock of the cache; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RedisPermissionEvaluator(RedisPermissionStore store, RedisPermissionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new RedisPermissionOptions();
        options.ThrowIfInvalid();
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _cacheDuration = options.CacheDuration;
        _maxCached = options.MaxCachedUsers;
        store.Connection.ConnectionFailed += OnConnectionEvent;
        store.Connection.ConnectionRestored += OnConnectionEvent;
    }

    /// <summary>True once the evaluator listens to change announcements (and so caches).</summary>
    public bool IsSubscribed => Volatile.Read(ref _subscription) is not null;

    /// <summary>Number of answers cached now.</summary>
    public int CachedCount => _cache.Count;

    /// <inheritdoc />
    public async ValueTask<UserPermissions?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsSubscribed) await TrySubscribeAsync(cancellationToken).ConfigureAwait(false);

        var key = (tenant, user);
        var now = _time.GetUtcNow();
        var epoch = Interlocked.Read(ref _epoch);
        if (_cache.TryGetValue(key, out var cached) && cached.Expires > now && cached.Epoch == epoch && cached.Generation >= Announced(tenant))
        {
            RedisPermissionMetrics.Lookups.Add(1, Hit);
            return cached.Permissions;
        }

        RedisPermissionMetrics.Lookups.Add(1, Miss);
        var read = await _store.GetAsync(tenant, user).WaitAsync(cancellationToken).ConfigureAwait(false);
        // Cache only what is still current: subscribed, no reconnection and no newer announcement meanwhile.
        if (IsSubscribed && epoch == Interlocked.Read(ref _epoch) && read.Generation >= Announced(tenant))
        {
            if (_cache.Count >= _maxCached) _cache.Clear();
            _cache[key] = new Entry(read.Permissions, read.Generation, epoch, now + _cacheDuration);
        }
        return read.Permissions;
    }

    /// <summary>Stops listening to announcements and empties the cache. The store's connection stays the caller's.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        _store.Connection.ConnectionFailed -= OnConnectionEvent;
        _store.Connection.ConnectionRestored -= OnConnectionEvent;
        await _subscribeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var subscription = Interlocked.Exchange(ref _subscription, null);
            if (subscription is not null) await subscription.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _subscribeGate.Release();
        }
        _cache.Clear();
    }

    private long Announced(string tenant) => _announced.TryGetValue(tenant, out var g) ? g : 0;

    private async Task TrySubscribeAsync(CancellationToken cancellationToken)
    {
        await _subscribeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_subscription is not null || _disposed) return;
            var subscription = await _store.SubscribeAsync(OnChanged).ConfigureAwait(false);
            Volatile.Write(ref _subscription, subscription);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Not subscribed: answers are read from Redis every time until a later call subscribes.
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private void OnChanged(string tenant, long generation) =>
        _announced.AddOrUpdate(tenant, generation, (_, known) => Math.Max(known, generation));

    private void OnConnectionEvent(object? sender, ConnectionFailedEventArgs e)
    {
        // Announcements sent while the connection was down are lost: trust nothing cached before now.
        Interlocked.Increment(ref _epoch);
        _cache.Clear();
    }

    private sealed record Entry(UserPermissions? Permissions, long Generation, long Epoch, DateTimeOffset Expires);
}
