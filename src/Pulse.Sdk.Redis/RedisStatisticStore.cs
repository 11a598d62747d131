using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
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
    private IncomingBuffer _incoming = new();
    private IncomingBuffer _spare = new();
    private int _incomingHistory;
    private List<TaskCompletionSource> _flushWaiters = [];

    // Writer side: touched only by the writer task. What a write needs of a statistic, its object and its
    // tenant (keys, field names, JSON pieces) is built once and kept, with the statistic's open history buckets.
    private readonly Dictionary<OpenedStatistic, StatisticEntry> _statistics = new(ReferenceEqualityComparer.Instance);
    private StatisticEntry?[] _entryById = new StatisticEntry?[1024];
    private readonly Dictionary<ObjectRef, ObjectEntry> _objects = [];
    private readonly Dictionary<string, TenantEntry> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NameEntry> _names = new(StringComparer.Ordinal);
    private readonly List<ObjectEntry> _unwrittenObjects = [];
    private int _unwrittenCount;
    private readonly List<HistoryPoint> _unwrittenHistory = [];
    private const int HistoryChunk = 4096;
    private readonly List<TaskCompletionSource> _waiting = [];
    private long _latestMs = long.MinValue;
    private long _lastSweep = long.MinValue;
    private long _bucketsOfMs = long.MinValue;
    private readonly long[] _bucketStarts;
    // Per tier: the bucket of _latestMs, how many statistics have an open bucket, and how many of those are in it.
    private readonly long[] _currentBucket;
    private readonly int[] _openBuckets;
    private readonly int[] _openInCurrent;

    // The write under way. Encoded values and field arrays go to StackExchange.Redis without copies and are
    // reused by the next write once Redis has answered.
    private const int CommandsPerExecute = 1024;
    private IBatch? _batch;
    private int _batchNumber = 1;
    private readonly ByteArena _bytes = new(64 * 1024);
    private readonly ArrayReuse<HashEntry> _fieldArrays = new();
    private readonly ArrayReuse<RedisValue> _nameArrays = new();
    private readonly List<TenantEntry> _batchTenants = [];
    private readonly Dictionary<(TenantEntry, int, long), BucketEntry> _batchBuckets = [];
    private readonly List<(TenantEntry Tenant, int Tier)> _batchIndexes = [];
    private readonly List<Task> _tasks = [];

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
        _bucketStarts = new long[tiers.Length];
        _currentBucket = [.. tiers.Select(_ => long.MinValue)];
        _openBuckets = new int[tiers.Length];
        _openInCurrent = new int[tiers.Length];
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
                var i = _incoming.IndexOf(u.Statistic);
                if (i < 0)
                {
                    if (_incoming.Count >= _maxValues) droppedValues++;
                    else _incoming.Add(u);
                    continue;
                }
                ref var e = ref _incoming.Items[i];
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

    /// <summary>
    /// The engine closed <paramref name="statistic"/>: its value is deleted from the object's hash and published as removed,
    /// and its open history buckets are written, with the next write. Like a value, it waits in the buffer while Redis is down.
    /// </summary>
    public void OnClosed(OpenedStatistic statistic, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (Volatile.Read(ref _disposed) != 0) return;
        var dropped = false;
        lock (_gate)
        {
            var i = _incoming.IndexOf(statistic);
            if (i >= 0)
            {
                ref var e = ref _incoming.Items[i];
                e.Closed = true;
                e.Latest = e.Latest with { Time = time };
            }
            else if (_incoming.Count >= _maxValues) dropped = true;
            else _incoming.Add(new StatisticUpdate(statistic, default, time), closed: true);
        }
        if (dropped) Dropped(1, 0);
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until what was received before the call is written to Redis (<see cref="FlushAsync"/>); false when it was not in time.</summary>
    public bool ForceFlush(TimeSpan timeout)
    {
        if (Volatile.Read(ref _disposed) != 0) return false;
        try
        {
            return FlushAsync().Wait(timeout);
        }
        catch (AggregateException e) when (e.InnerException is ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Writes what is buffered, as <see cref="ForceFlush"/> does; the store stays usable for reads until its owner disposes it.</summary>
    public bool Shutdown(TimeSpan timeout) => ForceFlush(timeout);

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
            IncomingBuffer batch;
            List<TaskCompletionSource> waiters;
            lock (_gate)
            {
                batch = _incoming;
                _incoming = _spare;
                _incomingHistory = 0;
                waiters = _flushWaiters;
                _flushWaiters = [];
            }
            foreach (ref readonly var e in batch.Items)
            {
                var statistic = e.Latest.Statistic;
                var entry = Entry(statistic);
                if (e.Earlier is { } earlier)
                    foreach (var p in earlier) AddHistory(entry, p);
                if (e.Closed) CloseSeries(statistic, entry);
                else AddHistory(entry, e.Latest);
                AddValue(entry, e.Latest, e.Closed);
            }
            batch.Clear();
            _spare = batch;
            Sweep(closeAll);
            _waiting.AddRange(waiters);
            _bufferedValues = _unwrittenCount;
            _bufferedHistory = _unwrittenHistory.Count;
            if (_unwrittenCount == 0 && _unwrittenHistory.Count == 0)
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

    private StatisticEntry Entry(OpenedStatistic statistic)
    {
        // Found by id (dense within an engine) when it can be, as IncomingBuffer does; the dictionary holds them all.
        var id = statistic.Id;
        if ((uint)id < (uint)_entryById.Length && _entryById[id] is { } known && ReferenceEquals(known.Statistic, statistic)) return known;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_statistics, statistic, out _);
        if (entry is null)
        {
            var obj = ObjectOf(statistic.Object);
            ref var name = ref CollectionsMarshal.GetValueRefOrAddDefault(_names, statistic.Type.Name, out _);
            name ??= new NameEntry(statistic.Type.Name);
            var historyField = _resolutionMs.Length > 0 ? (RedisValue)Encoding.UTF8.GetBytes(RedisKeys.HistoryField(statistic.Object, statistic.Type.Name)) : RedisValue.Null;
            entry = new StatisticEntry(statistic, obj, name, historyField, _resolutionMs.Length);
        }
        if (id >= 0 && id < IncomingBuffer.MaxDirectId)
        {
            if (id >= _entryById.Length) Array.Resize(ref _entryById, (int)Math.Min(IncomingBuffer.MaxDirectId, Math.Max((long)_entryById.Length * 2, id + 1L)));
            _entryById[id] ??= entry;
        }
        return entry;
    }

    private ObjectEntry ObjectOf(ObjectRef obj)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_objects, obj, out _);
        if (entry is not null) return entry;
        ref var tenant = ref CollectionsMarshal.GetValueRefOrAddDefault(_tenants, obj.Tenant, out _);
        tenant ??= new TenantEntry(_prefix, obj.Tenant, Tiers);
        return entry = new ObjectEntry(_prefix, obj, tenant);
    }

    /// <summary>Makes <paramref name="update"/> the value of the statistic that waits to be written, unless the buffer is full.</summary>
    private void AddValue(StatisticEntry entry, StatisticUpdate update, bool closed)
    {
        if (!entry.Waiting)
        {
            if (_unwrittenCount >= _maxValues)
            {
                Dropped(1, 0);
                return;
            }
            entry.Waiting = true;
            _unwrittenCount++;
            var obj = entry.Object;
            if (obj.LastWaiting is null)
            {
                obj.FirstWaiting = entry;
                _unwrittenObjects.Add(obj);
            }
            else obj.LastWaiting.NextWaiting = entry;
            obj.LastWaiting = entry;
        }
        entry.Update = update;
        entry.Closed = closed;
    }

    private void AddHistory(StatisticEntry entry, StatisticUpdate update)
    {
        if (_resolutionMs.Length == 0) return;
        var series = entry.Open;
        var ms = update.Time.ToUnixTimeMilliseconds();
        if (ms != _bucketsOfMs)
        {
            // The updates of a flush mostly share their time: compute the bucket starts once per time.
            for (var i = 0; i < _bucketStarts.Length; i++) _bucketStarts[i] = Bucket(ms, _resolutionMs[i]) * _resolutionMs[i];
            _bucketsOfMs = ms;
            if (ms > _latestMs)
            {
                _latestMs = ms;
                for (var i = 0; i < _bucketStarts.Length; i++)
                    if (_bucketStarts[i] != _currentBucket[i])
                    {
                        _currentBucket[i] = _bucketStarts[i];
                        _openInCurrent[i] = 0;
                    }
            }
        }
        for (var i = 0; i < series.Length; i++)
        {
            var bucket = _bucketStarts[i];
            ref var open = ref series[i];
            if (open.Has && open.Start == bucket)
            {
                open.Value = update.Value;
                continue;
            }
            if (open.Has)
            {
                Emit(entry, i, open);
                Closed(i, open.Start);
            }
            open = new OpenBucket(bucket, update.Value, true);
            _openBuckets[i]++;
            if (bucket == _currentBucket[i]) _openInCurrent[i]++;
        }
    }

    private void Closed(int tier, long start)
    {
        _openBuckets[tier]--;
        if (start == _currentBucket[tier]) _openInCurrent[tier]--;
    }

    /// <summary>Writes the open buckets of a closed statistic and forgets it (its deletion may still wait to be written).</summary>
    private void CloseSeries(OpenedStatistic statistic, StatisticEntry entry)
    {
        _statistics.Remove(statistic);
        if ((uint)statistic.Id < (uint)_entryById.Length && _entryById[statistic.Id] == entry) _entryById[statistic.Id] = null;
        var series = entry.Open;
        for (var i = 0; i < series.Length; i++)
            if (series[i].Has)
            {
                Emit(entry, i, series[i]);
                Closed(i, series[i].Start);
                series[i].Has = false;
            }
    }

    /// <summary>Writes the buckets that ended: at most once per finest bucket of the engine clock, or all when closing.</summary>
    private void Sweep(bool closeAll)
    {
        if (_resolutionMs.Length == 0 || _latestMs == long.MinValue) return;
        var now = Bucket(_latestMs, _resolutionMs[0]);
        if (!closeAll && now == _lastSweep) return;
        _lastSweep = now;
        // Every open bucket before the current one has ended; when there is none (every statistic changed in
        // the current bucket), nothing needs looking at.
        var ended = closeAll;
        for (var i = 0; i < _openBuckets.Length; i++) ended |= _openBuckets[i] > _openInCurrent[i];
        if (!ended) return;
        foreach (var entry in _statistics.Values)
            for (var i = 0; i < entry.Open.Length; i++)
            {
                ref var open = ref entry.Open[i];
                if (open.Has && (closeAll || open.Start + _resolutionMs[i] <= _latestMs))
                {
                    Emit(entry, i, open);
                    Closed(i, open.Start);
                    open.Has = false;
                }
            }
    }

    private void Emit(StatisticEntry entry, int tier, OpenBucket bucket)
    {
        if (_unwrittenHistory.Count >= _maxHistory)
        {
            Dropped(0, 1);
            return;
        }
        _unwrittenHistory.Add(new HistoryPoint(entry.Object.Tenant, entry.HistoryField, tier, bucket.Start, bucket.Value));
    }

    /// <summary>
    /// Writes what waits as pipelined batches, executed every <see cref="CommandsPerExecute"/> commands so Redis
    /// works while the rest is prepared; all of it is awaited once at the end.
    /// </summary>
    private async Task WriteAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var answered = false;
        try
        {
            _batch = _db.CreateBatch();
            WriteValues();
            if (_unwrittenHistory.Count > 0) WriteHistory();
            foreach (var tenant in _batchTenants) Send(_batch.PublishAsync(tenant.Channel, tenant.EndMessage()));
            _batch.Execute();
            _batch = null;
            var all = Task.WhenAll(_tasks);
            try
            {
                await all.WaitAsync(_options.WriteTimeout).ConfigureAwait(false);
                answered = true;
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
        }
        finally
        {
            EndBatch(answered);
        }
        var written = _unwrittenCount;
        foreach (var obj in _unwrittenObjects)
        {
            for (var e = obj.FirstWaiting; e is not null;)
            {
                var next = e.NextWaiting;
                e.Waiting = false;
                e.NextWaiting = null;
                e = next;
            }
            obj.FirstWaiting = obj.LastWaiting = null;
        }
        _unwrittenObjects.Clear();
        _unwrittenCount = 0;
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

    /// <summary>
    /// Per object, one HDEL of its closed statistics and one HSET of its changed values. Each value is encoded once
    /// into <see cref="_bytes"/>; the same bytes are the hash value and the value in the tenant's message.
    /// </summary>
    private void WriteValues()
    {
        var publish = _options.PublishChanges;
        foreach (var obj in _unwrittenObjects)
        {
            int sets = 0, deletes = 0;
            for (var e = obj.FirstWaiting; e is not null; e = e.NextWaiting)
            {
                if (e.Closed) deletes++;
                else sets++;
            }
            var set = sets > 0 ? _fieldArrays.Rent(sets) : null;
            var delete = deletes > 0 ? _nameArrays.Rent(deletes) : null;
            sets = deletes = 0;
            var message = publish ? MessageOf(obj.Tenant) : null;
            for (var e = obj.FirstWaiting; e is not null; e = e.NextWaiting)
            {
                ReadOnlyMemory<byte> value = default;
                if (!e.Closed)
                {
                    value = Encode(e.Update.Value);
                    set![sets++] = new HashEntry(e.Name.Field, value);
                }
                else delete![deletes++] = e.Name.Field;
                message?.WriteChange(obj.JsonHead, e.Name.JsonTail, e.Update.Time.ToUnixTimeMilliseconds(), value.Span, removed: e.Closed);
            }
            // Deletes first: a statistic closed and opened again under the same name keeps the new value.
            if (delete is not null) Send(_batch!.HashDeleteAsync(obj.Key, delete));
            if (set is not null) Send(_batch!.HashSetAsync(obj.Key, set));
        }
    }

    private ChangeMessage MessageOf(TenantEntry tenant)
    {
        if (tenant.Batch != _batchNumber)
        {
            tenant.Batch = _batchNumber;
            tenant.Message.Start(tenant.Json);
            _batchTenants.Add(tenant);
        }
        return tenant.Message;
    }

    /// <summary>
    /// One hash per tenant, tier and bucket holding every statistic that has a point there (field
    /// Type:Id:statistic): HSETs of up to <see cref="HistoryChunk"/> fields (a field given twice keeps the later,
    /// i.e. the last value of the bucket), one PEXPIRE, one ZADD into the tenant's bucket index, and now and then
    /// a trim of the index.
    /// </summary>
    private void WriteHistory()
    {
        // Count the points of each bucket, then fill arrays of exactly the size of each HSET.
        var points = CollectionsMarshal.AsSpan(_unwrittenHistory);
        BucketEntry? last = null;
        foreach (ref readonly var p in points) (last = BucketOf(p, last)).Count++;
        last = null;
        foreach (ref readonly var p in points)
        {
            var b = last = BucketOf(p, last);
            var at = b.Filled++ % HistoryChunk;
            if (at == 0) b.Chunks.Add(_fieldArrays.Rent(Math.Min(HistoryChunk, b.Count - b.Filled + 1)));
            b.Chunks[^1][at] = new HashEntry(p.Field, Encode(p.Value));
        }
        foreach (var b in _batchBuckets.Values)
        {
            var tenant = b.Tenant;
            var key = RedisKeys.HistoryBucket(_prefix, tenant.Name, _resolutionTags[b.Tier], b.Start);
            foreach (var chunk in b.Chunks) Send(_batch!.HashSetAsync(key, chunk));
            Send(_batch!.KeyExpireAsync(key, TimeSpan.FromMilliseconds(_retentionMs[b.Tier] + _resolutionMs[b.Tier])));
            Send(_batch!.SortedSetAddAsync(tenant.HistoryIndex[b.Tier], b.Start, b.Start));
            if (tenant.NewestBatch[b.Tier] != _batchNumber)
            {
                tenant.NewestBatch[b.Tier] = _batchNumber;
                tenant.Newest[b.Tier] = b.Start;
                _batchIndexes.Add((tenant, b.Tier));
            }
            else if (b.Start > tenant.Newest[b.Tier]) tenant.Newest[b.Tier] = b.Start;
        }
        foreach (var (tenant, tier) in _batchIndexes)
        {
            var top = tenant.Newest[tier];
            var retention = _retentionMs[tier];
            // Trim the index about every 1/60 of the retention: buckets stay listed at most that much longer
            // than the retention; the bucket hashes expire on their own.
            var trimmed = tenant.LastTrim[tier];
            if (trimmed == long.MinValue || top - trimmed >= Math.Max(_resolutionMs[tier], retention / 60))
            {
                Send(_batch!.SortedSetRemoveRangeByScoreAsync(tenant.HistoryIndex[tier], double.NegativeInfinity, top - retention, Exclude.Stop));
                Send(_batch!.KeyExpireAsync(tenant.HistoryIndex[tier], TimeSpan.FromMilliseconds(retention + _resolutionMs[tier])));
                tenant.LastTrim[tier] = top;
            }
        }
    }

    private BucketEntry BucketOf(in HistoryPoint p, BucketEntry? last)
    {
        var tenant = p.Tenant;
        // Points come in runs of the same bucket: skip the lookup then.
        if (last is not null && last.Tier == p.Tier && last.Start == p.Start && last.Tenant == tenant) return last;
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(_batchBuckets, (tenant, p.Tier, p.Start), out _);
        return bucket ??= new BucketEntry(tenant, p.Tier, p.Start);
    }

    private ReadOnlyMemory<byte> Encode(in StatisticValue value)
    {
        var span = _bytes.GetSpan(RedisValueEncoding.MaxUtf8Length(value));
        return _bytes.Commit(RedisValueEncoding.EncodeUtf8(value, span));
    }

    /// <summary>Queues a command of the batch; hands the batch to the connection every <see cref="CommandsPerExecute"/> commands.</summary>
    private void Send(Task command)
    {
        _tasks.Add(command);
        if (_tasks.Count % CommandsPerExecute == 0)
        {
            _batch!.Execute();
            _batch = _db.CreateBatch();
        }
    }

    /// <summary>After a batch: its buffers are reused once Redis answered all of it, otherwise given up (the client may still send them).</summary>
    private void EndBatch(bool answered)
    {
        if (answered)
        {
            _bytes.Reset();
            _fieldArrays.ReturnAll();
            _nameArrays.ReturnAll();
        }
        else
        {
            _bytes.Abandon();
            _fieldArrays.Abandon();
            _nameArrays.Abandon();
            foreach (var tenant in _batchTenants) tenant.Message.Abandon();
        }
        _batch = null;
        _batchNumber++;
        _batchTenants.Clear();
        _batchBuckets.Clear();
        _batchIndexes.Clear();
        _tasks.Clear();
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

    private static long Bucket(long ms, long resolution) => ms >= 0 ? ms / resolution : (ms - resolution + 1) / resolution;

    private struct OpenBucket(long start, StatisticValue value, bool has)
    {
        public long Start = start;
        public StatisticValue Value = value;
        public bool Has = has;
    }

    /// <summary>A statistic as the writer knows it: names, open history buckets, the value waiting to be written.</summary>
    private sealed class StatisticEntry(OpenedStatistic statistic, ObjectEntry obj, NameEntry name, RedisValue historyField, int tiers)
    {
        public readonly OpenedStatistic Statistic = statistic;
        public readonly ObjectEntry Object = obj;
        public readonly NameEntry Name = name;
        /// <summary>Type:Id:statistic, the field in history bucket hashes.</summary>
        public readonly RedisValue HistoryField = historyField;
        public readonly OpenBucket[] Open = tiers == 0 ? [] : new OpenBucket[tiers];
        /// <summary>Whether <see cref="Update"/> waits to be written, listed from <see cref="ObjectEntry.FirstWaiting"/>.</summary>
        public bool Waiting;
        public StatisticEntry? NextWaiting;
        public StatisticUpdate Update;
        /// <summary>The engine closed the statistic: the write deletes its value instead of setting it.</summary>
        public bool Closed;
    }

    /// <summary>A statistic name as a hash field and as the end of a change in a message.</summary>
    private sealed class NameEntry(string name)
    {
        public readonly RedisValue Field = Encoding.UTF8.GetBytes(name);
        public readonly byte[] JsonTail = ChangeMessage.NameTail(name);
    }

    private sealed class ObjectEntry(string prefix, ObjectRef obj, TenantEntry tenant)
    {
        /// <summary>The hash of the object's current values.</summary>
        public readonly RedisKey Key = Encoding.UTF8.GetBytes(RedisKeys.Values(prefix, obj));
        public readonly TenantEntry Tenant = tenant;
        public readonly byte[] JsonHead = ChangeMessage.ObjectHead(obj);
        /// <summary>The statistics whose values wait to be written, in the order they came.</summary>
        public StatisticEntry? FirstWaiting;
        public StatisticEntry? LastWaiting;
    }

    private sealed class TenantEntry
    {
        public TenantEntry(string prefix, string tenant, IReadOnlyList<RedisHistoryTier> tiers)
        {
            Name = tenant;
            Json = JsonEncodedText.Encode(tenant);
            Channel = RedisKeys.Updates(prefix, tenant);
            HistoryIndex = [.. tiers.Select(t => (RedisKey)RedisKeys.History(prefix, tenant, t.Resolution))];
            LastTrim = [.. tiers.Select(_ => long.MinValue)];
            Newest = new long[tiers.Count];
            NewestBatch = new int[tiers.Count];
        }

        public string Name { get; }
        public JsonEncodedText Json { get; }
        public RedisChannel Channel { get; }
        /// <summary>The history index of each tier.</summary>
        public RedisKey[] HistoryIndex { get; }
        /// <summary>The newest bucket start at the last trim of each tier's index; <see cref="long.MinValue"/> before the first.</summary>
        public long[] LastTrim { get; }
        public ChangeMessage Message { get; } = new();
        // Batch scratch: the newest bucket written per tier; the batch the message belongs to.
        public long[] Newest { get; }
        public int[] NewestBatch { get; }
        public int Batch = -1;

        public ReadOnlyMemory<byte> EndMessage() => Message.End();
    }

    private sealed class BucketEntry(TenantEntry tenant, int tier, long start)
    {
        public readonly TenantEntry Tenant = tenant;
        public readonly int Tier = tier;
        public readonly long Start = start;
        public int Count;
        public int Filled;
        public readonly List<HashEntry[]> Chunks = [];
    }

    /// <summary>A point to write, with what the write needs of its statistic (not a reference to it: the write reads the points in order, not the statistics).</summary>
    private readonly record struct HistoryPoint(TenantEntry Tenant, RedisValue Field, int Tier, long Start, StatisticValue Value);
}
