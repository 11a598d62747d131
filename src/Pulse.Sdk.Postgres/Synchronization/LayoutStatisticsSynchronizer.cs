using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Planning;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Synchronization;

/// <summary>Something the synchronizer could not do: a layout that could not be planned, or a statistic that could not be opened or closed.</summary>
/// <param name="Tenant">The tenant being synchronized.</param>
/// <param name="Request">The statistic concerned; null for a planning problem (see <see cref="StatisticPlan.Problems"/>) or a failed read of the layouts.</param>
/// <param name="Message">What went wrong and what to do about it.</param>
/// <param name="Exception">The exception, when there was one.</param>
public sealed record LayoutStatisticsProblem(string Tenant, StatisticRequest? Request, string Message, Exception? Exception);

/// <summary>One synchronization of a tenant is done.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Opened">Statistics opened by this synchronization.</param>
/// <param name="Closed">Statistics closed by this synchronization.</param>
/// <param name="Problems">Problems reported by this synchronization.</param>
/// <param name="OpenNow">Statistics open for the tenant after it.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A record cannot derive from EventArgs; the name says what it is, and renaming it would break the public API.")]
public sealed record LayoutStatisticsSynchronizedEventArgs(string Tenant, int Opened, int Closed, int Problems, int OpenNow);

/// <summary>
/// Keeps the statistics opened in a <see cref="DataCollectionUnit"/> equal to what the active layouts of a
/// set of tenants need (the union of their <see cref="StatisticRequest"/>s, <see cref="LayoutStatisticsPlanner"/>):
/// opens what a layout newly needs, closes what no active layout needs any more, never opens a request
/// twice and never closes one that another layout still needs. Driven by a <see cref="LayoutChangeListener"/>
/// (<see cref="Attach"/>): a <see cref="LayoutChangeListener.LayoutChanged"/> re-plans its tenant, a
/// <see cref="LayoutChangeListener.Connected"/> re-plans every tenant (notifications sent while disconnected are lost).
/// </summary>
/// <remarks>
/// Synchronizations run one at a time. A statistic that cannot be opened (for example on an object the
/// configuration does not know) is reported to the callback and the logger, counted in <see cref="ProblemCount"/>,
/// and retried at the tenant's next synchronization; the other statistics are opened. Disposing stops the
/// synchronizer but leaves the statistics open (call <see cref="CloseAllAsync"/> first to close them).
/// </remarks>
public sealed class LayoutStatisticsSynchronizer : IAsyncDisposable
{
    private readonly DataCollectionUnit _unit;
    private readonly PulseMetadataStore _store;
    private readonly LayoutStatisticsPlanner _planner;
    private readonly Action<LayoutStatisticsProblem>? _onProblem;
    private readonly ILogger _logger;
    private readonly HashSet<string> _tenants;
    private readonly Dictionary<string, Dictionary<StatisticRequest, OpenedStatistic>> _open = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly Channel<string?> _queue = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<LayoutChangeListener> _attached = [];
    private Task? _loop;
    private long _problems;
    private long _changesReceived;
    private long _changesApplied;
    private int _disposed;

    /// <summary>Creates a synchronizer (nothing is opened until <see cref="SynchronizeAllAsync"/> or a listener event).</summary>
    /// <param name="unit">The unit whose statistics are opened and closed; not disposed by the synchronizer.</param>
    /// <param name="store">Where the layouts and templates are read.</param>
    /// <param name="tenants">The tenants whose layouts are followed; others are ignored.</param>
    /// <param name="planner">Turns layouts into requests; a default planner when null.</param>
    /// <param name="onProblem">Called (on the synchronizer's task) for each problem; may be null. An exception it throws is logged and ignored.</param>
    /// <param name="logger">Logs problems and synchronizations; may be null.</param>
    public LayoutStatisticsSynchronizer(DataCollectionUnit unit, PulseMetadataStore store, IEnumerable<string> tenants,
        LayoutStatisticsPlanner? planner = null, Action<LayoutStatisticsProblem>? onProblem = null, ILogger<LayoutStatisticsSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tenants);
        _tenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tenants)
        {
            if (string.IsNullOrEmpty(t)) throw new ArgumentException("a tenant id is null or empty; pass the ids of the tenants whose layouts drive the statistics", nameof(tenants));
            _tenants.Add(t);
        }
        if (_tenants.Count == 0) throw new ArgumentException("no tenant given; pass at least one tenant id", nameof(tenants));
        _unit = unit;
        _store = store;
        _planner = planner ?? new LayoutStatisticsPlanner();
        _onProblem = onProblem;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The tenants followed.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>Problems reported so far (plan problems, failed opens and closes, failed reads).</summary>
    public long ProblemCount => Interlocked.Read(ref _problems);

    /// <summary>
    /// Layout changes of followed tenants notified by the attached listeners whose re-plan has not finished yet
    /// (Genesys Pulse's <c>pendingLayoutStatusChangesCount</c>): 0 when the unit's statistics follow every change seen.
    /// </summary>
    public long PendingLayoutChanges => Interlocked.Read(ref _changesReceived) - Interlocked.Read(ref _changesApplied);

    /// <summary>Raised after each synchronization of a tenant (on the synchronizer's task; an exception a handler throws is logged and ignored).</summary>
    public event EventHandler<LayoutStatisticsSynchronizedEventArgs>? Synchronized;

    /// <summary>The requests open now for <paramref name="tenant"/> (a copy).</summary>
    public IReadOnlySet<StatisticRequest> OpenRequests(string tenant)
    {
        lock (_gate)
            return _open.TryGetValue(tenant, out var map) ? new HashSet<StatisticRequest>(map.Keys) : new HashSet<StatisticRequest>();
    }

    /// <summary>How many statistics the synchronizer holds open, over every tenant.</summary>
    public int OpenCount
    {
        get { lock (_gate) return _open.Values.Sum(m => m.Count); }
    }

    /// <summary>
    /// Follows <paramref name="listener"/>: each layout change of a followed tenant re-plans that tenant, each
    /// (re)connection re-plans every tenant, in the background and one at a time. Attach before starting the listener.
    /// </summary>
    /// <param name="listener">The listener; not started or disposed by the synchronizer.</param>
    public void Attach(LayoutChangeListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _attached.Add(listener);
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
        listener.LayoutChanged += OnLayoutChanged;
        listener.Connected += OnConnected;
    }

    /// <summary>Synchronizes every followed tenant now (waits for a synchronization in progress).</summary>
    /// <param name="cancellationToken">Cancels the wait and the reads.</param>
    public async Task SynchronizeAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var tenant in _tenants.Order(StringComparer.Ordinal))
            await SynchronizeAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-plans <paramref name="tenant"/> from the store and opens and closes the difference (waits for a synchronization in progress).</summary>
    /// <param name="tenant">A followed tenant.</param>
    /// <param name="cancellationToken">Cancels the wait and the reads.</param>
    /// <exception cref="ArgumentException">The tenant is not followed.</exception>
    public async Task SynchronizeAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!_tenants.Contains(tenant)) throw new ArgumentException($"tenant '{tenant}' is not followed by this synchronizer; follow it by passing it to the constructor", nameof(tenant));
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { await SynchronizeCoreAsync(tenant, cancellationToken).ConfigureAwait(false); }
        finally { _serial.Release(); }
    }

    /// <summary>Closes every statistic the synchronizer opened (for example before handing the unit to something else).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task CloseAllAsync(CancellationToken cancellationToken = default)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var tenant in _tenants)
            {
                Dictionary<StatisticRequest, OpenedStatistic>? map;
                lock (_gate) _open.TryGetValue(tenant, out map);
                if (map is null) continue;
                foreach (var (request, opened) in map.ToArray())
                    await CloseOneAsync(tenant, map, request, opened, cancellationToken).ConfigureAwait(false);
            }
        }
        finally { _serial.Release(); }
    }

    /// <summary>Stops following the listeners and waits for the synchronization in progress; leaves the statistics open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        LayoutChangeListener[] attached;
        Task? loop;
        lock (_gate)
        {
            attached = _attached.ToArray();
            loop = _loop;
        }
        foreach (var l in attached)
        {
            l.LayoutChanged -= OnLayoutChanged;
            l.Connected -= OnConnected;
        }
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            try { await loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        // Wait for a direct SynchronizeAsync in progress.
        await _serial.WaitAsync().ConfigureAwait(false);
        _serial.Release();
        _stop.Dispose();
    }

    private void OnLayoutChanged(object? sender, LayoutChangedEventArgs e)
    {
        if (!_tenants.Contains(e.Tenant)) return;
        Interlocked.Increment(ref _changesReceived);
        if (!_queue.Writer.TryWrite(e.Tenant)) Interlocked.Increment(ref _changesApplied); // stopped: never pending
    }

    private void OnConnected(object? sender, EventArgs e) => _queue.Writer.TryWrite(null);

    private async Task RunAsync(CancellationToken stop)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                // Coalesce what is waiting: a tenant named several times is synchronized once; null means all.
                var pending = new HashSet<string>(StringComparer.Ordinal);
                var changes = 0;
                while (reader.TryRead(out var tenant))
                {
                    if (tenant is null) pending.UnionWith(_tenants);
                    else
                    {
                        pending.Add(tenant);
                        changes++;
                    }
                }
                foreach (var tenant in pending.Order(StringComparer.Ordinal))
                {
                    try { await SynchronizeAsync(tenant, stop).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
#pragma warning disable CA1031 // one tenant's failure must not stop the others or the loop
                    catch (Exception ex) { Report(new LayoutStatisticsProblem(tenant, null, $"synchronizing tenant '{tenant}' failed; it is retried at its next layout change or reconnection", ex)); }
#pragma warning restore CA1031
                }
                // The changes drained above are followed now (or reported as problems).
                Interlocked.Add(ref _changesApplied, changes);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task SynchronizeCoreAsync(string tenant, CancellationToken cancellationToken)
    {
        StatisticPlan plan;
        try
        {
            plan = await _planner.PlanAsync(_store, tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(new LayoutStatisticsProblem(tenant, null, $"reading the layouts of tenant '{tenant}' failed; its statistics are left as they are until the next synchronization", ex));
            return;
        }
        var problems = 0;
        foreach (var p in plan.Problems)
        {
            problems++;
            Report(new LayoutStatisticsProblem(tenant, null, p, null));
        }

        Dictionary<StatisticRequest, OpenedStatistic> map;
        lock (_gate)
        {
            if (!_open.TryGetValue(tenant, out map!)) _open[tenant] = map = [];
        }
        // Split by object over several units (docs/architecture.md, "DCU partitions"): each opens what its own objects need.
        var wanted = plan.Requests.Where(r => _unit.Owns(r.Object)).ToHashSet();
        var toOpen = wanted.Where(r => !map.ContainsKey(r)).ToArray();
        var toClose = map.Where(kv => !wanted.Contains(kv.Key)).ToArray();
        int opened = 0, closed = 0;
        foreach (var (request, statistic) in toClose)
        {
            if (await CloseOneAsync(tenant, map, request, statistic, cancellationToken).ConfigureAwait(false)) closed++;
            else problems++;
        }
        foreach (var request in toOpen)
        {
            try
            {
                var statistic = await _unit.OpenAsync(request, cancellationToken).ConfigureAwait(false);
                lock (_gate) map[request] = statistic;
                opened++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems++;
                Report(new LayoutStatisticsProblem(tenant, request,
                    $"could not open '{request.Type.Name}' on {request.Object}: {ex.Message}; fix the layout or the configuration (it is retried at the tenant's next synchronization)", ex));
            }
        }
        int openNow;
        lock (_gate) openNow = map.Count;
        if (opened > 0 || closed > 0)
            PostgresLog.LayoutStatisticsSynchronized(_logger, tenant, opened, closed, openNow);
        var handler = Synchronized;
        if (handler is not null)
        {
            try { handler(this, new LayoutStatisticsSynchronizedEventArgs(tenant, opened, closed, problems, openNow)); }
#pragma warning disable CA1031 // a subscriber's failure must not stop the synchronizer
            catch (Exception ex) { PostgresLog.SynchronizedHandlerFailed(_logger, ex); }
#pragma warning restore CA1031
        }
    }

    private async Task<bool> CloseOneAsync(string tenant, Dictionary<StatisticRequest, OpenedStatistic> map, StatisticRequest request, OpenedStatistic statistic, CancellationToken cancellationToken)
    {
        try
        {
            await _unit.CloseAsync(statistic, cancellationToken).ConfigureAwait(false);
            lock (_gate) map.Remove(request);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(new LayoutStatisticsProblem(tenant, request, $"could not close '{request.Type.Name}' on {request.Object}: {ex.Message}; it is retried at the tenant's next synchronization", ex));
            return false;
        }
    }

    private void Report(LayoutStatisticsProblem problem)
    {
        Interlocked.Increment(ref _problems);
        PostgresLog.LayoutStatisticsProblem(_logger, problem.Exception, problem.Message);
        if (_onProblem is null) return;
        try { _onProblem(problem); }
#pragma warning disable CA1031 // a callback's failure must not stop the synchronizer
        catch (Exception ex) { PostgresLog.ProblemCallbackFailed(_logger, ex); }
#pragma warning restore CA1031
    }
}
