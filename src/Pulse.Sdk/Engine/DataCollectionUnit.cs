using System.Threading.Channels;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>Settings of a <see cref="DataCollectionUnit"/>.</summary>
public sealed record DataCollectionUnitOptions
{
    /// <summary>Number of engine partitions; tenants are spread over them by a stable hash. Default 1.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>The wall clock: flushes, the reorder window and (with <see cref="PulseClock.Wall"/>) the engines' time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>What the engines take as "now" (docs/architecture.md, "Clocks"). Default <see cref="PulseClock.Wall"/>.</summary>
    public PulseClock Clock { get; init; } = PulseClock.Wall;

    /// <summary>
    /// The most a stream may lag the others and still have its events applied in the time-ordered merge (time, stream
    /// kind, sequence: docs/statistics.md, "Joining the streams"). An event is held until every running source has
    /// delivered a later one, or for this long at most; an event that lags more is applied when it arrives and counted in
    /// <c>pulse_dcu_late_events_total</c>. While every stream flows, the hold lasts as long as the streams' skew; a silent
    /// stream makes it last the whole window. Zero (default) applies each event on arrival, in arrival order.
    /// </summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.Zero;

    /// <summary>How often changed values are flushed to the sinks (wall clock). Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events buffered per partition before the reader waits. Default 65,536.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>
    /// How often (wall clock) a flush also re-sends the values that moved with time alone (<see cref="StatisticsEngine.Refresh"/>:
    /// a longest wait, a state's duration), so that what the sinks hold is the value at that moment. Zero (default): never;
    /// such values are then sent only when an event changes what they read.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long a source may stay <see cref="StreamCondition.Interrupted"/> (disconnected from its upstream) before the
    /// statistics of its streams are marked stale (docs/statistics.md, "Data quality"). A source that lost events is marked
    /// at once. Default 5 s.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A sink that throws this many times in a row is disabled (docs/architecture.md, "Faults"). Default 10.</summary>
    public int MaxConsecutiveSinkFailures { get; init; } = 10;

    /// <summary>
    /// How long the unit waits for each sink to write out what it buffers (<see cref="IStatisticSink.ForceFlush"/> at
    /// <see cref="DataCollectionUnit.DrainAsync"/>, <see cref="IStatisticSink.Shutdown"/> when the unit stops). Default 5 s.
    /// </summary>
    public TimeSpan SinkTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Split the statistics by object instead of by tenant (docs/architecture.md, "DCU partitions"): the unit runs one engine
    /// per partition of <see cref="ObjectPartitioning.Owned"/>, each given every event and opening statistics only on its
    /// own objects, and several units (processes) share the partitions. Null (default): the tenants are split over
    /// <see cref="Partitions"/> engines, all in this unit. Leave <see cref="Partitions"/> at 1 when this is set.
    /// </summary>
    public ObjectPartitioning? ObjectPartitions { get; init; }

    /// <summary>Fault injection for tests: called before each event is applied, on the partition's thread.</summary>
    internal Action<PulseEvent>? BeforeApply { get; init; }

    /// <summary>Returns every problem, each naming the setting and saying what to change.</summary>
    public IReadOnlyList<string> Validate() => Validate(nameof(DataCollectionUnitOptions));

    /// <summary>
    /// As <see cref="Validate()"/>, each setting named after <paramref name="owner"/>: the hosting layer's
    /// <c>PulseOptions</c> carries these settings under its own name, so its messages are made here, not re-worded there.
    /// </summary>
    internal IReadOnlyList<string> Validate(string owner)
    {
        var errors = new List<string>();
        if (Partitions is < 1 or > 256) errors.Add($"{owner}.Partitions must be 1 to 256, was {Partitions}");
        if (FlushInterval <= TimeSpan.Zero) errors.Add($"{owner}.FlushInterval must be positive, was {FlushInterval}");
        if (QueueCapacity < 16) errors.Add($"{owner}.QueueCapacity must be at least 16, was {QueueCapacity}");
        if (TimeProvider is null) errors.Add($"{owner}.TimeProvider is required (TimeProvider.System for live data)");
        if (!Enum.IsDefined(Clock)) errors.Add($"{owner}.Clock must be Wall or Events, was {Clock}");
        if (RefreshInterval < TimeSpan.Zero || (RefreshInterval > TimeSpan.Zero && RefreshInterval < FlushInterval))
            errors.Add($"{owner}.RefreshInterval must be 0 (off) or at least the flush interval ({FlushInterval}), was {RefreshInterval}");
        if (MaxConsecutiveSinkFailures < 1) errors.Add($"{owner}.MaxConsecutiveSinkFailures must be at least 1, was {MaxConsecutiveSinkFailures}");
        if (SinkTimeout <= TimeSpan.Zero) errors.Add($"{owner}.SinkTimeout must be positive, was {SinkTimeout}");
        if (StaleAfter <= TimeSpan.Zero || StaleAfter > TimeSpan.FromHours(1))
            errors.Add($"{owner}.StaleAfter must be more than 0 and at most 1 hour, was {StaleAfter}");
        if (ReorderWindow < TimeSpan.Zero || ReorderWindow > TimeSpan.FromMinutes(1))
            errors.Add($"{owner}.ReorderWindow must be 0 to 1 minute, was {ReorderWindow}");
        if (ObjectPartitions is not null)
        {
            if (Partitions != 1) errors.Add($"{owner}: split by tenant (Partitions = {Partitions}) or by object (ObjectPartitions), not both: leave Partitions at 1");
            errors.AddRange(ObjectPartitions.Validate().Select(e => $"{owner}." + e));
        }
        return errors;
    }
}

/// <summary>
/// The Data Collection Unit: reads events from sources and runs one <see cref="StatisticsEngine"/> per
/// partition on its own task (a single writer each), flushing changed values to the sinks at the flush
/// interval. Opening statistics, reading values and configuration changes are queued to the partition
/// that owns the tenant, so the engines are never touched by two threads. A whole-unit checkpoint
/// (<see cref="WriteCheckpointAsync(Stream, CancellationToken)"/>) holds every partition's state and the position of
/// every resumable source, so a restarted unit continues where the checkpoint stands.
/// </summary>
public sealed class DataCollectionUnit : IAsyncDisposable
{
    private const string CheckpointMagic = "PULSE-DCU-CHECKPOINT";
    private const int CheckpointVersion = 1;

    private readonly DataCollectionUnitOptions _options;
    private readonly Partition[] _partitions;
    private readonly ObjectPartitioning? _byObject;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private readonly Lock _slotsLock = new();
    private readonly List<SourceSlot> _slots = [];
    private readonly Dictionary<string, SourcePosition> _restored = new(StringComparer.Ordinal);
    private readonly long _windowTimestampTicks;
    private SourceSlot[] _running = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SinkStatus> _sinkStatuses = new(StringComparer.Ordinal);
    private Exception? _failure;
    private long _firstRun = long.MinValue;
    private int _staleMask;
    private int _disposed;

    /// <summary>Creates the unit and starts its partitions.</summary>
    /// <exception cref="ArgumentException">Options are invalid; the message says what to change.</exception>
    public DataCollectionUnit(IPulseConfigurationProvider configuration, DataCollectionUnitOptions? options = null, IEnumerable<IStatisticSink>? sinks = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _options = options ?? new DataCollectionUnitOptions();
        OptionsValidation.ThrowIfInvalid(_options.Validate(), nameof(options));
        Configuration = configuration;
        _windowTimestampTicks = (long)(_options.ReorderWindow.TotalSeconds * _options.TimeProvider.TimestampFrequency);
        var sinkList = sinks?.ToList() ?? [];
        _byObject = _options.ObjectPartitions;
        _partitions = new Partition[_byObject?.Owned.Count ?? _options.Partitions];
        for (var i = 0; i < _partitions.Length; i++)
        {
            var owned = _byObject?.Owned[i] ?? -1;
            // Events clock: starts at the epoch and follows the events; the engine skips the resets of the days before the first one.
            var eventClock = _options.Clock == PulseClock.Events ? new ReplayClock(DateTimeOffset.UnixEpoch) : null;
            var engine = new StatisticsEngine(Slice(configuration.Current, i), new StatisticsEngineOptions
            {
                TimeProvider = (TimeProvider?)eventClock ?? _options.TimeProvider,
                MaxConsecutiveSinkFailures = _options.MaxConsecutiveSinkFailures,
                SinkFailed = OnSinkFailed,
                Owns = _byObject is { } split ? o => split.Place(o) == owned : null,
            });
            foreach (var s in sinkList) engine.AddSink(s);
            _partitions[i] = new Partition(engine, Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            }), eventClock, _windowTimestampTicks, _options.BeforeApply);
        }
        configuration.Changed += OnConfigurationChanged;
        _loops = _partitions.Select(p => Task.Run(() => RunPartitionAsync(p, _stop.Token))).ToArray();
    }

    /// <summary>The configuration source.</summary>
    public IPulseConfigurationProvider Configuration { get; }

    /// <summary>Number of partitions (engines) this unit runs.</summary>
    public int PartitionCount => _partitions.Length;

    /// <summary>With <see cref="DataCollectionUnitOptions.ObjectPartitions"/>: the partition number of each engine, by index; otherwise null.</summary>
    public IReadOnlyList<int>? ObjectPartitions => _byObject?.Owned;

    /// <summary>
    /// Whether a statistic on <paramref name="obj"/> is opened here: always, unless the statistics are split by object and
    /// another unit runs its partition, or this one handed it over (<see cref="RetirePartitionAsync"/>).
    /// </summary>
    public bool Owns(ObjectRef obj) => _byObject is null || IndexHolding(obj) is { } i && !_partitions[i].Retired;

    /// <summary>Split by object: the index of the engine of <paramref name="obj"/>'s partition, or null when this unit does not run it.</summary>
    private int? IndexHolding(ObjectRef obj)
    {
        var number = _byObject!.Place(obj);
        for (var i = 0; i < _partitions.Length; i++)
            if (_byObject.Owned[i] == number) return i;
        return null;
    }

    /// <summary>Split by object, every engine holds the whole configuration: the events of other objects feed its objects' statistics.</summary>
    private PulseConfiguration Slice(PulseConfiguration config, int partition) =>
        _partitions.Length == 1 || _byObject is not null ? config : config with { Tenants = config.Tenants.Where(t => PartitionOf(t.Id) == partition).ToList() };

    private int PartitionOf(string tenant) => (int)((uint)StableHash(tenant) % (uint)_options.Partitions);

    private static int StableHash(string s)
    {
        // FNV-1a: string.GetHashCode is randomized per process, and partition placement must be stable.
        var h = 2166136261u;
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (int)h;
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end (or until cancelled), handing each event to its tenant's partition.
    /// A <see cref="IResumableEventSource"/> whose name has a position in the restored checkpoint is first told to resume
    /// after it, and its position is recorded in the checkpoints written from now on.
    /// </summary>
    public async Task RunAsync(IEventSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var resumable = source as IResumableEventSource;
        var slot = Slot(source.Name, resumable);
        var stamp = _windowTimestampTicks > 0;
        var time = _options.TimeProvider;
        if (stamp) Started(slot);
        var monitored = source as IMonitoredEventSource;
        if (monitored is not null) Watch(slot, monitored);
        try
        {
            await foreach (var e in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = 1 << (int)e.Source;
                if ((Volatile.Read(ref slot.Seen) & kind) == 0) Interlocked.Or(ref slot.Seen, kind);
                var offset = resumable?.Position ?? -1;
                var item = new Item(e, slot.Index, offset, stamp ? time.GetTimestamp() : 0);
                if (_byObject is { WholeTenants: true })
                {
                    // A tenant's objects are all in its partition: its events go there alone (none when another unit runs it).
                    if (IndexHolding(new ObjectRef(e.Tenant, ObjectType.Tenant, e.Tenant)) is { } i && !_partitions[i].Retired
                        && !_partitions[i].Queue.Writer.TryWrite(item)) await WriteAsync(_partitions[i], item, cancellationToken).ConfigureAwait(false);
                }
                else if (_byObject is not null)
                {
                    // Every engine tracks every call and agent: a queue's statistics read what happens at the agents' DNs.
                    foreach (var q in _partitions)
                        if (!q.Retired && !q.Queue.Writer.TryWrite(item)) await WriteAsync(q, item, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var p = _partitions.Length == 1 ? _partitions[0] : _partitions[PartitionOf(e.Tenant)];
                    if (!p.Queue.Writer.TryWrite(item)) await WriteAsync(p, item, cancellationToken).ConfigureAwait(false);
                }
                // Only after the event is queued: a partition that reads this frontier finds the event in its queue.
                if (stamp && e.Time.UtcTicks > slot.Frontier) Volatile.Write(ref slot.Frontier, e.Time.UtcTicks);
                if (resumable is null) continue;
                // Only after the event is queued: a checkpoint taken now covers every offset up to this one.
                if (!ReferenceEquals(slot.StreamId, resumable.StreamId)) Volatile.Write(ref slot.StreamId, resumable.StreamId);
                Volatile.Write(ref slot.Dispatched, offset);
            }
        }
        finally
        {
            if (stamp) Stopped(slot);
            if (monitored is not null) Unwatch(slot, monitored);
        }
    }

    /// <summary>
    /// The first unexpected error that stopped an engine partition, or null. A stopped partition refuses what is sent to it
    /// (<see cref="RunAsync"/>, commands, <see cref="DrainAsync"/> fail with this error as the cause) instead of blocking.
    /// </summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The sinks that have failed, by type (failures summed over the partitions; disabled when a partition disabled it).</summary>
    public IReadOnlyList<SinkStatus> SinkFailures => [.. _sinkStatuses.Values.OrderBy(s => s.Sink, StringComparer.Ordinal)];

    /// <summary>Raised on a partition's thread each time a sink throws (docs/architecture.md, "Faults"); handlers must not throw.</summary>
    public event Action<SinkStatus, Exception>? SinkFailed;

    private void OnSinkFailed(SinkStatus status, Exception error)
    {
        _sinkStatuses.AddOrUpdate(status.Sink, status,
            (_, old) => old with { Failures = old.Failures + 1, Disabled = old.Disabled || status.Disabled, LastError = status.LastError });
        SinkFailed?.Invoke(status, error);
    }

    /// <summary>The streams whose statistics are marked stale now (docs/statistics.md, "Data quality").</summary>
    public IReadOnlyList<EventSourceKind> StaleStreams
    {
        get
        {
            var mask = Volatile.Read(ref _staleMask);
            return [.. Enum.GetValues<EventSourceKind>().Where(k => (mask & (1 << (int)k)) != 0)];
        }
    }

    private void Watch(SourceSlot slot, IMonitoredEventSource source)
    {
        lock (_slotsLock)
        {
            slot.Declared = 0;
            foreach (var k in source.Kinds) slot.Declared |= 1 << (int)k;
            slot.OnCondition = c => ConditionChanged(slot, c);
        }
        source.ConditionChanged += slot.OnCondition;
        ConditionChanged(slot, source.Condition);
    }

    private void Unwatch(SourceSlot slot, IMonitoredEventSource source)
    {
        source.ConditionChanged -= slot.OnCondition;
        lock (_slotsLock)
        {
            slot.Grace?.Dispose();
            slot.Grace = null;
            slot.Stale = false;
            slot.Condition = StreamCondition.Current; // a source that ended feeds nothing that could be out of date
            UpdateStaleStreams();
        }
    }

    /// <summary>A source's condition changed: lost events mark its streams stale at once, an interruption after the grace period.</summary>
    private void ConditionChanged(SourceSlot slot, StreamCondition condition)
    {
        lock (_slotsLock)
        {
            slot.Condition = condition;
            if (condition == StreamCondition.Interrupted)
            {
                if (!slot.Stale && slot.Grace is null)
                    slot.Grace = _options.TimeProvider.CreateTimer(_ => GraceOver(slot), null, _options.StaleAfter, Timeout.InfiniteTimeSpan);
            }
            else
            {
                slot.Grace?.Dispose();
                slot.Grace = null;
                slot.Stale = condition == StreamCondition.EventsLost;
            }
            UpdateStaleStreams();
        }
    }

    private void GraceOver(SourceSlot slot)
    {
        lock (_slotsLock)
        {
            slot.Grace?.Dispose();
            slot.Grace = null;
            if (slot.Condition == StreamCondition.Current) return;
            slot.Stale = true;
            UpdateStaleStreams();
        }
    }

    /// <summary>Under the slots lock: the stale streams are those of every stale source; the partitions learn a change in their queue.</summary>
    private void UpdateStaleStreams()
    {
        var mask = 0;
        foreach (var s in _slots)
            if (s.Stale) mask |= s.Declared != 0 ? s.Declared : Volatile.Read(ref s.Seen);
        var before = _staleMask;
        if (mask == before) return;
        Volatile.Write(ref _staleMask, mask);
        for (var k = 0; k < 4; k++)
        {
            var bit = 1 << k;
            if ((mask & bit) == (before & bit)) continue;
            var tag = new KeyValuePair<string, object?>("stream", EventSourceNames.Of((EventSourceKind)k));
            PulseMetrics.StreamsStale.Add((mask & bit) != 0 ? 1 : -1, tag);
            if ((mask & bit) != 0) PulseMetrics.StreamsMarkedStale.Add(1, tag);
        }
        // The command reads the mask when it runs, so commands that overtake each other still leave the latest.
        foreach (var p in _partitions)
        {
            var item = new Item(new Command<bool>(q => { q.Engine.SetStaleStreams((byte)Volatile.Read(ref _staleMask)); return true; }), -1, -1, 0);
            if (!p.Queue.Writer.TryWrite(item)) _ = WriteWhenRoomAsync(p, item);
        }
    }

    /// <summary>Queues a command behind a full queue without blocking the caller; a unit being disposed drops it.</summary>
    private static async Task WriteWhenRoomAsync(Partition p, Item item)
    {
        try { await p.Queue.Writer.WriteAsync(item).ConfigureAwait(false); }
        catch (ChannelClosedException) { }
    }

    /// <summary>A source starts: until it delivers an event, nothing later than its frontier is released before the window.</summary>
    private void Started(SourceSlot slot)
    {
        Interlocked.CompareExchange(ref _firstRun, _options.TimeProvider.GetTimestamp(), long.MinValue);
        lock (_slotsLock)
        {
            if (slot.Running++ == 0) _running = [.. _running, slot];
        }
    }

    /// <summary>A source ended: it holds nothing back any more; each partition looks again at what it holds.</summary>
    private void Stopped(SourceSlot slot)
    {
        lock (_slotsLock)
        {
            if (--slot.Running == 0) _running = _running.Where(s => s != slot).ToArray();
        }
        foreach (var p in _partitions) p.Queue.Writer.TryWrite(new Item(Nudge.Instance, -1, -1, 0));
    }

    /// <summary>
    /// The time before which no running source can deliver another event: the smallest of their latest event times.
    /// During the first window after the first source started, the sources that have not started yet are unknown, so nothing.
    /// </summary>
    private long SafeTime(long now)
    {
        var first = Volatile.Read(ref _firstRun);
        if (first == long.MinValue || now - first < _windowTimestampTicks) return long.MinValue;
        var min = long.MaxValue;
        foreach (var s in Volatile.Read(ref _running))
        {
            var f = Volatile.Read(ref s.Frontier);
            if (f < min) min = f;
        }
        return min;
    }

    private SourceSlot Slot(string name, IResumableEventSource? resumable)
    {
        lock (_slotsLock)
        {
            var slot = _slots.Find(s => s.Name == name);
            if (slot is null) _slots.Add(slot = new SourceSlot(name, _slots.Count));
            if (resumable is not null)
            {
                slot.Resumable = true;
                if (_restored.Remove(name, out var at))
                {
                    resumable.ResumeAfter(at.Offset, at.StreamId);
                    slot.StreamId = at.StreamId;
                    slot.Dispatched = at.Offset;
                }
            }
            return slot;
        }
    }

    /// <summary>How many statistics are open for <paramref name="tenant"/> (each opened statistic once, however many opened it), read on the engine's thread.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<int> OpenedCountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        if (_byObject is null) return await InvokeAsync(tenant, e => e.OpenedCount, cancellationToken).ConfigureAwait(false);
        // Split by object, every partition holds some of the tenant's statistics.
        var total = 0;
        foreach (var p in _partitions) total += await WriteCommand(p, new Command<int>(q => q.Engine.OpenedCount), cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the partition that owns <paramref name="tenant"/>, on its thread, and returns its result.
    /// Split by object, a tenant is in every partition: use the overloads that name an object. Internal: the engine is
    /// single-writer, and only code that knows what it does on that thread may run there.
    /// </summary>
    internal Task<T> InvokeAsync<T>(string tenant, Func<StatisticsEngine, T> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_byObject is not null) throw new InvalidOperationException("the statistics are split by object (ObjectPartitions): every partition holds the tenant, so none can be chosen by it");
        var p = _partitions[_partitions.Length == 1 ? 0 : PartitionOf(tenant)];
        return WriteCommand(p, new Command<T>(q => action(q.Engine)), cancellationToken);
    }

    /// <summary>The partition whose engine holds <paramref name="obj"/>'s statistics.</summary>
    private Partition PartitionHolding(ObjectRef obj)
    {
        if (_byObject is null) return _partitions[_partitions.Length == 1 ? 0 : PartitionOf(obj.Tenant)];
        return IndexHolding(obj) is { } i ? _partitions[i]
            : throw new ArgumentException($"{obj} is in partition {_byObject.Place(obj)}, which this unit does not run (it runs {string.Join(", ", _byObject.Owned)})", nameof(obj));
    }

    /// <summary>Queues an item, waiting for room; a partition that has stopped refuses it with its cause.</summary>
    private async ValueTask WriteAsync(Partition p, Item item, CancellationToken ct)
    {
        try { await p.Queue.Writer.WriteAsync(item, ct).ConfigureAwait(false); }
        catch (ChannelClosedException e) when (Volatile.Read(ref _failure) is { } cause)
        {
            throw new InvalidOperationException("the engine partition has stopped: " + cause.Message, e.InnerException ?? cause);
        }
    }

    private async Task<T> WriteCommand<T>(Partition p, Command<T> command, CancellationToken ct)
    {
        await WriteAsync(p, new Item(command, -1, -1, 0), ct).ConfigureAwait(false);
        // A partition whose loop has stopped (faulted) would never answer: say so instead of hanging.
        var loop = _loops[Array.IndexOf(_partitions, p)];
        if (await Task.WhenAny(command.Result.Task, loop).ConfigureAwait(false) != command.Result.Task)
            throw new InvalidOperationException("the engine partition has stopped" + (loop.Exception is { } ex ? ": " + ex.GetBaseException().Message : ""), loop.Exception);
        return await command.Result.Task.ConfigureAwait(false);
    }

    /// <summary>Opens a statistic on the partition that holds its object (<see cref="Owns"/>).</summary>
    public Task<OpenedStatistic> OpenAsync(StatisticRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var p = PartitionHolding(request.Object);
        if (p.Retired) throw new ArgumentException($"{request.Object}'s partition was handed over to another unit", nameof(request));
        return WriteCommand(p, new Command<OpenedStatistic>(q => q.Engine.Open(request)), cancellationToken);
    }

    /// <summary>Closes a statistic on the partition that holds its object (for example when no active layout needs it any more).</summary>
    public Task CloseAsync(OpenedStatistic statistic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var p = PartitionHolding(statistic.Object);
        // A partition handed over is its new owner's: closing here would tell the sinks to delete what that owner writes.
        if (p.Retired) return Task.CompletedTask;
        return WriteCommand(p, new Command<bool>(q => { q.Engine.Close(statistic); return true; }), cancellationToken);
    }

    /// <summary>Opens the standard catalogue on every object of every partition.</summary>
    public async Task<int> OpenStandardCatalogueAsync(NotificationMode? notification = null, CancellationToken cancellationToken = default)
    {
        var n = 0;
        foreach (var p in _partitions)
            n += await WriteCommand(p, new Command<int>(q => q.Engine.OpenStandardCatalogue(notification).Count), cancellationToken).ConfigureAwait(false);
        return n;
    }

    /// <summary>
    /// Writes partition <paramref name="partition"/>'s engine checkpoint (<see cref="StatisticsEngine.WriteCheckpoint"/>) on its
    /// thread, between two events. <see cref="RestoreCheckpointAsync(int, Stream, CancellationToken)"/> reads it back. It holds
    /// no source position: <see cref="WriteCheckpointAsync(Stream, CancellationToken)"/> writes the whole unit with them.
    /// </summary>
    public Task WriteCheckpointAsync(int partition, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteCommand(PartitionAt(partition), new Command<bool>(q => { q.Engine.WriteCheckpoint(stream); return true; }), cancellationToken);
    }

    /// <summary>
    /// Restores partition <paramref name="partition"/> from a checkpoint, after the same statistics were opened (for
    /// example with <see cref="OpenStandardCatalogueAsync"/>) and before any event; see <see cref="StatisticsEngine.RestoreCheckpoint"/>.
    /// </summary>
    public Task RestoreCheckpointAsync(int partition, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteCommand(PartitionAt(partition), new Command<bool>(q => { q.Engine.RestoreCheckpoint(stream); q.ClockStarted = true; return true; }), cancellationToken);
    }

    /// <summary>
    /// Writes the whole unit's checkpoint: every partition's engine state and, for every <see cref="IResumableEventSource"/>
    /// run so far, the position up to which its events are in that state. Events still held by the reorder window are
    /// not in the state, so the position stops before the oldest of them. Restore it with
    /// <see cref="RestoreCheckpointAsync(Stream, CancellationToken)"/>; the same state always gives the same bytes.
    /// </summary>
    public async Task WriteCheckpointAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_partitions.Any(p => p.Retired))
            throw new InvalidOperationException("a partition of this unit was retired (RetirePartitionAsync): write each remaining partition's checkpoint (WritePartitionCheckpointAsync)");
        var positions = Positions();
        var states = new byte[_partitions.Length][];
        for (var i = 0; i < _partitions.Length; i++)
            states[i] = await StateAsync(_partitions[i], positions, retire: false, cancellationToken).ConfigureAwait(false);
        WriteUnit(stream, positions, states);
    }

    /// <summary>
    /// Split by object: writes the checkpoint of the engine at <paramref name="index"/> alone, with the positions of the
    /// sources up to which its events are in it, so that another unit can take the partition over
    /// (<see cref="OpenStandardCatalogueAndRestorePartitionsAsync"/>). The format is the unit's, with one partition.
    /// </summary>
    public async Task WritePartitionCheckpointAsync(int index, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var p = PartitionAt(index);
        if (p.Retired) throw new InvalidOperationException($"partition {ObjectPartitions?[index] ?? index} was retired: its last checkpoint was written then");
        var positions = Positions();
        WriteUnit(stream, positions, [await StateAsync(p, positions, retire: false, cancellationToken).ConfigureAwait(false)]);
    }

    /// <summary>
    /// Hands a partition over (docs/architecture.md, "DCU partitions"): writes its last checkpoint, as
    /// <see cref="WritePartitionCheckpointAsync"/> does, and in the same step on its thread stops it, so that no event
    /// is applied and no value is flushed after the state written. The unit that takes the partition over restores this
    /// checkpoint and goes on from its positions: nothing is counted twice.
    /// </summary>
    public async Task RetirePartitionAsync(int index, Stream finalCheckpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalCheckpoint);
        var p = PartitionAt(index);
        if (p.Retired) throw new InvalidOperationException($"partition {ObjectPartitions?[index] ?? index} is already retired");
        var positions = Positions();
        WriteUnit(finalCheckpoint, positions, [await StateAsync(p, positions, retire: true, cancellationToken).ConfigureAwait(false)]);
    }

    /// <summary>Whether the engine at <paramref name="index"/> was retired (<see cref="RetirePartitionAsync"/>).</summary>
    public bool IsRetired(int index) => PartitionAt(index).Retired;

    /// <summary>The positions of the resumable sources, taken before the states: every event up to them is already queued.</summary>
    private List<(SourceSlot Slot, string? StreamId, long Offset)> Positions()
    {
        lock (_slotsLock)
        {
            var positions = _slots.Where(s => s.Resumable && Volatile.Read(ref s.Dispatched) >= 0)
                .Select(s => (s, Volatile.Read(ref s.StreamId), Volatile.Read(ref s.Dispatched))).ToList();
            // Sources not run since the restore keep their restored position.
            foreach (var r in _restored.Values) positions.Add((new SourceSlot(r.Source, -1), r.StreamId, r.Offset));
            return positions;
        }
    }

    /// <summary>One engine's state; the positions stop before the oldest event it still holds in the reorder window.</summary>
    private async Task<byte[]> StateAsync(Partition partition, List<(SourceSlot Slot, string? StreamId, long Offset)> positions, bool retire, CancellationToken cancellationToken)
    {
        var (state, held) = await WriteCommand(partition, new Command<(byte[], Dictionary<int, long>?)>(q =>
        {
            using var buffer = new MemoryStream();
            q.Engine.WriteCheckpoint(buffer);
            if (retire) q.Retired = true;
            return (buffer.ToArray(), q.OldestHeldOffsets());
        }), cancellationToken).ConfigureAwait(false);
        if (held is not null)
            for (var k = 0; k < positions.Count; k++)
                if (held.TryGetValue(positions[k].Slot.Index, out var oldest) && oldest - 1 < positions[k].Offset)
                    positions[k] = positions[k] with { Offset = oldest - 1 };
        return state;
    }

    private static void WriteUnit(Stream stream, List<(SourceSlot Slot, string? StreamId, long Offset)> positions, byte[][] states)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(CheckpointMagic);
        w.Write(CheckpointVersion);
        w.Write(states.Length);
        var kept = positions.Where(p => p.Offset >= 0).OrderBy(p => p.Slot.Name, StringComparer.Ordinal).ToList();
        w.Write(kept.Count);
        foreach (var (slot, streamId, offset) in kept)
        {
            w.Write(slot.Name);
            w.Write(streamId is not null);
            if (streamId is not null) w.Write(streamId);
            w.Write(offset);
        }
        foreach (var state in states)
        {
            w.Write(state.Length);
            w.Write(state);
        }
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="WriteCheckpointAsync(Stream, CancellationToken)"/> into this unit, which must
    /// have the same partitions and the same statistics opened in the same order, before any event. Each
    /// <see cref="IResumableEventSource"/> run afterwards whose name is in the checkpoint resumes after its position.
    /// </summary>
    /// <returns>The positions of the sources in the checkpoint.</returns>
    /// <exception cref="InvalidDataException">The checkpoint is not one, is of another version, or does not match this unit; the message says what differs.</exception>
    public async Task<IReadOnlyList<SourcePosition>> RestoreCheckpointAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (positions, states) = ReadCheckpoint(stream);
        for (var i = 0; i < states.Length; i++)
        {
            using var state = new MemoryStream(states[i], writable: false);
            await RestoreCheckpointAsync(i, state, cancellationToken).ConfigureAwait(false);
        }
        ResumeAfter(positions);
        return positions;
    }

    /// <summary>
    /// Opens the standard catalogue (<see cref="OpenStandardCatalogueAsync"/>) and restores a checkpoint of
    /// <see cref="WriteCheckpointAsync(Stream, CancellationToken)"/> into it in one step per partition, so that no flush falls
    /// between the two: such a flush would hand the sinks the initial value of every opened statistic (a restarted unit
    /// would overwrite the values a store holds with them until its next flush, and its first real values would queue
    /// behind that write). The catalogue is opened whatever the checkpoint holds: a checkpoint that cannot be restored is
    /// returned as <see cref="CatalogueRestore.Error"/>, the partitions it could not restore left empty.
    /// </summary>
    /// <param name="stream">The checkpoint.</param>
    /// <param name="notification">As for <see cref="OpenStandardCatalogueAsync"/>.</param>
    /// <param name="cancellationToken">Aborts the wait.</param>
    public async Task<CatalogueRestore> OpenStandardCatalogueAndRestoreAsync(Stream stream, NotificationMode? notification = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        IReadOnlyList<SourcePosition> positions = [];
        byte[][]? states = null;
        InvalidDataException? error = null;
        try { (positions, states) = ReadCheckpoint(stream); }
        catch (InvalidDataException e) { error = e; }
        var opened = 0;
        for (var i = 0; i < _partitions.Length; i++)
        {
            var (count, failed) = await OpenCatalogueAndRestoreAsync(_partitions[i], error is null ? states![i] : null, notification, cancellationToken).ConfigureAwait(false);
            opened += count;
            error ??= failed;
        }
        if (error is not null) return new CatalogueRestore(opened, [], error);
        ResumeAfter(positions);
        return new CatalogueRestore(opened, positions, null);
    }

    /// <summary>
    /// Split by object: opens the standard catalogue on each engine's objects and restores each engine from its own
    /// checkpoint (<see cref="WritePartitionCheckpointAsync"/>, <see cref="RetirePartitionAsync"/>; null: none, it starts
    /// empty), in one step per engine. When every engine was restored, each resumable source resumes after the earliest
    /// of their positions; the events an engine already holds come again and are dropped by their sequence numbers
    /// (docs/architecture.md, "Checkpoints"). When one was not, the sources start as configured, so that it sees everything.
    /// </summary>
    /// <param name="checkpoints">One per engine, by index (<see cref="ObjectPartitions"/>).</param>
    /// <param name="notification">As for <see cref="OpenStandardCatalogueAsync"/>.</param>
    /// <param name="cancellationToken">Aborts the wait.</param>
    public async Task<CatalogueRestore> OpenStandardCatalogueAndRestorePartitionsAsync(IReadOnlyList<byte[]?> checkpoints, NotificationMode? notification = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (checkpoints.Count != _partitions.Length)
            throw new ArgumentException($"give one checkpoint (or null) for each of the unit's {_partitions.Length} partitions, not {checkpoints.Count}", nameof(checkpoints));
        var opened = 0;
        var restoredAll = true;
        InvalidDataException? error = null;
        var earliest = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        for (var i = 0; i < _partitions.Length; i++)
        {
            byte[]? state = null;
            if (checkpoints[i] is { } blob)
            {
                try
                {
                    using var stream = new MemoryStream(blob, writable: false);
                    var (positions, states) = ReadCheckpoint(stream, expectedPartitions: 1);
                    state = states[0];
                    foreach (var p in positions)
                        if (!earliest.TryGetValue(p.Source, out var e) || p.Offset < e.Offset) earliest[p.Source] = p;
                }
                catch (InvalidDataException e) { error ??= e; }
            }
            var (count, failed) = await OpenCatalogueAndRestoreAsync(_partitions[i], state, notification, cancellationToken).ConfigureAwait(false);
            opened += count;
            error ??= failed;
            if (state is null || failed is not null) restoredAll = false;
        }
        if (!restoredAll || error is not null) return new CatalogueRestore(opened, [], error);
        var resume = earliest.Values.OrderBy(p => p.Source, StringComparer.Ordinal).ToList();
        ResumeAfter(resume);
        return new CatalogueRestore(opened, resume, null);
    }

    /// <summary>On the partition's thread: opens the catalogue and, given a state, restores it (an error is returned, the engine left empty).</summary>
    private Task<(int Opened, InvalidDataException? Error)> OpenCatalogueAndRestoreAsync(Partition partition, byte[]? state, NotificationMode? notification,
        CancellationToken cancellationToken) =>
        WriteCommand(partition, new Command<(int, InvalidDataException?)>(q =>
        {
            var count = q.Engine.OpenStandardCatalogue(notification).Count;
            if (state is null) return (count, null);
            try
            {
                using var s = new MemoryStream(state, writable: false);
                q.Engine.RestoreCheckpoint(s);
                q.ClockStarted = true;
                return (count, null);
            }
            catch (InvalidDataException e)
            {
                return (count, e);
            }
        }), cancellationToken);

    /// <summary>The header of a unit checkpoint: the sources' positions, then each partition's engine state.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another version, another number of partitions, or truncated.</exception>
    private (List<SourcePosition> Positions, byte[][] States) ReadCheckpoint(Stream stream, int? expectedPartitions = null)
    {
        var expected = expectedPartitions ?? _partitions.Length;
        var positions = new List<SourcePosition>();
        try
        {
            using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            string magic;
            try { magic = r.ReadString(); }
            catch (EndOfStreamException) { magic = ""; }
            if (magic != CheckpointMagic) throw new InvalidDataException("not a Pulse.Sdk Data Collection Unit checkpoint");
            var version = r.ReadInt32();
            if (version != CheckpointVersion) throw new InvalidDataException($"Data Collection Unit checkpoint version {version}, this unit reads version {CheckpointVersion}");
            var partitions = r.ReadInt32();
            if (partitions != expected)
                throw new InvalidDataException(expectedPartitions is null
                    ? $"the checkpoint has {partitions} partitions, this unit {_partitions.Length}: start it with Partitions = {partitions} or start without the checkpoint"
                    : $"the checkpoint holds {partitions} partitions where one partition's was expected");
            var count = r.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var streamId = r.ReadBoolean() ? r.ReadString() : null;
                positions.Add(new SourcePosition(name, streamId, r.ReadInt64()));
            }
            var states = new byte[partitions][];
            for (var i = 0; i < partitions; i++) states[i] = r.ReadBytes(r.ReadInt32());
            return (positions, states);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the Data Collection Unit checkpoint is truncated");
        }
    }

    /// <summary>Each source named in <paramref name="positions"/> resumes after its position when it is run.</summary>
    private void ResumeAfter(IEnumerable<SourcePosition> positions)
    {
        lock (_slotsLock)
        {
            foreach (var p in positions)
            {
                var slot = _slots.Find(s => s.Name == p.Source);
                if (slot is null) _restored[p.Source] = p;
                else throw new InvalidOperationException($"restore the checkpoint before running the source '{p.Source}'");
            }
        }
    }

    private Partition PartitionAt(int index) =>
        (uint)index < (uint)_partitions.Length
            ? _partitions[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"partition must be 0 to {_partitions.Length - 1}");

    /// <summary>Reads every visible statistic of every partition now.</summary>
    public async Task<IReadOnlyList<StatisticUpdate>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<StatisticUpdate>();
        foreach (var p in _partitions)
            if (!p.Retired) all.AddRange(await WriteCommand(p, new Command<List<StatisticUpdate>>(q => q.Engine.Snapshot().ToList()), cancellationToken).ConfigureAwait(false));
        return all;
    }

    /// <summary>
    /// Waits until every event and command queued so far has been processed (events held by the reorder window included) and
    /// flushed (as a refresh when one is due, see <see cref="DataCollectionUnitOptions.RefreshInterval"/>), and the sinks were asked to write out what they buffer (<see cref="IStatisticSink.ForceFlush"/>, at most
    /// <see cref="DataCollectionUnitOptions.SinkTimeout"/> each, on each partition's thread).
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        var timeout = _options.SinkTimeout;
        foreach (var p in _partitions)
            await WriteCommand(p, new Command<bool>(q =>
            {
                q.ReleaseAll();
                if (q.Retired) return true;
                // A refresh already due is part of what the sinks are owed now; left to the loop, it would race the caller.
                // Before the events clock has started a refresh would do nothing, and the drain flushes as it always did.
                if (!(q.ClockStarted && q.RefreshIfDue(_options.TimeProvider.GetUtcNow(), _options.RefreshInterval))) q.Engine.Flush();
                q.Engine.FlushSinks(timeout);
                return true;
            }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Totals over all partitions.</summary>
    public async Task<EngineCounters> CountersAsync(CancellationToken cancellationToken = default)
    {
        long a = 0, d = 0, o = 0, ut = 0, uo = 0, inv = 0, g = 0;
        foreach (var p in _partitions)
        {
            var c = await WriteCommand(p, new Command<EngineCounters>(q => q.Engine.Counters), cancellationToken).ConfigureAwait(false);
            a += c.Applied; d += c.Duplicates; o += c.OutOfOrder; ut += c.UnknownTenant; uo += c.UnknownObject; inv += c.Invalid; g += c.SequenceGaps;
        }
        return new EngineCounters(a, d, o, ut, uo, inv, g);
    }

    private void OnConfigurationChanged(PulseConfiguration config)
    {
        for (var i = 0; i < _partitions.Length; i++)
        {
            var slice = Slice(config, i);
            _partitions[i].Queue.Writer.TryWrite(new Item(new Command<bool>(q => { q.Engine.ApplyConfiguration(slice); return true; }), -1, -1, 0));
        }
    }

    /// <summary>
    /// The flush after the one that was due at <paramref name="due"/>: one interval later (a fixed rate, so the time the
    /// flush and its sinks take does not stretch the period), or one interval from <paramref name="now"/> when the
    /// partition fell a whole interval behind (no burst of flushes to catch up).
    /// </summary>
    internal static DateTimeOffset NextFlush(DateTimeOffset due, DateTimeOffset now, TimeSpan interval)
    {
        var next = due + interval;
        return next > now ? next : now + interval;
    }

    private async Task RunPartitionAsync(Partition p, CancellationToken ct)
    {
        var reader = p.Queue.Reader;
        var time = _options.TimeProvider;
        var interval = _options.FlushInterval;
        var nextFlush = time.GetUtcNow() + interval;
        var refresh = _options.RefreshInterval;
        p.NextRefresh = refresh > TimeSpan.Zero ? nextFlush + refresh : DateTimeOffset.MaxValue;
        void FlushNow()
        {
            if (!p.RefreshIfDue(time.GetUtcNow(), refresh)) p.Flush(refresh: false);
        }
        // With a reorder window: events older than `safe` may be applied, because every event the sources queued before
        // `snapshot` (the sources' safe time when last read) has been read once the `behind` items then queued are read.
        var held = p.Held;
        long safe = long.MinValue, snapshot = long.MinValue;
        var behind = 0;
        void Observe()
        {
            if (behind > 0 && --behind > 0) return;
            safe = snapshot;
            snapshot = SafeTime(time.GetTimestamp());
            behind = reader.Count;
            if (behind == 0) safe = snapshot;
        }
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Payload is PulseEvent e)
                    {
                        if (held is null) p.Apply(e);
                        else held.Add(new HeldEvent(e, item.Slot, item.Offset, item.Arrived));
                    }
                    else ((ICommand)item.Payload).Run(p);
                    if (held is not null)
                    {
                        Observe();
                        p.ReleaseDue(time.GetTimestamp(), safe);
                    }
                    if (time.GetUtcNow() >= nextFlush)
                    {
                        FlushNow();
                        nextFlush = NextFlush(nextFlush, time.GetUtcNow(), interval);
                    }
                }
                if (held is not null)
                {
                    behind = 0;
                    Observe();
                    p.ReleaseDue(time.GetTimestamp(), safe);
                }
                var now = time.GetUtcNow();
                if (now >= nextFlush)
                {
                    FlushNow();
                    nextFlush = NextFlush(nextFlush, time.GetUtcNow(), interval);
                    continue; // look for input again before sleeping: the flush took time
                }

                // Sleep until input arrives, the next flush is due or the oldest held event is released, whichever comes
                // first. One wait for input is kept across turns, so a timer that wins the race leaves no waiter behind.
                var wake = nextFlush - now;
                if (held?.Deadline is { } deadline)
                {
                    var release = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency);
                    if (release < wake) wake = release < TimeSpan.Zero ? TimeSpan.Zero : release;
                }
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    var timer = Task.Delay(wake, time, cts.Token);
                    var done = await Task.WhenAny(waiting, timer).ConfigureAwait(false);
                    await cts.CancelAsync().ConfigureAwait(false);
                    if (done != waiting) continue;
                }
                var more = await waiting.ConfigureAwait(false);
                waiting = null;
                if (!more) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(p, e);
            throw;
        }
        p.ReleaseAll();
        if (!p.Retired) p.Engine.Flush();
    }

    /// <summary>
    /// A partition stopped on an unexpected error: its queue is closed with the cause, so writers fail at once instead of
    /// waiting for room that never comes, and the commands still queued fail with it.
    /// </summary>
    private void Fail(Partition p, Exception cause)
    {
        Interlocked.CompareExchange(ref _failure, cause, null);
        PulseMetrics.PartitionsFailed.Add(1);
        p.Queue.Writer.TryComplete(cause);
        while (p.Queue.Reader.TryRead(out var item))
            if (item.Payload is ICommand command) command.Fail(cause);
    }

    /// <summary>
    /// Stops the partitions after they have processed what is queued (a flush included), then shuts the sinks down
    /// (<see cref="IStatisticSink.Shutdown"/>, once each, at most <see cref="DataCollectionUnitOptions.SinkTimeout"/>).
    /// Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Configuration.Changed -= OnConfigurationChanged;
        foreach (var p in _partitions) p.Queue.Writer.TryComplete();
        try { await Task.WhenAll(_loops).ConfigureAwait(false); }
        catch (Exception) when (Volatile.Read(ref _failure) is not null)
        {
            // A partition that stopped on an error has reported it (Failure, the metric); disposing still completes.
        }
        finally
        {
            _stop.Cancel();
            _stop.Dispose();
            // Every partition has stopped, so nothing is delivered any more; each engine holds the same sinks, so one shuts them down.
            if (_partitions.Length > 0) _partitions[0].Engine.ShutdownSinks(_options.SinkTimeout);
        }
    }

    /// <summary>An event or a command on its way to a partition; a struct, so queueing an event allocates nothing.</summary>
    private readonly record struct Item(object Payload, int Slot, long Offset, long Arrived);

    /// <summary>A resumable source the unit has run: where its queued events stand.</summary>
    private sealed class SourceSlot(string name, int index)
    {
        public string Name { get; } = name;
        public int Index { get; } = index;
        public bool Resumable;
        public string? StreamId;
        public long Dispatched = -1;

        /// <summary>The latest event time (UTC ticks) this source has queued; with a reorder window only.</summary>
        public long Frontier = long.MinValue;

        /// <summary>How many runs of this source are in progress (under the slots lock).</summary>
        public int Running;

        /// <summary>Stream kinds seen in its events, and those it declares (bits of <see cref="EventSourceKind"/>).</summary>
        public int Seen;
        public int Declared;

        /// <summary>Its condition, the grace timer of an interruption, and whether its streams are stale (under the slots lock).</summary>
        public StreamCondition Condition = StreamCondition.Current;
        public ITimer? Grace;
        public bool Stale;
        public Action<StreamCondition>? OnCondition;
    }

    /// <summary>A command that does nothing: it wakes a partition so that it looks at the sources' frontiers again.</summary>
    private sealed class Nudge : ICommand
    {
        public static readonly Nudge Instance = new();

        public void Run(Partition partition)
        {
        }

        public void Fail(Exception cause)
        {
        }
    }

    /// <summary>One engine, its queue, its event clock and its reorder buffer; touched only by its own loop.</summary>
    private sealed class Partition(StatisticsEngine engine, Channel<Item> queue, ReplayClock? eventClock, long window, Action<PulseEvent>? beforeApply)
    {
        private long _lastApplied = long.MinValue;
        private volatile bool _retired;

        /// <summary>Handed over to another unit: applies and flushes nothing more (set on its own thread, read by the sources).</summary>
        public bool Retired { get => _retired; set => _retired = value; }

        public StatisticsEngine Engine { get; } = engine;
        public Channel<Item> Queue { get; } = queue;
        public ReorderBuffer? Held { get; } = window > 0 ? new ReorderBuffer(window) : null;

        /// <summary>With the events clock: false until an event or a restored checkpoint has set the time (nothing to flush at the epoch).</summary>
        public bool ClockStarted { get; set; } = eventClock is null;

        public void Apply(PulseEvent e)
        {
            if (_retired) return;
            var t = e.Time.UtcTicks;
            if (Held is not null)
            {
                if (t < _lastApplied) PulseMetrics.LateEvents.Add(1);
                else _lastApplied = t;
            }
            if (eventClock is not null)
            {
                eventClock.AdvanceTo(e.Time);
                ClockStarted = true;
            }
            beforeApply?.Invoke(e);
            Engine.Apply(e);
        }

        public void ReleaseDue(long now, long safeTime)
        {
            while (Held!.TryRelease(now, safeTime, out var held)) Apply(held.Event);
        }

        public void ReleaseAll()
        {
            if (Held is null) return;
            while (Held.TryTake(out var held)) Apply(held.Event);
        }

        /// <summary>When the next refresh is due (<see cref="DateTimeOffset.MaxValue"/> without a refresh interval).</summary>
        public DateTimeOffset NextRefresh { get; set; } = DateTimeOffset.MaxValue;

        /// <summary>Refreshes and schedules the next refresh if one is due at <paramref name="now"/>; false if none was.</summary>
        public bool RefreshIfDue(DateTimeOffset now, TimeSpan interval)
        {
            if (now < NextRefresh) return false;
            Flush(refresh: true);
            NextRefresh = NextFlush(NextRefresh, now, interval);
            return true;
        }

        public void Flush(bool refresh)
        {
            if (!ClockStarted || _retired) return;
            if (refresh) Engine.Refresh();
            else Engine.Flush();
        }

        /// <summary>The oldest offset of each source among the held events (they are not in the engine's state yet), or null.</summary>
        public Dictionary<int, long>? OldestHeldOffsets() => Held?.OldestOffsets();
    }

    private interface ICommand
    {
        void Run(Partition partition);

        void Fail(Exception cause);
    }

    private sealed class Command<T>(Func<Partition, T> action) : ICommand
    {
        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(Partition partition)
        {
            try { Result.SetResult(action(partition)); }
            catch (Exception ex) { Result.SetException(ex); }
        }

        public void Fail(Exception cause) => Result.TrySetException(new InvalidOperationException("the engine partition has stopped: " + cause.Message, cause));
    }
}
