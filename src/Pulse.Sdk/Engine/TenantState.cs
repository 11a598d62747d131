using Pulse.Sdk.Configuration;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>One tenant's objects, lookups, calls in progress and reset schedules.</summary>
internal sealed class TenantState
{
    public TenantState(string id, StatisticsEngine engine)
    {
        Id = id;
        Engine = engine;
        TenantObject = new ObjectState(this, new ObjectRef(id, ObjectType.Tenant, id), isLeaf: false) { Members = [] };
    }

    public readonly string Id;

    /// <summary>The engine (partition) that owns this tenant.</summary>
    public readonly StatisticsEngine Engine;
    public TimeZoneInfo Zone = TimeZoneInfo.Utc;
    public readonly ObjectState TenantObject;

    public readonly Dictionary<string, ObjectState> ByDn = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> Agents = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> AgentGroups = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> Queues = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> VirtualQueues = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> RoutePoints = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> InteractionQueues = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ObjectState> QueueGroups = new(StringComparer.Ordinal);

    /// <summary>Last sequence number applied per source stream (voice, voice-vq, ixn, ixn-vq).</summary>
    public readonly long[] LastSeq = new long[4];

    public readonly CallTable Calls = new();
    public readonly CallTable Interactions = new();

    public readonly Dictionary<(string? Zone, string Times), ResetSchedule> Schedules = new();
    public long NextReset = long.MaxValue;

    public ObjectState? Find(ObjectType type, string id) => type switch
    {
        ObjectType.Agent => Agents.GetValueOrDefault(id),
        ObjectType.GroupAgents => AgentGroups.GetValueOrDefault(id),
        ObjectType.Queue => Queues.GetValueOrDefault(id),
        ObjectType.VirtualQueue => VirtualQueues.GetValueOrDefault(id),
        ObjectType.RoutePoint => RoutePoints.GetValueOrDefault(id),
        ObjectType.GroupQueues => QueueGroups.GetValueOrDefault(id),
        ObjectType.StagingArea => InteractionQueues.GetValueOrDefault(id),
        ObjectType.Tenant => id == Id ? TenantObject : null,
        _ => null,
    };

    public IEnumerable<ObjectState> AllObjects()
    {
        yield return TenantObject;
        foreach (var d in new[] { Agents, AgentGroups, Queues, VirtualQueues, RoutePoints, InteractionQueues, QueueGroups })
            foreach (var o in d.Values) yield return o;
    }

    public ResetSchedule Schedule(GrowingProfile profile)
    {
        var key = (profile.TimeZone, string.Join(",", profile.ResetTimes.Select(t => t.Ticks)));
        if (!Schedules.TryGetValue(key, out var s))
        {
            var zone = Zone;
            if (profile.TimeZone is { } z && !ConfigurationValidator.TryFindTimeZone(z, out zone))
                throw new ArgumentException($"time profile time zone '{z}' is not a known IANA time zone");
            s = new ResetSchedule(zone, profile.ResetTimes);
            Schedules.Add(key, s);
        }
        return s;
    }
}
