using System.Threading.Channels;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>Settings of a <see cref="DataCollectionUnit"/>.</summary>
public sealed record DataCollectionUnitOptions
{
    /// <summary>Number of engine partitions; tenants are spread over them by a stable hash. Default 1.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>The clock of every partition.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often changed values are flushed to the sinks (engine clock). Default 100 ms.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events buffered per partition before the reader waits. Default 65,536.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>Returns every problem, each saying what to change.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Partitions is < 1 or > 256) errors.Add($"DataCollectionUnitOptions.Partitions must be 1 to 256, was {Partitions}");
        if (FlushInterval <= TimeSpan.Zero) errors.Add($"DataCollectionUnitOptions.FlushInterval must be positive, was {FlushInterval}");
        if (QueueCapacity < 16) errors.Add($"DataCollectionUnitOptions.QueueCapacity must be at least 16, was {QueueCapacity}");
        if (TimeProvider is null) errors.Add("DataCollectionUnitOptions.TimeProvider is required (TimeProvider.System for live data)");
        return errors;
    }
}

/// <summary>
/// The Data Collection Unit: reads events from sources and runs one <see cref="StatisticsEngine"/> per
/// partition on its own task (a single writer each), flushing changed values to the sinks at the flush
/// interval. Opening statistics, reading values and configuration changes are queued to the partition
/// that owns the tenant, so the engines are never touched by two threads.
/// </summary>
public sealed class DataCollectionUnit : IAsyncDisposable
{
    private readonly DataCollectionUnitOptions _options;
    private readonly Partition[] _partitions;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private int _disposed;

    /// <summary>Creates the unit and starts its partitions.</summary>
    /// <exception cref="ArgumentException">Options are invalid; the message says what to change.</exception>
    public DataCollectionUnit(IConfigurationProvider configuration, DataCollectionUnitOptions? options = null, IEnumerable<IStatisticSink>? sinks = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _options = options ?? new DataCollectionUnitOptions();
        var errors = _options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(options));
        Configuration = configuration;
        var sinkList = sinks?.ToList() ?? [];
        _partitions = new Partition[_options.Partitions];
        for (var i = 0; i < _partitions.Length; i++)
        {
            var engine = new StatisticsEngine(Slice(configuration.Current, i), new StatisticsEngineOptions { TimeProvider = _options.TimeProvider });
            foreach (var s in sinkList) engine.AddSink(s);
            _partitions[i] = new Partition(engine, Channel.CreateBounded<object>(new BoundedChannelOptions(_options.QueueCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            }));
        }
        configuration.Changed += OnConfigurationChanged;
        _loops = _partitions.Select(p => Task.Run(() => RunPartitionAsync(p, _stop.Token))).ToArray();
    }

    /// <summary>The configuration source.</summary>
    public IConfigurationProvider Configuration { get; }

    /// <summary>Number of partitions.</summary>
    public int PartitionCount => _partitions.Length;

    private PulseConfiguration Slice(PulseConfiguration config, int partition) =>
        _partitions.Length == 1 ? config : config with { Tenants = config.Tenants.Where(t => PartitionOf(t.Id) == partition).ToList() };

    private int PartitionOf(string tenant) => (int)((uint)StableHash(tenant) % (uint)_options.Partitions);

    private static int StableHash(string s)
    {
        // FNV-1a: string.GetHashCode is randomized per process, and partition placement must be stable.
        var h = 2166136261u;
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (int)h;
    }

    /// <summary>Reads <paramref name="source"/> to its end (or until cancelled), handing each event to its tenant's partition.</summary>
    public async Task RunAsync(IEventSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await foreach (var e in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var p = _partitions.Length == 1 ? _partitions[0] : _partitions[PartitionOf(e.Tenant)];
            if (!p.Queue.Writer.TryWrite(e))
                await p.Queue.Writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the partition that owns <paramref name="tenant"/>, on its thread, and returns its result.</summary>
    public Task<T> InvokeAsync<T>(string tenant, Func<StatisticsEngine, T> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var p = _partitions[_partitions.Length == 1 ? 0 : PartitionOf(tenant)];
        var command = new Command<T>(action);
        return WriteCommand(p, command, cancellationToken);
    }

    private async Task<T> WriteCommand<T>(Partition p, Command<T> command, CancellationToken ct)
    {
        await p.Queue.Writer.WriteAsync(command, ct).ConfigureAwait(false);
        // A partition whose loop has stopped (faulted) would never answer: say so instead of hanging.
        var loop = _loops[Array.IndexOf(_partitions, p)];
        if (await Task.WhenAny(command.Result.Task, loop).ConfigureAwait(false) != command.Result.Task)
            throw new InvalidOperationException("the engine partition has stopped" + (loop.Exception is { } ex ? ": " + ex.GetBaseException().Message : ""), loop.Exception);
        return await command.Result.Task.ConfigureAwait(false);
    }

    /// <summary>Opens a statistic on the partition of its object's tenant.</summary>
    public Task<OpenedStatistic> OpenAsync(StatisticRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync(request.Object.Tenant, e => e.Open(request), cancellationToken);

    /// <summary>Closes a statistic on the partition of its object's tenant (for example when no active layout needs it any more).</summary>
    public Task CloseAsync(OpenedStatistic statistic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return InvokeAsync(statistic.Object.Tenant, e => { e.Close(statistic); return true; }, cancellationToken);
    }

    /// <summary>Opens the standard catalogue on every object of every partition.</summary>
    public async Task<int> OpenStandardCatalogueAsync(NotificationMode? notification = null, CancellationToken cancellationToken = default)
    {
        var n = 0;
        foreach (var p in _partitions)
            n += await WriteCommand(p, new Command<int>(e => e.OpenStandardCatalogue(notification).Count), cancellationToken).ConfigureAwait(false);
        return n;
    }

    /// <summary>
    /// Writes partition <paramref name="partition"/>'s checkpoint (<see cref="StatisticsEngine.WriteCheckpoint"/>) on its
    /// thread, between two events. Store one per partition; <see cref="RestoreCheckpointAsync"/> reads it back.
    /// </summary>
    public Task WriteCheckpointAsync(int partition, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteCommand(PartitionAt(partition), new Command<bool>(e => { e.WriteCheckpoint(stream); return true; }), cancellationToken);
    }

    /// <summary>
    /// Restores partition <paramref name="partition"/> from a checkpoint, after the same statistics were opened (for
    /// example with <see cref="OpenStandardCatalogueAsync"/>) and before any event; see <see cref="StatisticsEngine.RestoreCheckpoint"/>.
    /// </summary>
    public Task RestoreCheckpointAsync(int partition, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteCommand(PartitionAt(partition), new Command<bool>(e => { e.RestoreCheckpoint(stream); return true; }), cancellationToken);
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
            all.AddRange(await WriteCommand(p, new Command<List<StatisticUpdate>>(e => e.Snapshot().ToList()), cancellationToken).ConfigureAwait(false));
        return all;
    }

    /// <summary>Waits until every event and command queued so far has been processed.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        foreach (var p in _partitions)
            await WriteCommand(p, new Command<bool>(e => { e.Flush(); return true; }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Totals over all partitions.</summary>
    public async Task<EngineCounters> CountersAsync(CancellationToken cancellationToken = default)
    {
        long a = 0, d = 0, o = 0, ut = 0, uo = 0, inv = 0, g = 0;
        foreach (var p in _partitions)
        {
            var c = await WriteCommand(p, new Command<EngineCounters>(e => e.Counters), cancellationToken).ConfigureAwait(false);
            a += c.Applied; d += c.Duplicates; o += c.OutOfOrder; ut += c.UnknownTenant; uo += c.UnknownObject; inv += c.Invalid; g += c.SequenceGaps;
        }
        return new EngineCounters(a, d, o, ut, uo, inv, g);
    }

    private void OnConfigurationChanged(PulseConfiguration config)
    {
        for (var i = 0; i < _partitions.Length; i++)
        {
            var slice = Slice(config, i);
            _partitions[i].Queue.Writer.TryWrite(new Command<bool>(e => { e.ApplyConfiguration(slice); return true; }));
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
        var engine = p.Engine;
        var reader = p.Queue.Reader;
        var time = _options.TimeProvider;
        var interval = _options.FlushInterval;
        var nextFlush = time.GetUtcNow() + interval;
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item))
                {
                    if (item is PulseEvent e) engine.Apply(e);
                    else ((ICommand)item).Run(engine);
                    if (time.GetUtcNow() >= nextFlush)
                    {
                        engine.Flush();
                        nextFlush = NextFlush(nextFlush, time.GetUtcNow(), interval);
                    }
                }
                var now = time.GetUtcNow();
                if (now >= nextFlush)
                {
                    engine.Flush();
                    nextFlush = NextFlush(nextFlush, time.GetUtcNow(), interval);
                    continue; // look for input again before sleeping: the flush took time
                }

                // Sleep until input arrives or the next flush is due, whichever comes first. One wait for input
                // is kept across turns, so a flush that wins the race does not leave a waiter behind.
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    var timer = Task.Delay(nextFlush - now, time, cts.Token);
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
        engine.Flush();
    }

    /// <summary>Stops the partitions after they have processed what is queued (a flush included). Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Configuration.Changed -= OnConfigurationChanged;
        foreach (var p in _partitions) p.Queue.Writer.TryComplete();
        try { await Task.WhenAll(_loops).ConfigureAwait(false); }
        finally
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    private sealed record Partition(StatisticsEngine Engine, Channel<object> Queue);

    private interface ICommand
    {
        void Run(StatisticsEngine engine);
    }

    private sealed class Command<T>(Func<StatisticsEngine, T> action) : ICommand
    {
        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(StatisticsEngine engine)
        {
            try { Result.SetResult(action(engine)); }
            catch (Exception ex) { Result.SetException(ex); }
        }
    }
}
