using System.Diagnostics;
using System.Runtime.InteropServices;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// A statistic sink that keeps current values and history series in Redis and publishes value changes
/// (docs/redis.md). <see cref="OnUpdates"/> only copies the updates into a buffer, coalesced per statistic
/// (the latest value wins), under a lock held for the copy: it never waits for Redis. A background writer
/// drains the buffer every <see cref="RedisStatisticStoreOptions.FlushInterval"/> and writes it as one pipelined
/// batch. While Redis is down the engine keeps computing and the values wait, at most one per statistic up to
/// <see cref="RedisStatisticStoreOptions.MaxBufferedValues"/> and up to
/// <see cref="RedisStatisticStoreOptions.MaxBufferedHistoryPoints"/> history points; what exceeds the bounds is
/// dropped, counted (<see cref="Status"/>, <c>pulse_redis_dropped_writes_total</c>) and reported as
/// <see cref="RedisStoreHealth.Unhealthy"/>. The buffer is written when Redis returns.
/// </summary>
public sealed class RedisStatisticStore : IStatisticSink, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly RedisStatisticStoreOptions _options;
    private readonly IDatabase _db;
    private readonly string _prefix;
    private readonly long[] _resolutionMs;
    private readonly long[] _retentionMs;
    private readonly string[] _resolutionTags;
    private readonly int _maxValues;
    private readonly int _maxHistory;

    // Engine side: filled by OnUpdates under _gate, swapped out by the writer.
    private readonly object _gate = new();
    private Dictionary<OpenedStatistic, Incoming> _incoming = new(ReferenceEqualityComparer.Instance);
    private Dictionary<OpenedStatistic, Incoming> _spare = new(ReferenceEqualityComparer.Instance);
    private int _incomingHistory;
    private List<TaskCompletionSource> _flushWaiters = [];

    // Writer side: touched only by the writer task.
    private readonly Dictionary<OpenedStatistic, StatisticUpdate> _unwritten = new(ReferenceEqualityComparer.Instance);
    private readonly List<HistoryPoint> _unwrittenHistory = [];
    private readonly Dictionary<OpenedStatistic, Series> _series = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, long> _lastTrim = new(StringComparer.Ordinal);
    private readonly Dictionary<ObjectRef, string> _valueKeys = [];
    private readonly Dictionary<(string, int), string> _historyKeys = [];
    private const int HistoryChunk = 4096;
    private readonly List<TaskCompletionSource> _waiting = [];
    private long _latestMs = long.MinValue;
    private long _lastSweep = long.MinValue;

    // Status, read from any thread.
    private volatile int _bufferedValues;
    private volatile int _bufferedHistory;
    private long _droppedValues;
    private long _droppedHistory;
    private long _written;
    private volatile bool _dropsSinceSuccess;
    private volatile bool _lastWriteFailed;
    private volatile string? _lastError;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _disposed;

    /// <summary>A store writing through <paramref name="connection"/>, which stays the caller's (never disposed here).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="options">Options; defaults when null. Validated now.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public RedisStatisticStore(IConnectionMultiplexer connection, RedisStatisticStoreOptions? options = null)
        : this(connection, options ?? new RedisStatisticStoreOptions(), ownsConnection: false)
    {
    }

    private RedisStatisticStore(IConnectionMultiplexer connection, RedisStatisticStoreOptions options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options.ThrowIfInvalid();
        _connection = connection;
        _ownsConnection = ownsConnection;
        _options = options;
        _prefix = options.KeyPrefix;
        _db = connection.GetDatabase(options.Database);
        var tiers = options.HistoryTiers.ToArray();
        Tiers = tiers;
        _resolutionMs = [.. tiers.Select(t => t.Resolution.Ticks / TimeSpan.TicksPerMillisecond)];
        _retentionMs = [.. tiers.Select(t => t.Retention.Ticks / TimeSpan.TicksPerMillisecond)];
        _resolutionTags = [.. tiers.Select(t => RedisKeys.ResolutionTag(t.Resolution))];
        _maxValues = options.MaxBufferedValues;
        _maxHistory = options.MaxBufferedHistoryPoints;
        Name = options.Name;
        RedisMetrics.Register(this);
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Connects to <paramref name="configuration"/> (see <see cref="RedisStatisticStoreOptions.CreateConfiguration"/>; port 6380 by default) and returns a store that owns the connection. Does not fail while Redis is down: the store buffers until it is up.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<RedisStatisticStore> ConnectAsync(string configuration, RedisStatisticStoreOptions? options = null)
    {
        options ??= new RedisStatisticStoreOptions();
        options.ThrowIfInvalid();
        var connection = await ConnectionMultiplexer.ConnectAsync(options.CreateConfiguration(configuration)).ConfigureAwait(false);
        return new RedisStatisticStore(connection, options, ownsConnection: true);
    }

    /// <summary>The <c>store</c> tag of the metrics.</summary>
    public string Name { get; }

    /// <summary>The history tiers, finest first.</summary>
    public IReadOnlyList<RedisHistoryTier> Tiers { get; }

    /// <summary>The store's state: connection, buffer, drops, health.</summary>
    public RedisStoreStatus Status
    {
        get
        {
            var connected = _connection.IsConnected;
            int incoming;
            lock (_gate) incoming = _incoming.Count;
            var health = _dropsSinceSuccess ? RedisStoreHealth.Unhealthy
                : !connected || _lastWriteFailed ? RedisStoreHealth.Degraded
                : RedisStoreHealth.Healthy;
            return new RedisStoreStatus(health, connected, _bufferedValues + incoming, _bufferedHistory,
                Interlocked.Read(ref _droppedValues), Interlocked.Read(ref _droppedHistory), Interlocked.Read(ref _written), _lastError);
        }
    }

    /// <inheritdoc />
    public void OnUpdates(ReadOnlySpan<StatisticUpdate> updates)
    {
        if (Volatile.Read(ref _disposed) != 0 || updates.IsEmpty) return;
        var finest = _resolutionMs.Length > 0 ? _resolutionMs[0] : 0;
        long droppedValues = 0, droppedHistory = 0;
        lock (_gate)
        {
            foreach (ref readonly var u in updates)
            {
                ref var e = ref CollectionsMarshal.GetValueRefOrAddDefault(_incoming, u.Statistic, out var exists);
                if (!exists)
                {
                    if (_incoming.Count > _maxValues)
                    {
                        _incoming.Remove(u.Statistic);
                        droppedValues++;
                        continue;
                    }
                    e.Latest = u;
                    continue;
                }
                // A value that closes a finest history bucket is kept for the history, the rest coalesce.
                if (finest > 0 && Bucket(e.Latest.Time.ToUnixTimeMilliseconds(), finest) != Bucket(u.Time.ToUnixTimeMilliseconds(), finest))
                {
                    if (_incomingHistory < _maxHistory)
                    {
                        (e.Earlier ??= []).Add(e.Latest);
                        _incomingHistory++;
                    }
                    else droppedHistory++;
                }
                e.Latest = u;
            }
        }
        if (droppedValues > 0) Dropped(droppedValues, 0);
        if (droppedHistory > 0) Dropped(0, droppedHistory);
    }

    /// <summary>Waits until everything received before the call has been written to Redis (waits through an outage; cancel to stop waiting).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _flushWaiters.Add(tcs);
        _wake.Release();
        return tcs.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The current value of a statistic as stored in Redis, or null.</summary>
    public async Task<StatisticValue?> GetValueAsync(ObjectRef obj, string statistic)
    {
        ArgumentException.ThrowIfNullOrEmpty(statistic);
        var v = await _db.HashGetAsync(RedisKeys.Values(_prefix, obj), statistic).ConfigureAwait(false);
        return v.IsNull ? null : RedisValueEncoding.Decode(((string)v!).AsSpan());
    }

    /// <summary>Every current value of an object as stored in Redis, by statistic name.</summary>
    public async Task<IReadOnlyDictionary<string, StatisticValue>> GetValuesAsync(ObjectRef obj)
    {
        var entries = await _db.HashGetAllAsync(RedisKeys.Values(_prefix, obj)).ConfigureAwait(false);
        var result = new Dictionary<string, StatisticValue>(entries.Length, StringComparer.Ordinal);
        foreach (var e in entries) result[(string)e.Name!] = RedisValueEncoding.Decode(((string)e.Value!).AsSpan());
        return result;
    }

    /// <summary>The history of a statistic at one of the <see cref="Tiers"/>' resolutions, buckets starting in [from, to], oldest first.</summary>
    /// <exception cref="ArgumentException">No tier has that resolution.</exception>
    public async Task<IReadOnlyList<RedisHistoryPoint>> GetHistoryAsync(ObjectRef obj, string statistic, TimeSpan resolution, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrEmpty(statistic);
        if (!Tiers.Any(t => t.Resolution == resolution))
            throw new ArgumentException($"No history tier has resolution {resolution}; the tiers are: {string.Join(", ", Tiers.Select(t => t.Resolution))}", nameof(resolution));
        var tag = RedisKeys.ResolutionTag(resolution);
        var field = RedisKeys.HistoryField(obj, statistic);
        var buckets = await _db.SortedSetRangeByScoreAsync(RedisKeys.History(_prefix, obj.Tenant, resolution),
            from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()).ConfigureAwait(false);
        var starts = new long[buckets.Length];
        var reads = new Task<RedisValue>[buckets.Length];
        var batch = _db.CreateBatch();
        for (var i = 0; i < buckets.Length; i++)
        {
            starts[i] = (long)buckets[i];
            reads[i] = batch.HashGetAsync(RedisKeys.HistoryBucket(_prefix, obj.Tenant, tag, starts[i]), field);
        }
        batch.Execute();
        await Task.WhenAll(reads).ConfigureAwait(false);
        var list = new List<RedisHistoryPoint>(buckets.Length);
        for (var i = 0; i < buckets.Length; i++)
        {
            var v = reads[i].Result;
            if (v.IsNull) continue; // the statistic did not change in that bucket, or the bucket expired
            list.Add(new RedisHistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(starts[i]), RedisValueEncoding.Decode(((string)v!).AsSpan())));
        }
        return list;
    }

    /// <summary>Stops the writer after a last attempt (within <see cref="RedisStatisticStoreOptions.DisposeTimeout"/>) to write what is buffered, open history buckets included; disposes the connection only if the store created it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        RedisMetrics.Unregister(this);
        lock (_gate)
        {
            foreach (var w in _flushWaiters) w.TrySetException(new ObjectDisposedException(nameof(RedisStatisticStore)));
            _flushWaiters.Clear();
        }
        foreach (var w in _waiting) w.TrySetException(new ObjectDisposedException(nameof(RedisStatisticStore)));
        _stop.Dispose();
        _wake.Dispose();
        if (_ownsConnection) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunWriterAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.FlushInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await CycleAsync(closeAll: false).ConfigureAwait(false);
        }
        try
        {
            await CycleAsync(closeAll: true).WaitAsync(_options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _lastError = "dispose: the buffer could not be written within DisposeTimeout";
        }
    }

    private async Task CycleAsync(bool closeAll)
    {
        try
        {
            Dictionary<OpenedStatistic, Incoming> batch;
            List<TaskCompletionSource> waiters;
            lock (_gate)
            {
                batch = _incoming;
                _incoming = _spare;
                _incomingHistory = 0;
                waiters = _flushWaiters;
                _flushWaiters = [];
            }
            foreach (var (statistic, e) in batch)
            {
                if (e.Earlier is { } earlier)
                    foreach (var p in earlier) AddHistory(statistic, p);
                if (statistic.IsOpen) AddHistory(statistic, e.Latest);
                else CloseSeries(statistic);
                AddValue(statistic, e.Latest);
            }
            batch.Clear();
            _spare = batch;
            Sweep(closeAll);
            _waiting.AddRange(waiters);
            _bufferedValues = _unwritten.Count;
            _bufferedHistory = _unwrittenHistory.Count;
            if (_unwritten.Count == 0 && _unwrittenHistory.Count == 0)
            {
                CompleteWaiters();
                return;
            }
            if (!_connection.IsConnected) return;
            await WriteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _lastError = ex.Message;
        }
    }

    private void AddValue(OpenedStatistic statistic, StatisticUpdate update)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_unwritten, statistic, out var exists);
        if (!exists && _unwritten.Count > _maxValues)
        {
            _unwritten.Remove(statistic);
            Dropped(1, 0);
            return;
        }
        slot = update;
    }

    private void AddHistory(OpenedStatistic statistic, StatisticUpdate update)
    {
        if (_resolutionMs.Length == 0) return;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_series, statistic, out _);
        entry ??= new Series(RedisKeys.HistoryField(statistic.Object, statistic.Type.Name), _resolutionMs.Length);
        var series = entry.Open;
        var ms = update.Time.ToUnixTimeMilliseconds();
        if (ms > _latestMs) _latestMs = ms;
        for (var i = 0; i < series.Length; i++)
        {
            var bucket = Bucket(ms, _resolutionMs[i]) * _resolutionMs[i];
            ref var open = ref series[i];
            if (open.Has && open.Start != bucket) Emit(statistic, entry.Field, i, open);
            open = new OpenBucket(bucket, update.Value, true);
        }
    }

    private void CloseSeries(OpenedStatistic statistic)
    {
        if (!_series.Remove(statistic, out var entry)) return;
        var series = entry.Open;
        for (var i = 0; i < series.Length; i++)
            if (series[i].Has) Emit(statistic, entry.Field, i, series[i]);
    }

    /// <summary>Writes the buckets that ended: at most once per finest bucket of the engine clock, or all when closing.</summary>
    private void Sweep(bool closeAll)
    {
        if (_resolutionMs.Length == 0 || _latestMs == long.MinValue) return;
        var now = Bucket(_latestMs, _resolutionMs[0]);
        if (!closeAll && now == _lastSweep) return;
        _lastSweep = now;
        foreach (var (statistic, entry) in _series)
            for (var i = 0; i < entry.Open.Length; i++)
            {
                ref var open = ref entry.Open[i];
                if (open.Has && (closeAll || open.Start + _resolutionMs[i] <= _latestMs))
                {
                    Emit(statistic, entry.Field, i, open);
                    open.Has = false;
                }
            }
    }

    private void Emit(OpenedStatistic statistic, string field, int tier, OpenBucket bucket)
    {
        if (_unwrittenHistory.Count >= _maxHistory)
        {
            Dropped(0, 1);
            return;
        }
        _unwrittenHistory.Add(new HistoryPoint(statistic.Object.Tenant, field, tier, bucket.Start, bucket.Value));
    }

    private async Task WriteAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var batch = _db.CreateBatch();
        var tasks = new List<Task>();
        var sets = new Dictionary<ObjectRef, (List<HashEntry> Set, List<RedisValue> Delete)>();
        var changes = _options.PublishChanges ? new Dictionary<string, List<RedisStatisticChange>>(StringComparer.Ordinal) : null;
        foreach (var (statistic, update) in _unwritten)
        {
            var obj = statistic.Object;
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(sets, obj, out var exists);
            if (!exists) group = ([], []);
            var name = statistic.Type.Name;
            if (statistic.IsOpen) group.Set.Add(new HashEntry(name, RedisValueEncoding.Encode(update.Value)));
            else group.Delete.Add(name);
            if (changes is not null)
            {
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(changes, obj.Tenant, out _);
                (list ??= []).Add(new RedisStatisticChange(obj, name, update.Value, update.Time, !statistic.IsOpen));
            }
        }
        foreach (var (obj, group) in sets)
        {
            var key = ValueKey(obj);
            if (group.Set.Count > 0) tasks.Add(batch.HashSetAsync(key, group.Set.ToArray()));
            if (group.Delete.Count > 0) tasks.Add(batch.HashDeleteAsync(key, group.Delete.ToArray()));
        }
        if (_unwrittenHistory.Count > 0)
        {
            // One hash per tenant, tier and bucket holding every statistic that has a point there (field
            // Type:Id:statistic): HSETs of up to HistoryChunk fields (a field given twice keeps the later, i.e. the
            // last value of the bucket), one PEXPIRE, one ZADD into the tenant's bucket index.
            var buckets = new Dictionary<(string, int, long), List<HashEntry>>();
            (string Tenant, int Tier, long Start) lastKey = default;
            List<HashEntry>? last = null;
            foreach (var p in _unwrittenHistory)
            {
                if (last is null || p.Tier != lastKey.Tier || p.Start != lastKey.Start || !string.Equals(p.Tenant, lastKey.Tenant, StringComparison.Ordinal))
                {
                    lastKey = (p.Tenant, p.Tier, p.Start);
                    ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, lastKey, out _);
                    last = list ??= [];
                }
                last.Add(new HashEntry(p.Field, RedisValueEncoding.Encode(p.Value)));
            }
            var newest = new Dictionary<(string, int), long>();
            foreach (var ((tenant, tier, start), fields) in buckets)
            {
                var index = HistoryKey(tenant, tier);
                var key = RedisKeys.HistoryBucket(_prefix, tenant, _resolutionTags[tier], start);
                var span = CollectionsMarshal.AsSpan(fields);
                for (var i = 0; i < span.Length; i += HistoryChunk)
                    tasks.Add(batch.HashSetAsync(key, span.Slice(i, Math.Min(HistoryChunk, span.Length - i)).ToArray()));
                tasks.Add(batch.KeyExpireAsync(key, TimeSpan.FromMilliseconds(_retentionMs[tier] + _resolutionMs[tier])));
                tasks.Add(batch.SortedSetAddAsync(index, start, start));
                ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(newest, (tenant, tier), out var seen);
                if (!seen || start > n) n = start;
            }
            foreach (var ((tenant, tier), top) in newest)
            {
                var index = HistoryKey(tenant, tier);
                var retention = _retentionMs[tier];
                // Trim the index about every 1/60 of the retention: buckets stay listed at most that much longer
                // than the retention; the bucket hashes expire on their own.
                if (!_lastTrim.TryGetValue(index, out var trimmed) || top - trimmed >= Math.Max(_resolutionMs[tier], retention / 60))
                {
                    tasks.Add(batch.SortedSetRemoveRangeByScoreAsync(index, double.NegativeInfinity, top - retention, Exclude.Stop));
                    tasks.Add(batch.KeyExpireAsync(index, TimeSpan.FromMilliseconds(retention + _resolutionMs[tier])));
                    _lastTrim[index] = top;
                }
            }
        }
        if (changes is not null)
            foreach (var (tenant, list) in changes)
                tasks.Add(batch.PublishAsync(RedisKeys.Updates(_prefix, tenant), RedisStatisticSubscriber.Encode(tenant, list)));
        batch.Execute();
        var all = Task.WhenAll(tasks);
        try
        {
            await all.WaitAsync(_options.WriteTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Kept in the buffer for the next cycle; rewriting is idempotent (same fields, same history buckets and fields).
            _ = all.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            _lastWriteFailed = true;
            _lastError = ex.Message;
            RedisMetrics.WriteErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
            return;
        }
        var written = _unwritten.Count;
        _unwritten.Clear();
        _unwrittenHistory.Clear();
        _bufferedValues = 0;
        _bufferedHistory = 0;
        Interlocked.Add(ref _written, written);
        _lastWriteFailed = false;
        _dropsSinceSuccess = false;
        var tag = new KeyValuePair<string, object?>("store", Name);
        RedisMetrics.WrittenValues.Add(written, tag);
        RedisMetrics.WriteSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        CompleteWaiters();
    }

    private void CompleteWaiters()
    {
        foreach (var w in _waiting) w.TrySetResult();
        _waiting.Clear();
    }

    private void Dropped(long values, long history)
    {
        _dropsSinceSuccess = true;
        var store = new KeyValuePair<string, object?>("store", Name);
        if (values > 0)
        {
            Interlocked.Add(ref _droppedValues, values);
            RedisMetrics.DroppedWrites.Add(values, store, new KeyValuePair<string, object?>("kind", "value"));
        }
        if (history > 0)
        {
            Interlocked.Add(ref _droppedHistory, history);
            RedisMetrics.DroppedWrites.Add(history, store, new KeyValuePair<string, object?>("kind", "history"));
        }
    }

    private string ValueKey(ObjectRef obj)
    {
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(_valueKeys, obj, out _);
        return key ??= RedisKeys.Values(_prefix, obj);
    }

    private string HistoryKey(string tenant, int tier)
    {
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(_historyKeys, (tenant, tier), out _);
        return key ??= RedisKeys.History(_prefix, tenant, Tiers[tier].Resolution);
    }

    private static long Bucket(long ms, long resolution) => ms >= 0 ? ms / resolution : (ms - resolution + 1) / resolution;

    private struct Incoming
    {
        public StatisticUpdate Latest;
        public List<StatisticUpdate>? Earlier;
    }

    private struct OpenBucket(long start, StatisticValue value, bool has)
    {
        public long Start = start;
        public StatisticValue Value = value;
        public bool Has = has;
    }

    private sealed class Series(string field, int tiers)
    {
        public readonly string Field = field;
        public readonly OpenBucket[] Open = new OpenBucket[tiers];
    }

    private readonly record struct HistoryPoint(string Tenant, string Field, int Tier, long Start, StatisticValue Value);
}
