using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Api;
using Pulse.Sdk.Service.Api.Contracts;
using Pulse.Sdk.Service.Diagnostics;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// One live connection (a WebSocket or an SSE stream) of one user: its subscriptions and the loop that sends their
/// messages. Only the loop sends, one message at a time, and a delta is built from the coalesced values only when the
/// transport is free and the subscription's rate allows: a slow socket receives fewer, newer values, and what waits is at
/// most one value per routed statistic (plus at most <see cref="MaxQueuedErrors"/> error messages). Timers (rate, heartbeat,
/// permission refresh) come from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class LiveConnection : IAsyncDisposable
{
    /// <summary>Error messages waiting beyond this are dropped (a client flooding bad requests gets the first ones).</summary>
    public const int MaxQueuedErrors = 16;

    /// <summary>The smallest <c>maxRate</c> a client may ask for (one message per 100 s): its interval must stay a usable timer.</summary>
    public const double MinRequestedRate = 0.01;

    /// <summary>The largest <c>maxRate</c> a client may ask for (the bound of <see cref="PulseServiceOptions.MaxPushRatePerSecond"/>); more is a client bug, not a wish to clamp.</summary>
    public const double MaxRequestedRate = 1000;

    private readonly PulseCaller _caller;
    private readonly ILiveTransport _transport;
    private readonly LiveHub _hub;
    private readonly IMetadataStore _store;
    private readonly IStatisticValueSource _source;
    private readonly IPermissionEvaluator _evaluator;
    private readonly PulseServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<string?>>? _sessionEnd;
    private readonly Configuration.IPulseConfigurationProvider? _configuration;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Queue<LiveMessage> _errors = new();
    private readonly ITimer _rateTimer;
    private readonly ITimer _heartbeatTimer;
    private readonly ITimer _refreshTimer;
    private readonly ITimer? _sessionTimer;
    private readonly List<(StatisticChange Change, LiveTarget[] Targets)> _taken = [];
    private SendDeadline? _sendDeadline;
    private readonly ILogger _logger;
    private UserPermissions _permissions;
    private volatile bool _heartbeatDue;
    private volatile bool _refreshDue;
    private volatile bool _sessionCheckDue;
    private int _disposed;

    // sessionEnd: checks, at each permission refresh, that the credential the connection was opened with is still
    // accepted (not revoked by a logout, not expired): null when it is, else the message that ends the connection; a
    // null sessionEnd: never checked. sessionCheckInterval: checks the credential that often besides (a kiosk's, whose
    // revocation must reach the socket within seconds: docs/api.md, "Kiosk sessions"); null: at the refreshes only.
    public LiveConnection(PulseCaller caller, ILiveTransport transport, LiveHub hub, IMetadataStore store, IStatisticValueSource source,
        IPermissionEvaluator evaluator, PulseServiceOptions options, TimeProvider time, Func<CancellationToken, Task<string?>>? sessionEnd = null,
        TimeSpan? sessionCheckInterval = null, Configuration.IPulseConfigurationProvider? configuration = null, ILogger<LiveConnection>? logger = null)
    {
        _logger = logger ?? NullLogger<LiveConnection>.Instance;
        _configuration = configuration;
        _sessionEnd = sessionEnd;
        _caller = caller;
        _permissions = caller.Permissions;
        _transport = transport;
        _hub = hub;
        _store = store;
        _source = source;
        _evaluator = evaluator;
        _options = options;
        _time = time;
        _rateTimer = time.CreateTimer(static s => ((LiveConnection)s!).Signal(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _heartbeatTimer = time.CreateTimer(static s => ((LiveConnection)s!).HeartbeatDue(), this, options.HeartbeatInterval, options.HeartbeatInterval);
        _refreshTimer = time.CreateTimer(static s => ((LiveConnection)s!).RequestRefresh(), this, options.PermissionRefreshInterval, options.PermissionRefreshInterval);
        if (sessionEnd is not null && sessionCheckInterval is { } every)
            _sessionTimer = time.CreateTimer(static s => ((LiveConnection)s!).RequestSessionCheck(), this, every, every);
        hub.Add(this);
        hub.Metrics.LiveConnections.Add(1, new KeyValuePair<string, object?>("transport", transport.Name));
        LiveLog.Connected(_logger, caller.User, caller.Tenant, transport.Name);
    }

    public string Tenant => _caller.Tenant;

    /// <summary>The service's instruments (the hub's).</summary>
    public ServiceMetrics Metrics => _hub.Metrics;

    public string User => _caller.User;

    /// <summary>Wakes the send loop.</summary>
    public void Signal() => _wake.Writer.TryWrite(true);

    public void RequestRefresh()
    {
        _refreshDue = true;
        Signal();
    }

    private void RequestSessionCheck()
    {
        _sessionCheckDue = true;
        Signal();
    }

    /// <summary>A heartbeat now (the client's ping, or the heartbeat timer).</summary>
    public void HeartbeatDue()
    {
        _heartbeatDue = true;
        Signal();
    }

    public void RequestSnapshot(LiveSubscription subscription)
    {
        lock (_gate) subscription.SnapshotDue = true;
        Signal();
    }

    /// <summary>Queues an error message (dropped when <see cref="MaxQueuedErrors"/> wait already).</summary>
    public void SendError(string? sub, string message)
    {
        LiveLog.ClientMessageRefused(_logger, User, Tenant, _transport.Name, message);
        lock (_gate)
            if (_errors.Count < MaxQueuedErrors) _errors.Enqueue(new LiveMessage(LiveMessage.Error, Sub: sub, Message: message));
        Signal();
    }

    /// <summary>
    /// Subscribes (or re-subscribes, replacing a subscription of the same name) to <paramref name="layouts"/>; null when done,
    /// else the message naming the field. Layouts the user may not see answer exactly like missing ones.
    /// </summary>
    public async Task<string?> SubscribeAsync(string sub, IReadOnlyList<Guid> layouts, double? maxRate, CancellationToken cancellationToken)
    {
        if (!_caller.CanView) return $"missing privilege {PulsePrivilege.ViewDashboard}";
        if (layouts.Count == 0) return "layouts: at least one layout id";
        if (layouts.Count > _options.MaxLayoutsPerSubscription) return $"layouts: at most {_options.MaxLayoutsPerSubscription} layouts in a subscription";
        if (RateProblem(maxRate) is { } bad) return bad;
        var subscription = new LiveSubscription(this, sub, [.. layouts.Distinct()], Interval(maxRate));
        var (targets, missing, formulas) = await RoutesAsync(subscription.LayoutIds, _permissions, cancellationToken).ConfigureAwait(false);
        if (missing is { } m) return $"layouts[{layouts.ToList().IndexOf(m)}]: no layout {m}";
        subscription.Formulas = formulas;
        return await AddAsync(subscription, targets, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes (or re-subscribes) to the values of a query (docs/api.md, "Query API"), checked and resolved as
    /// <c>POST /api/wbrt/queries</c> does; null when done, else the message naming the field (prefixed <c>query.</c>).
    /// </summary>
    public async Task<string?> SubscribeAsync(string sub, QueryBody body, double? maxRate, CancellationToken cancellationToken)
    {
        if (_caller.Kiosk is not null) return "a kiosk session shows its dashboard only: subscribe to its layouts";
        if (!_permissions.Has(PulsePrivilege.ViewDashboard)) return $"missing privilege {PulsePrivilege.ViewDashboard}";
        if (RateProblem(maxRate) is { } bad) return bad;
        var tenant = _configuration?.Current.Tenants.FirstOrDefault(t => t.Id == Tenant);
        var (objects, statistics, problem) = QueryPlan.Resolve(_caller with { Permissions = _permissions }, tenant, body);
        if (problem is not null) return "query." + problem;
        var query = new LiveQuery(objects, statistics);
        var subscription = new LiveSubscription(this, sub, [], Interval(maxRate)) { Query = query };
        return await AddAsync(subscription, QueryRoutes(query, _permissions), cancellationToken).ConfigureAwait(false);
    }

    private string? RateProblem(double? maxRate) => maxRate is { } r && !(r >= MinRequestedRate && r <= MaxRequestedRate)
        ? $"maxRate: from {MinRequestedRate} to {MaxRequestedRate} messages per second (above MaxPushRatePerSecond, {_options.MaxPushRatePerSecond}, it is lowered to it), was {r.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : null;

    private TimeSpan Interval(double? maxRate) => TimeSpan.FromSeconds(1 / Math.Min(maxRate ?? _options.DefaultPushRatePerSecond, _options.MaxPushRatePerSecond));

    /// <summary>Routes a new subscription and puts it in place of one of the same name; null when done, else why not.</summary>
    private async Task<string?> AddAsync(LiveSubscription subscription, Dictionary<StatisticKey, LiveTarget[]> targets, CancellationToken cancellationToken)
    {
        var sub = subscription.Id;
        lock (_gate)
        {
            if (!_subscriptions.ContainsKey(sub) && _subscriptions.Count >= _options.MaxSubscriptionsPerConnection)
                return $"sub: at most {_options.MaxSubscriptionsPerConnection} subscriptions on one connection";
        }
        subscription.SetTargets(targets);
        await _hub.RouteAsync(Tenant, subscription, targets.Keys, cancellationToken).ConfigureAwait(false);
        LiveSubscription? replaced;
        lock (_gate)
        {
            _subscriptions.Remove(sub, out replaced);
            _subscriptions[sub] = subscription;
        }
        if (replaced is not null) _hub.Unroute(Tenant, replaced);
        else _hub.Metrics.LiveSubscriptions.Add(1);
        Signal();
        return null;
    }

    public bool Unsubscribe(string sub)
    {
        LiveSubscription? removed;
        lock (_gate) _subscriptions.Remove(sub, out removed);
        if (removed is null) return false;
        _hub.Unroute(Tenant, removed);
        _hub.Metrics.LiveSubscriptions.Add(-1);
        return true;
    }

    public bool Resync(string sub)
    {
        LiveSubscription? s;
        lock (_gate) _subscriptions.TryGetValue(sub, out s);
        if (s is null) return false;
        RequestSnapshot(s);
        return true;
    }

    /// <summary>
    /// Where each statistic of <paramref name="layoutIds"/> is shown, only for objects <paramref name="permissions"/> may see;
    /// the first layout that is missing or not visible, if any.
    /// </summary>
    private async Task<(Dictionary<StatisticKey, LiveTarget[]> Targets, Guid? Missing, Dictionary<Guid, TemplateFormulas> Formulas)> RoutesAsync(
        IReadOnlyList<Guid> layoutIds, UserPermissions permissions, CancellationToken cancellationToken)
    {
        var caller = _caller with { Permissions = permissions };
        var targets = new Dictionary<StatisticKey, List<LiveTarget>>();
        var formulas = new Dictionary<Guid, TemplateFormulas>();
        foreach (var id in layoutIds)
        {
            var layout = await LayoutEndpoints.VisibleAsync(caller, _store, id, cancellationToken).ConfigureAwait(false);
            if (layout is null) return ([], id, []);
            var template = await _store.GetTemplateAsync(Tenant, layout.TemplateId, cancellationToken).ConfigureAwait(false);
            if (template is null) continue;
            // A formula cell is recomputed in a delta when one of the row's inputs (routed below under their own aliases) changes.
            if (TemplateFormulas.For(template) is { } compiled) formulas[layout.Id] = compiled;
            foreach (var o in layout.Objects.Distinct())
            {
                if (!permissions.CanSee(new ObjectRef(Tenant, o.Type, o.Id))) continue;
                foreach (var s in template.Statistics)
                {
                    var key = new StatisticKey(o.Type, o.Id, s.StatisticType);
                    if (!targets.TryGetValue(key, out var list)) targets[key] = list = [];
                    var target = new LiveTarget(layout.Id, s.Alias);
                    if (!list.Contains(target)) list.Add(target);
                }
            }
        }
        return (targets.ToDictionary(t => t.Key, t => t.Value.ToArray()), null, formulas);
    }

    /// <summary>
    /// Where each value of a query subscription is shown: its visible objects' statistics, each under its own name, with no
    /// layout (<see cref="Guid.Empty"/>, written as the all-zero id: docs/api.md, "Query API").
    /// </summary>
    private Dictionary<StatisticKey, LiveTarget[]> QueryRoutes(LiveQuery query, UserPermissions permissions)
    {
        var targets = new Dictionary<StatisticKey, LiveTarget[]>();
        foreach (var obj in query.Objects)
            if (obj.Tenant == Tenant && permissions.CanSee(obj))
                foreach (var name in query.Statistics)
                    targets[new StatisticKey(obj.Type, obj.Id, name)] = [new LiveTarget(Guid.Empty, name)];
        return targets;
    }

    /// <summary>Sends until <paramref name="cancellationToken"/> fires or the transport fails (then the connection is over).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            if (_sessionCheckDue)
            {
                _sessionCheckDue = false;
                if (!await SessionCheckAsync(cancellationToken).ConfigureAwait(false)) return;
            }
            if (_refreshDue)
            {
                _refreshDue = false;
                if (!await RefreshAsync(cancellationToken).ConfigureAwait(false)) return;
            }
            while (true)
            {
                LiveMessage? error;
                lock (_gate) _errors.TryDequeue(out error);
                if (error is null) break;
                await SendAsync(error, cancellationToken).ConfigureAwait(false);
            }
            if (_heartbeatDue)
            {
                _heartbeatDue = false;
                await SendAsync(new LiveMessage(LiveMessage.Heartbeat, Time: _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            LiveSubscription[] subs;
            lock (_gate) subs = [.. _subscriptions.Values];
            foreach (var s in subs)
            {
                bool snapshot;
                lock (_gate)
                {
                    snapshot = s.SnapshotDue;
                    s.SnapshotDue = false;
                }
                var now = _time.GetUtcNow();
                if (snapshot) await SendSnapshotAsync(s, cancellationToken).ConfigureAwait(false);
                else if (s.HasPending && now >= s.NextAllowed) await SendDeltaAsync(s, cancellationToken).ConfigureAwait(false);
                else continue;
                s.NextAllowed = now + s.MinInterval;
            }
            ArmRateTimer(subs);
        }
    }

    /// <summary>Wakes the loop when the earliest subscription with waiting values may send again.</summary>
    private void ArmRateTimer(LiveSubscription[] subs)
    {
        DateTimeOffset? next = null;
        foreach (var s in subs)
            if (s.HasPending && (next is null || s.NextAllowed < next)) next = s.NextAllowed;
        if (next is null) return;
        var due = next.Value - _time.GetUtcNow();
        if (due > TimeSpan.Zero) _rateTimer.Change(due, Timeout.InfiniteTimeSpan);
        // Checked after arming too: the clock may have passed the due time while the timer was being set.
        if (_time.GetUtcNow() >= next.Value) Signal();
    }

    private async Task SendSnapshotAsync(LiveSubscription s, CancellationToken cancellationToken)
    {
        // Changes that arrive from here on are sent after the snapshot, as deltas.
        s.ClearPending();
        var caller = _caller with { Permissions = _permissions };
        var values = new List<ValueBody>();
        if (s.Query is { } query)
        {
            foreach (var obj in query.Objects)
            {
                if (!_permissions.CanSee(obj)) continue;
                var current = await _source.GetValuesAsync(obj, cancellationToken).ConfigureAwait(false);
                foreach (var name in query.Statistics)
                    foreach (var c in current)
                        if (c.Statistic == name && !c.Removed) values.Add(LayoutValues.ToBody(Guid.Empty, name, c));
            }
        }
        foreach (var id in s.LayoutIds)
        {
            var layout = await LayoutEndpoints.VisibleAsync(caller, _store, id, cancellationToken).ConfigureAwait(false);
            if (layout is null) continue;
            var template = await _store.GetTemplateAsync(Tenant, layout.TemplateId, cancellationToken).ConfigureAwait(false);
            // The rows of its formulas are kept from here on, so that a delta computes them without reading the store again.
            values.AddRange(await LayoutValues.ReadAsync(layout, template, _permissions, _source, cancellationToken,
                s.Formulas.ContainsKey(layout.Id) ? s.RememberRow : null).ConfigureAwait(false));
        }
        await SendAsync(new LiveMessage(LiveMessage.Snapshot, s.Id, ++s.Seq, values), cancellationToken).ConfigureAwait(false);
    }

    private async Task SendDeltaAsync(LiveSubscription s, CancellationToken cancellationToken)
    {
        // Only the send loop builds deltas, one at a time: the list is reused from one delta to the next.
        _taken.Clear();
        s.TakePending(_taken);
        if (_taken.Count == 0) return;
        var formulaValues = s.Formulas.Count == 0 ? null : FormulaValues(s);
        await SendAsync(new LiveMessage(LiveMessage.Delta, s.Id, ++s.Seq) { Changes = _taken, Extra = formulaValues }, cancellationToken).ConfigureAwait(false);
        _taken.Clear();
    }

    /// <summary>
    /// The formula cells of the rows whose inputs are in this delta, computed as a snapshot computes them (docs/formulas.md)
    /// from the rows the subscription keeps (read at its snapshot, updated by every routed change): no read of the store,
    /// at most at the subscription's rate, never per event.
    /// </summary>
    private List<ValueBody>? FormulaValues(LiveSubscription s)
    {
        var formulas = s.Formulas;
        var rows = new HashSet<(Guid Layout, ObjectRef Object)>();
        foreach (var (change, targets) in _taken)
            foreach (var t in targets)
                if (formulas.ContainsKey(t.Layout)) rows.Add((t.Layout, change.Object));
        if (rows.Count == 0) return null;
        var values = new List<ValueBody>();
        foreach (var (layout, obj) in rows)
        {
            values.AddRange(formulas[layout].Evaluate(layout, obj, s.Row(obj)).Values);
        }
        return values;
    }

    private async Task SendAsync(LiveMessage message, CancellationToken cancellationToken)
    {
        _sendDeadline ??= new SendDeadline(_time, _options.SendTimeout, cancellationToken);
        try
        {
            await _transport.SendAsync(message, _sendDeadline.Start()).ConfigureAwait(false);
        }
        // Whatever the transport throws when its send is cancelled (the WebSocket aborts, the response stream fails).
        catch (Exception) when (_sendDeadline.Exceeded && !cancellationToken.IsCancellationRequested)
        {
            LiveLog.SendDeadlineExceeded(_logger, User, Tenant, _transport.Name, _options.SendTimeout);
            throw;
        }
        _sendDeadline.Stop();
        _hub.Metrics.LiveMessagesSent.Add(1, new KeyValuePair<string, object?>("type", message.Type));
    }

    /// <summary>Reads the user's permissions and layouts again; re-routes, with a snapshot, the subscriptions whose routes changed. False when the user lost access.</summary>
    private async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!await SessionCheckAsync(cancellationToken).ConfigureAwait(false)) return false;
        var permissions = await _evaluator.GetAsync(Tenant, User, cancellationToken).ConfigureAwait(false);
        if (permissions is null || permissions.Tenant != Tenant || permissions.User != User
            || !(permissions.Has(PulsePrivilege.ViewDashboard) || permissions.Has(PulsePrivilege.ViewDashboardRestricted)))
        {
            foreach (var s in Subscriptions()) Unsubscribe(s.Id);
            LiveLog.AccessEnded(_logger, User, Tenant, _transport.Name, "the user's permissions were withdrawn");
            await SendAsync(new LiveMessage(LiveMessage.Error, Message: "the user's permissions were withdrawn"), cancellationToken).ConfigureAwait(false);
            return false;
        }
        // A kiosk: never more than its creator's view (docs/api.md, "Kiosk sessions").
        if (_caller.Kiosk is not null) permissions = KioskBinding.ViewOnly(permissions);
        _permissions = permissions;
        foreach (var s in Subscriptions())
        {
            Dictionary<StatisticKey, LiveTarget[]> targets;
            if (s.Query is { } query) targets = QueryRoutes(query, permissions);
            else
            {
                Dictionary<Guid, TemplateFormulas> formulas;
                (targets, _, formulas) = await RoutesAsync(s.LayoutIds, permissions, cancellationToken).ConfigureAwait(false);
                s.Formulas = formulas; // a template changed since: its new formulas
            }
            var old = s.Keys;
            if (old.Count == targets.Count && old.All(targets.ContainsKey)) continue;
            s.SetTargets(targets);
            await _hub.RouteAsync(Tenant, s, targets.Keys, cancellationToken).ConfigureAwait(false);
            RequestSnapshot(s);
        }
        return true;
    }

    /// <summary>Whether the connection's credential is still accepted; when not, the subscriptions end with the error message. False then.</summary>
    private async Task<bool> SessionCheckAsync(CancellationToken cancellationToken)
    {
        if (_sessionEnd is null || await _sessionEnd(cancellationToken).ConfigureAwait(false) is not { } ended) return true;
        foreach (var s in Subscriptions()) Unsubscribe(s.Id);
        LiveLog.AccessEnded(_logger, User, Tenant, _transport.Name, ended);
        await SendAsync(new LiveMessage(LiveMessage.Error, Message: ended), cancellationToken).ConfigureAwait(false);
        return false;
    }

    private LiveSubscription[] Subscriptions()
    {
        lock (_gate) return [.. _subscriptions.Values];
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _rateTimer.DisposeAsync().ConfigureAwait(false);
        await _heartbeatTimer.DisposeAsync().ConfigureAwait(false);
        await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        if (_sessionTimer is not null) await _sessionTimer.DisposeAsync().ConfigureAwait(false);
        if (_sendDeadline is not null) await _sendDeadline.DisposeAsync().ConfigureAwait(false);
        foreach (var s in Subscriptions()) Unsubscribe(s.Id);
        _hub.Remove(this);
        _hub.Metrics.LiveConnections.Add(-1, new KeyValuePair<string, object?>("transport", _transport.Name));
        LiveLog.Disconnected(_logger, User, Tenant, _transport.Name);
    }

    /// <summary>The client sent a message over <paramref name="maxBytes"/>: the endpoint closes the connection.</summary>
    public void ClientMessageTooBig(int maxBytes) => LiveLog.ClientMessageTooBig(_logger, User, Tenant, _transport.Name, maxBytes);
}
