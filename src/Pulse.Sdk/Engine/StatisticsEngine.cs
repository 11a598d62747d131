using System.Runtime.InteropServices;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>
/// The statistics engine of one partition (the DCU's core): applies events to the configured objects,
/// keeps every opened statistic up to date incrementally, and hands changed values to the sinks at each
/// <see cref="Flush"/>. It is a single writer: call it from one thread at a time
/// (<see cref="DataCollectionUnit"/> runs partitions on their own threads). Time comes only from
/// <see cref="StatisticsEngineOptions.TimeProvider"/>, so the same events and clock give the same values bit for bit.
/// </summary>
public sealed partial class StatisticsEngine
{
    private readonly TimeProvider _time;
    private readonly int _maxSinkFailures;
    private readonly Action<SinkStatus, Exception>? _sinkFailed;
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);
    // Objects a configuration change created; they get the standard catalogue when it is open.
    private readonly List<ObjectState> _created = [];
    private readonly Func<ObjectRef, bool>? _owns;
    private bool _catalogueOpen;
    private NotificationMode? _catalogueNotification;
    private readonly List<ObjectState> _dirtyObjects = [];
    private readonly List<StatisticState> _pendingNew = [];
    private readonly List<StatisticState> _staleChanged = [];
    private byte _staleStreams;
    private readonly List<(StatisticState Statistic, StatisticUpdate Update)> _resetUpdates = [];
    // Closed since the last flush: the sinks are told at the next one, before its values.
    private readonly List<(OpenedStatistic Statistic, DateTimeOffset Time)> _closed = [];
    private readonly List<(StatisticState Statistic, long Due)> _timeBased = [];
    private readonly List<SinkSlot> _sinks = [];
    private readonly List<StatisticState?> _open = [];
    private int _openCount;
    /// <summary>The current flush generation: what changes now is evaluated at the next flush.</summary>
    private int _gen = 1;

    private readonly string[] _sourceTags = Enum.GetValues<EventSourceKind>().Select(EventSourceNames.Of).ToArray();
    private StatisticUpdate[] _updates = new StatisticUpdate[256];
    private long[] _scratch = new long[64];
    private long _now;
    private long _refreshedAt = long.MinValue;
    private long _nextReset = long.MaxValue;
    private long _applied, _duplicates, _outOfOrder, _unknownTenant, _unknownObject, _invalid, _gaps;

    /// <summary>Creates an engine for a configuration.</summary>
    /// <exception cref="ArgumentException">The options or the configuration are invalid; the message says what to change.</exception>
    public StatisticsEngine(PulseConfiguration configuration, StatisticsEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        options ??= new StatisticsEngineOptions();
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        _time = options.TimeProvider;
        _maxSinkFailures = options.MaxConsecutiveSinkFailures;
        _sinkFailed = options.SinkFailed;
        _owns = options.Owns;
        _now = _time.GetUtcNow().UtcTicks;
        ApplyConfiguration(configuration);
    }

    /// <summary>The engine clock now (monotonic: never earlier than a time it already returned).</summary>
    public DateTimeOffset Now => new(Clock(), TimeSpan.Zero);

    /// <summary>What the engine did with the events so far.</summary>
    public EngineCounters Counters => new(_applied, _duplicates, _outOfOrder, _unknownTenant, _unknownObject, _invalid, _gaps);

    /// <summary>The statistics open now.</summary>
    public IEnumerable<OpenedStatistic> OpenedStatistics => _open.Where(s => s is not null)!;

    /// <summary>Number of opened statistics.</summary>
    public int OpenedCount => _openCount;

    /// <summary>The last sequence number applied from a tenant's source stream (0 when none or the tenant is unknown).</summary>
    public long LastSequence(string tenant, EventSourceKind source) =>
        _tenants.TryGetValue(tenant, out var ts) && (uint)source < 4u ? ts.LastSeq[(int)source] : 0;

    private long Clock()
    {
        var t = _time.GetUtcNow().UtcTicks;
        if (t > _now) _now = t;
        return _now;
    }

    // ---------------------------------------------------------------- configuration

    /// <summary>
    /// Applies a new configuration without a restart: new objects appear, removed ones close their
    /// statistics, DNs and thresholds update, and group membership changes take effect from now on
    /// (a member's occurrences in progress move with it; nothing is counted twice).
    /// </summary>
    public void ApplyConfiguration(PulseConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigurationValidator.ThrowIfInvalid(configuration, "configuration");
        var now = Clock();
        _lastTenant = null;
        _created.Clear();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tc in configuration.Tenants)
        {
            seen.Add(tc.Id);
            if (!_tenants.TryGetValue(tc.Id, out var ts))
            {
                _tenants.Add(tc.Id, ts = new TenantState(tc.Id, this));
                _created.Add(ts.TenantObject);
            }
            ConfigurationValidator.TryFindTimeZone(tc.TimeZone, out var zone);
            if (!zone.Equals(ts.Zone))
            {
                ts.Zone = zone;
                // Growing profiles without a zone of their own follow the tenant's: the next reset moves.
                foreach (var (key, sch) in ts.Schedules)
                    if (key.Zone is null) sch.SetZone(zone, now);
                RecomputeNextReset();
            }
            ApplyTenant(ts, tc, now);
        }
        foreach (var gone in _tenants.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            var ts = _tenants[gone];
            foreach (var o in ts.AllObjects().ToList()) RemoveObject(o);
            _tenants.Remove(gone);
        }
        // Opened after the membership changes, so a new group's statistics start from its members' state now.
        if (_catalogueOpen)
            foreach (var o in _created)
                if (!o.Removed) OpenCatalogueOn(o, _catalogueNotification, opened: null);
        _created.Clear();
    }

    private void ApplyTenant(TenantState ts, TenantConfig tc, long now)
    {
        ts.ByDn.Clear();
        var tenantObj = ts.TenantObject;

        Sync(ts.Agents, tc.Agents, a => a.Id, ObjectType.Agent, ts, (o, a) =>
        {
            if (o.Agent is null)
            {
                o.Agent = new AgentRuntime { StatusSince = now };
                o.Open = new OpenEntry[8]; // login, readiness per media, a call ringing, connected and held: no growth under load
            }
            foreach (var dn in a.Dns) ts.ByDn[dn] = o;
        });
        // Calls and interactions in progress scale with the agents; sizing the tables up front keeps steady traffic allocation-free.
        ts.Calls.EnsureCapacity(2 * tc.Agents.Count + 256);
        ts.Interactions.EnsureCapacity(tc.Agents.Count + 256);
        Sync(ts.Queues, tc.Queues, q => q.Id, ObjectType.Queue, ts, (o, q) => SetQueue(ts, o, q));
        Sync(ts.VirtualQueues, tc.VirtualQueues, q => q.Id, ObjectType.VirtualQueue, ts, (o, q) => SetQueue(ts, o, q));
        Sync(ts.RoutePoints, tc.RoutePoints, r => r.Id, ObjectType.RoutePoint, ts, (o, r) => ts.ByDn[r.Dn] = o);
        Sync(ts.InteractionQueues, tc.InteractionQueues, q => q.Id, ObjectType.StagingArea, ts, (o, q) => o.IsVirtualInteractionQueue = q.Virtual);
        Sync(ts.AgentGroups, tc.AgentGroups, g => g.Id, ObjectType.GroupAgents, ts, (o, _) => o.Members ??= []);
        Sync(ts.QueueGroups, tc.QueueGroups, g => g.Id, ObjectType.GroupQueues, ts, (o, _) => o.Members ??= []);

        // Desired membership of every group, then the difference applied member by member.
        var desired = new Dictionary<ObjectState, List<ObjectState>>();
        foreach (var g in tc.AgentGroups)
            desired[ts.AgentGroups[g.Id]] = g.Agents.Distinct().Select(id => ts.Agents[id]).ToList();
        foreach (var g in tc.QueueGroups)
            desired[ts.QueueGroups[g.Id]] = g.Queues.Distinct()
                .Select(id => ts.Queues.GetValueOrDefault(id) ?? ts.VirtualQueues[id]).ToList();
        desired[tenantObj] = ts.Agents.Values.Concat(ts.Queues.Values)
            .Concat(tc.InteractionQueues.Where(q => !q.Virtual).Select(q => ts.InteractionQueues[q.Id])).ToList();

        foreach (var (group, want) in desired)
        {
            var wantSet = want.ToHashSet();
            foreach (var m in group.Members!.ToList())
                if (!wantSet.Contains(m)) Leave(group, m, now);
            var have = group.Members!.ToHashSet();
            foreach (var m in want)
                if (!have.Contains(m)) Join(group, m);
        }
    }

    private static void SetQueue(TenantState ts, ObjectState o, QueueConfig q)
    {
        ts.ByDn[q.Dn] = o;
        o.ServiceLevelTicks = (long)(q.ServiceLevelThresholdSeconds * TimeSpan.TicksPerSecond);
        o.ShortAbandonTicks = (long)(q.ShortAbandonThresholdSeconds * TimeSpan.TicksPerSecond);
    }

    private void Sync<T>(Dictionary<string, ObjectState> map, IReadOnlyList<T> items, Func<T, string> id, ObjectType type, TenantState ts, Action<ObjectState, T> update)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = id(item);
            keep.Add(key);
            if (!map.TryGetValue(key, out var o))
            {
                var leaf = type is not (ObjectType.GroupAgents or ObjectType.GroupQueues or ObjectType.Tenant);
                map.Add(key, o = new ObjectState(ts, new ObjectRef(ts.Id, type, key), leaf));
                _created.Add(o);
                if (type == ObjectType.Agent) o.StatusCounts![(int)AgentStatus.LoggedOut] = 1;
            }
            update(o, item);
        }
        foreach (var key in map.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            RemoveObject(map[key]);
            map.Remove(key);
        }
    }

    private void RemoveObject(ObjectState o)
    {
        var now = _now;
        foreach (var p in o.Parents.ToList()) Leave(p, o, now);
        if (o.Members is not null)
            foreach (var m in o.Members.ToList()) Leave(o, m, now);
        foreach (var s in o.Statistics.ToList()) CloseInternal(s);
        o.Removed = true;
    }

    /// <summary>Adds <paramref name="member"/> to <paramref name="group"/>: its occurrences in progress and its status now count there too.</summary>
    private void Join(ObjectState group, ObjectState member)
    {
        group.Members!.Add(member);
        if (member.Agent is null) group.NonAgentMembers.Add(member);
        member.Parents = [.. member.Parents, group];
        var kind = KindOf(member);
        for (var i = 0; i < member.OpenCount; i++)
        {
            ref var e = ref member.Open[i];
            BeginOn(group, kind, 1UL << (int)e.Action, e.Media, e.Data, e.Begin);
        }
        if (member.Agent is { } state) BeginOn(group, SignalKind.AgentState, 1UL << (int)state.Status, state.StatusMedia, null, state.StatusSince);
        if (member.Agent is { } ar && group.StatusCounts is { } counts)
        {
            counts[(int)ar.Status]++;
            MarkStateDirty(group);
        }
    }

    /// <summary>Removes <paramref name="member"/> from <paramref name="group"/>: its occurrences in progress stop counting there, uncompleted.</summary>
    private void Leave(ObjectState group, ObjectState member, long now)
    {
        group.Members!.Remove(member);
        if (member.Agent is null) group.NonAgentMembers.Remove(member);
        member.Parents = member.Parents.Where(p => p != group).ToArray();
        var kind = KindOf(member);
        for (var i = 0; i < member.OpenCount; i++)
        {
            ref var e = ref member.Open[i];
            EndOn(group, kind, 1UL << (int)e.Action, e.Media, e.Data, e.Begin, now, complete: false, 0);
        }
        if (member.Agent is { } state)
            EndOn(group, SignalKind.AgentState, 1UL << (int)state.Status, state.StatusMedia, null, state.StatusSince, now, complete: false, 0);
        if (member.Agent is { } ar && group.StatusCounts is { } counts)
        {
            counts[(int)ar.Status]--;
            MarkStateDirty(group);
        }
    }

    // ---------------------------------------------------------------- opening and closing

    /// <summary>
    /// Opens a statistic type on an object. The same type (the same instance) on the same object with the same notification,
    /// already open, is returned again rather than opened twice; it stays open until each opener has closed it.
    /// </summary>
    /// <exception cref="ArgumentException">The type is inconsistent, does not apply to the object's kind, or the object is not configured; the message says which.</exception>
    public OpenedStatistic Open(StatisticRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Type.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(request));
        var obj = Resolve(request.Object);
        if (_owns is not null && !_owns(request.Object))
            throw new ArgumentException($"{request.Object} belongs to another partition (ObjectPartitioning): open '{request.Type.Name}' on the engine that owns it", nameof(request));
        var types = request.Type.ObjectTypes;
        if (types.Count > 0 && !types.Contains(request.Object.Type))
            throw new ArgumentException($"statistic type '{request.Type.Name}' applies to {string.Join(", ", types)}, not to {request.Object.Type} ({request.Object})", nameof(request));
        if (request.Type.Category is StatisticCategory.CurrentState or StatisticCategory.CurrentStateReasons or StatisticCategory.CurrentContinuousTime
            && request.Object.Type != ObjectType.Agent)
            throw new ArgumentException($"statistic type '{request.Type.Name}': category {request.Type.Category} applies to Agent objects only, not {request.Object}", nameof(request));
        return OpenOn(obj, request.Type, request.Notification ?? NotificationMode.ChangesBased());
    }

    /// <summary>Opens many statistics; stops at the first invalid request.</summary>
    public IReadOnlyList<OpenedStatistic> Open(IEnumerable<StatisticRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Select(Open).ToList();
    }

    /// <summary>
    /// Opens <see cref="StandardCatalogue"/> on every configured object it owns (<see cref="StatisticsEngineOptions.Owns"/>; each object kind gets its own set). From then on,
    /// an object that a configuration change adds (<see cref="ApplyConfiguration"/>) gets it too, with the same notification mode.
    /// </summary>
    /// <param name="notification">Notification mode for every statistic; null means ChangesBased(0).</param>
    /// <returns>The statistics opened.</returns>
    public IReadOnlyList<OpenedStatistic> OpenStandardCatalogue(NotificationMode? notification = null)
    {
        var opened = new List<OpenedStatistic>();
        foreach (var ts in _tenants.Values)
            foreach (var obj in ts.AllObjects())
                OpenCatalogueOn(obj, notification, opened);
        _catalogueOpen = true;
        _catalogueNotification = notification;
        return opened;
    }

    private void OpenCatalogueOn(ObjectState obj, NotificationMode? notification, List<OpenedStatistic>? opened)
    {
        if (_owns is not null && !_owns(obj.Ref)) return;
        foreach (var type in StandardCatalogue.For(obj.Ref.Type))
        {
            var statistic = Open(new StatisticRequest(type, obj.Ref, notification));
            opened?.Add(statistic);
        }
        obj.Statistics.TrimExcess();
        obj.Aggregators.TrimExcess();
    }

    /// <summary>Counts for memory reports: aggregators, bytes of percentile estimators, formula parts, objects.</summary>
    internal (int Aggregators, long PercentileBytes, int FormulaParts, int Objects) DescribeState()
    {
        int aggs = 0, parts = 0, objs = 0;
        long percentiles = 0;
        foreach (var ts in _tenants.Values)
            foreach (var o in ts.AllObjects())
            {
                objs++;
                aggs += o.Aggregators.Count;
                foreach (var a in o.Aggregators) percentiles += a.Percentiles?.Bytes ?? 0;
                foreach (var s in o.Statistics) parts += s.Components?.Length ?? 0;
            }
        return (aggs, percentiles, parts, objs);
    }

    /// <summary>The configured objects of every tenant.</summary>
    public IEnumerable<ObjectRef> Objects => _tenants.Values.SelectMany(t => t.AllObjects()).Select(o => o.Ref);

    private ObjectState Resolve(ObjectRef r)
    {
        if (!_tenants.TryGetValue(r.Tenant, out var ts))
            throw new ArgumentException($"tenant '{r.Tenant}' is not configured", nameof(r));
        return ts.Find(r.Type, r.Id) ?? throw new ArgumentException($"{r.Type} '{r.Id}' is not configured in tenant '{r.Tenant}'", nameof(r));
    }

    private StatisticState OpenOn(ObjectState obj, StatisticType type, NotificationMode mode)
    {
        // The same statistic opened again (the catalogue, then a layout that shows it) is shared, not computed twice:
        // so the set of open statistics, and a checkpoint of it, does not depend on who else asked for it.
        foreach (var existing in CollectionsMarshal.AsSpan(obj.Statistics))
            if (ReferenceEquals(existing.Type, type) && existing.Notification.Equals(mode))
            {
                existing.Openers++;
                return existing;
            }
        var now = Clock();
        var s = new StatisticState(_open.Count + 1, type, obj, mode) { Inputs = InputsOf(obj) };
        if (type.Category == StatisticCategory.Formula)
        {
            var f = type.Formula!;
            s.Components = f.Numerator.Concat(f.Denominator).Select(t => Part(obj, t.Statistic, now)).ToArray();
        }
        else if (!IsStateBased(type))
        {
            var part = Part(obj, type, now);
            s.Main = part.Main;
            s.Relative = part.Relative;
            s.Reads = Aggregator.ReadsOf(type);
        }
        obj.Statistics.Add(s);
        _open.Add(s);
        _openCount++;
        if (s.Notification is TimeBasedNotification tb) _timeBased.Add((s, now + tb.Interval.Ticks));
        else if (s.Notification is ResetBasedNotification && ResetProfile(s) is { } growing)
            obj.Tenant.Schedule(growing).ResetBased.Add(s);
        _pendingNew.Add(s);
        return s;
    }

    /// <summary>The Growing profile whose resets a ResetBased statistic follows: its own, or its first growing formula term's.</summary>
    private static GrowingProfile? ResetProfile(StatisticState s)
    {
        if (s.Main?.Profile is GrowingProfile g) return g;
        foreach (var p in s.Components ?? [])
            if (p.Main?.Profile is GrowingProfile pg) return pg;
        return null;
    }

    private static bool IsStateBased(StatisticType type) =>
        type.Category is StatisticCategory.CurrentState or StatisticCategory.CurrentStateReasons || type.Subject == StatisticSubject.GroupStatus;

    /// <summary>The aggregators a (non-formula) statistic type reads on an object.</summary>
    private FormulaPart Part(ObjectState obj, StatisticType type, long now)
    {
        if (IsStateBased(type)) return new FormulaPart(type, null, null);
        var main = AggregatorFor(obj, type, type.MainMask, now);
        Aggregator? relative = null;
        if (type.Category is StatisticCategory.ServiceFactor1 or StatisticCategory.RelativeNumberPercentage or StatisticCategory.RelativeTimePercentage)
            relative = AggregatorFor(obj, type, type.RelativeMask, now);
        return new FormulaPart(type, main, relative);
    }

    private Aggregator AggregatorFor(ObjectState obj, StatisticType type, ActionMask mask, long now)
    {
        var statusSubject = type.Subject is StatisticSubject.DNStatus or StatisticSubject.AgentStatus or StatisticSubject.PlaceStatus;
        var profile = type.IsCurrent ? null : type.Profile;
        var wantsPercentiles = type.Category == StatisticCategory.Percentile && profile is GrowingProfile or SinceLoginProfile;
        var wantsRange = type.NeedsRange && !type.IsCurrent;
        var filter = type.Filter is { Media.Count: 0, PairsExist.Count: 0, KeysExist.Count: 0 } ? null : type.Filter;

        foreach (var a in obj.Aggregators)
        {
            if (a.Mask != mask.Bits || a.StatusSubject != statusSubject || !Equals(a.Profile, profile) || !Equals(a.Filter, filter)) continue;
            var rangeOk = !wantsRange || SameRange(a, type) || (a.IsPristine && a.Threshold == ThresholdKind.None && a.Range is null);
            var percentilesOk = !wantsPercentiles || a.Percentiles is not null || a.IsPristine;
            if (!rangeOk || !percentilesOk) continue;
            if (wantsRange && !SameRange(a, type)) SetRange(a, type);
            if (wantsPercentiles) a.Percentiles ??= new PercentileEstimator();
            a.RefCount++;
            return a;
        }

        var start = now;
        ResetSchedule? schedule = null;
        if (profile is GrowingProfile g)
        {
            schedule = obj.Tenant.Schedule(g);
            start = schedule.LastAtOrBefore(now);
        }
        else if (profile is SinceLoginProfile)
        {
            if (obj.Agent is { LoggedIn: true } && obj.FindOpen(StatAction.LoggedIn, AgentRuntime.LoginKey) is var i and >= 0)
                start = obj.Open[i].Begin;
            else if (obj.Agent is null)
            {
                schedule = obj.Tenant.Schedule(TimeProfile.Default);
                start = schedule.LastAtOrBefore(now);
            }
        }
        var agg = new Aggregator(mask.Bits, statusSubject, profile, filter, start) { Owner = obj, RefCount = 1 };
        if (wantsRange) SetRange(agg, type);
        if (wantsPercentiles) agg.Percentiles = new PercentileEstimator();
        if (schedule is not null)
        {
            schedule.Aggregators.Add(agg);
            if (schedule.Next == long.MaxValue) schedule.Next = schedule.NextAfter(now);
            if (schedule.Next < obj.Tenant.NextReset) obj.Tenant.NextReset = schedule.Next;
            if (schedule.Next < _nextReset) _nextReset = schedule.Next;
        }
        // Occurrences already in progress (and agents' current states) count from now on in the new aggregator.
        foreach (var leaf in Leaves(obj))
        {
            var kind = KindOf(leaf);
            for (var k = 0; k < leaf.OpenCount; k++)
            {
                ref var e = ref leaf.Open[k];
                if (Feeds(agg, kind) && agg.Accepts(1UL << (int)e.Action, e.Media, e.Data)) agg.OnBegin(e.Begin);
            }
            if (leaf.Agent is { } state && agg.StatusSubject && agg.Accepts(1UL << (int)state.Status, state.StatusMedia, null))
                agg.OnBegin(state.StatusSince);
        }
        obj.Aggregators.Add(agg);
        obj.RecomputeInterest();
        return agg;
    }

    private static bool SameRange(Aggregator a, StatisticType t) =>
        t.Threshold != ThresholdKind.None
            ? a.Threshold == t.Threshold
            : a.Threshold == ThresholdKind.None && a.Range is { } r && r.From == t.Range!.Value.From.Ticks && r.To == t.Range.Value.To.Ticks;

    private static void SetRange(Aggregator a, StatisticType t)
    {
        a.Threshold = t.Threshold;
        if (t.Threshold == ThresholdKind.None && t.Range is { } r) a.Range = new FixedRange(r.From.Ticks, r.To.Ticks);
    }

    private static List<ObjectState> Leaves(ObjectState obj) => obj.IsLeaf ? [obj] : obj.Members ?? [];

    /// <summary>
    /// Closes a statistic: it stops updating and its aggregators are released when no other statistic uses them. A statistic
    /// returned by more than one <see cref="Open(StatisticRequest)"/> closes with the last of its openers.
    /// </summary>
    public void Close(OpenedStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (StateOf(statistic) is not { } s) return;
        // Opened more than once: it stays open for the others.
        if (--s.Openers > 0) return;
        CloseInternal(s);
    }

    /// <summary>Whether <paramref name="statistic"/>, opened by this engine, is still open (closed by each of its openers, or with its object, it is not).</summary>
    public bool IsOpen(OpenedStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return StateOf(statistic) is not null;
    }

    /// <summary>The state of an open statistic of this engine, found by its id; null when closed or opened elsewhere.</summary>
    private StatisticState? StateOf(OpenedStatistic statistic) =>
        (uint)(statistic.Id - 1) < (uint)_open.Count && _open[statistic.Id - 1] is { } s && ReferenceEquals(s, statistic) ? s : null;

    private void CloseInternal(StatisticState s)
    {
        if (!s.IsOpen) return;
        s.IsOpen = false;
        _closed.Add((s, new DateTimeOffset(Clock(), TimeSpan.Zero)));
        var obj = s.Owner;
        obj.Statistics.Remove(s);
        _open[s.Id - 1] = null;
        _openCount--;
        _timeBased.RemoveAll(t => t.Statistic == s);
        _pendingNew.Remove(s);
        Release(obj, s.Main);
        Release(obj, s.Relative);
        foreach (var c in s.Components ?? [])
        {
            Release(obj, c.Main);
            Release(obj, c.Relative);
        }
        foreach (var sch in obj.Tenant.Schedules.Values) sch.ResetBased.Remove(s);
    }

    private static void Release(ObjectState obj, Aggregator? a)
    {
        if (a is null || --a.RefCount > 0) return;
        obj.Aggregators.Remove(a);
        obj.RecomputeInterest();
        foreach (var sch in obj.Tenant.Schedules.Values) sch.Aggregators.Remove(a);
    }

    // ---------------------------------------------------------------- reading and notifying

    /// <summary>The streams whose events a statistic on <paramref name="o"/> reads, as bits of <see cref="EventSourceKind"/>.</summary>
    private static byte InputsOf(ObjectState o) => o.Ref.Type switch
    {
        ObjectType.Queue or ObjectType.RoutePoint or ObjectType.GroupQueues => 1 << (int)EventSourceKind.Voice,
        ObjectType.VirtualQueue => 1 << (int)EventSourceKind.VoiceVq,
        ObjectType.StagingArea => (byte)(1 << (int)(o.IsVirtualInteractionQueue ? EventSourceKind.IxnVq : EventSourceKind.Ixn)),
        _ => (1 << (int)EventSourceKind.Voice) | (1 << (int)EventSourceKind.Ixn), // agents, agent groups, the tenant: calls and interactions
    };

    /// <summary>
    /// Says whether a stream is current. While <paramref name="stream"/> is stale, every statistic that reads it (docs/statistics.md,
    /// "Data quality") is read with <see cref="StatisticValue.Stale"/> set, and the next flush re-sends those that changed
    /// either way. A Data Collection Unit calls it when a source loses its upstream and when it has caught up again.
    /// </summary>
    public void SetStale(EventSourceKind stream, bool stale)
    {
        if ((uint)stream >= 4u) throw new ArgumentOutOfRangeException(nameof(stream), stream, "not a stream kind");
        var bit = (byte)(1 << (int)stream);
        SetStaleStreams(stale ? (byte)(_staleStreams | bit) : (byte)(_staleStreams & ~bit));
    }

    /// <summary>The streams marked stale now, as bits of <see cref="EventSourceKind"/>.</summary>
    internal byte StaleStreams => _staleStreams;

    internal void SetStaleStreams(byte mask)
    {
        var changed = (byte)(mask ^ _staleStreams);
        if (changed == 0) return;
        _staleStreams = mask;
        foreach (var s in CollectionsMarshal.AsSpan(_open))
            if (s is not null && (s.Inputs & changed) != 0) _staleChanged.Add(s);
    }

    /// <summary>The statistic's value now.</summary>
    public StatisticValue Read(OpenedStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var s = StateOf(statistic) ?? throw new InvalidOperationException($"statistic {statistic} is closed");
        var now = Clock();
        ProcessResets(now);
        return Evaluate(s, now);
    }

    /// <summary>Every visible opened statistic with its value now, in opening order.</summary>
    public IEnumerable<StatisticUpdate> Snapshot()
    {
        var now = Clock();
        ProcessResets(now);
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        foreach (var s in _open)
            if (s is not null) yield return new StatisticUpdate(s, Evaluate(s, now), at);
    }

    /// <summary>
    /// Processes resets due by the clock, then sends to the sinks the ChangesBased values that changed since
    /// the last flush (only statistics whose aggregators or state events touched are evaluated) and the
    /// TimeBased values that are due. Returns how many values were sent.
    /// </summary>
    public int Flush()
    {
        var now = Clock();
        ProcessResets(now);
        var n = 0;
        DeliverClosed();
        foreach (var (s, u) in CollectionsMarshal.AsSpan(_resetUpdates))
            if (s.IsOpen) Push(ref n, u);
        _resetUpdates.Clear();
        var gen = _gen++;
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        foreach (var o in CollectionsMarshal.AsSpan(_dirtyObjects))
            foreach (var s in CollectionsMarshal.AsSpan(o.Statistics))
                if (s.ChangedIn(gen)) NotifyIfChanged(s, now, at, ref n);
        _dirtyObjects.Clear();
        // New statistics send their first value once (unless the loop above already did).
        foreach (var s in CollectionsMarshal.AsSpan(_pendingNew))
            if (s.IsOpen && !s.HasLast) NotifyIfChanged(s, now, at, ref n);
        _pendingNew.Clear();
        // A stream became stale or current again: its statistics are sent with the flag, changed or not.
        foreach (var s in CollectionsMarshal.AsSpan(_staleChanged))
            if (s.IsOpen) NotifyIfChanged(s, now, at, ref n);
        _staleChanged.Clear();
        var timed = CollectionsMarshal.AsSpan(_timeBased);
        for (var i = 0; i < timed.Length; i++)
        {
            ref var t = ref timed[i];
            if (now < t.Due) continue;
            var interval = ((TimeBasedNotification)t.Statistic.Notification).Interval.Ticks;
            while (t.Due <= now) t.Due += interval;
            var v = Evaluate(t.Statistic, now);
            Remember(t.Statistic, v);
            Push(ref n, new StatisticUpdate(t.Statistic, v, at));
        }
        Deliver(n);
        return n;
    }

    /// <summary>
    /// A <see cref="Flush"/> that also re-sends the <see cref="ChangesBasedNotification"/> values that moved with time
    /// alone since the previous refresh (a longest wait, the duration of an agent's state, a login time), which a flush
    /// sends only when an event touches what they read. Every open statistic is evaluated, so call it at a coarse
    /// interval (a Data Collection Unit does, every <c>RefreshInterval</c>); when the clock has not moved since the
    /// previous refresh it is a plain flush. Returns how many values were sent.
    /// </summary>
    public int Refresh()
    {
        var n = Flush();
        var now = Clock();
        if (now == _refreshedAt) return n;
        _refreshedAt = now;
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        var sent = 0;
        foreach (var s in CollectionsMarshal.AsSpan(_open))
        {
            if (s is null || s.Notification is not ChangesBasedNotification cb) continue;
            var v = Evaluate(s, now);
            // A state's duration moved with the clock; a number is re-sent only when it moved.
            if (v.State is null && s.HasLast && !Changed(s, v, cb.Insensitivity)) continue;
            Remember(s, v);
            Push(ref sent, new StatisticUpdate(s, v, at));
        }
        Deliver(sent);
        return n + sent;
    }

    private void NotifyIfChanged(StatisticState s, long now, DateTimeOffset at, ref int n)
    {
        if (s.Notification is not ChangesBasedNotification cb) return;
        var v = Evaluate(s, now);
        if (s.HasLast && !Changed(s, v, cb.Insensitivity)) return;
        Remember(s, v);
        Push(ref n, new StatisticUpdate(s, v, at));
    }

    private static bool Changed(StatisticState s, in StatisticValue v, double insensitivity)
    {
        if (v.Stale != s.LastStale) return true;
        if (!string.Equals(v.Reason, s.LastReason, StringComparison.Ordinal)) return true;
        if (v.State is not null) return StateKey(v) != (int)s.LastNumber;
        if (v.Reason is not null) return false;
        return insensitivity <= 0 ? !v.Number.Equals(s.LastNumber) : Math.Abs(v.Number - s.LastNumber) > insensitivity;
    }

    private static void Remember(StatisticState s, in StatisticValue v)
    {
        s.HasLast = true;
        // A state is remembered by its number and media: its duration moves with time and is not a change.
        s.LastNumber = v.State is not null ? StateKey(v) : v.Number;
        s.LastReason = v.Reason;
        s.LastStale = v.Stale;
    }

    // The state in the low byte, the media (plus one, zero for none) above it; a checkpoint written before the media
    // holds the state alone, which at worst sends one unchanged state again after a restore.
    private static int StateKey(in StatisticValue v) => (int)v.State!.Value | (v.Media is { } m ? ((int)m + 1) << 8 : 0);

    private void Push(ref int n, in StatisticUpdate u)
    {
        if (n == _updates.Length) Array.Resize(ref _updates, n * 2);
        _updates[n++] = u;
    }

    private void ProcessResets(long now)
    {
        if (now < _nextReset) return;
        var next = long.MaxValue;
        foreach (var ts in _tenants.Values)
        {
            if (now >= ts.NextReset)
            {
                var tenantNext = long.MaxValue;
                foreach (var sch in ts.Schedules.Values)
                {
                    // After a long silence (an events clock starting at the epoch, a unit stopped for days) only the
                    // resets of the last two days are replayed: the earlier ones would reset what is reset again anyway.
                    if (now - sch.Next > TimeSpan.TicksPerDay * 2) sch.Next = sch.NextAfter(now - TimeSpan.TicksPerDay * 2);
                    while (sch.Next <= now)
                    {
                        var at = sch.Next;
                        // Sent at the next flush, like every other notification.
                        foreach (var s in sch.ResetBased)
                        {
                            var v = Evaluate(s, at);
                            Remember(s, v);
                            _resetUpdates.Add((s, new StatisticUpdate(s, v, new DateTimeOffset(at, TimeSpan.Zero))));
                        }
                        foreach (var a in sch.Aggregators)
                        {
                            a.Reset(at);
                            Touch(a, Aggregator.Reads.Both);
                        }
                        sch.Next = sch.NextAfter(at);
                    }
                    if (sch.Next < tenantNext) tenantNext = sch.Next;
                }
                ts.NextReset = tenantNext;
            }
            if (ts.NextReset < next) next = ts.NextReset;
        }
        _nextReset = next;
    }

    private void RecomputeNextReset()
    {
        var next = long.MaxValue;
        foreach (var ts in _tenants.Values)
        {
            var tenantNext = long.MaxValue;
            foreach (var sch in ts.Schedules.Values)
                if (sch.Next < tenantNext) tenantNext = sch.Next;
            ts.NextReset = tenantNext;
            if (tenantNext < next) next = tenantNext;
        }
        _nextReset = next;
    }

    /// <summary>Records that an aggregator changed: its owner's statistics are looked at in the next flush.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Touch(Aggregator a, Aggregator.Reads what)
    {
        if ((what & Aggregator.Reads.Open) != 0) a.OpenChangedAt = _gen;
        if ((what & Aggregator.Reads.Done) != 0) a.DoneChangedAt = _gen;
        var o = a.Owner;
        if (o.DirtyAt == _gen) return;
        o.DirtyAt = _gen;
        _dirtyObjects.Add(o);
    }

    private void MarkStateDirty(ObjectState o)
    {
        o.StateChangedAt = _gen;
        if (o.DirtyAt == _gen || o.Statistics.Count == 0) return;
        o.DirtyAt = _gen;
        _dirtyObjects.Add(o);
    }
}
