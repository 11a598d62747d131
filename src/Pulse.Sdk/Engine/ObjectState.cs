using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>An occurrence in progress on a leaf object (an agent's status or call, a call waiting in a queue).</summary>
internal struct OpenEntry
{
    public StatAction Action;
    public MediaType Media;
    public long Key;
    public long Begin;
    public IReadOnlyDictionary<string, string>? Data;
    public string? Reason;
    public bool Held;
}

/// <summary>
/// The engine's state for one configuration object: its aggregators and opened statistics, and for leaf
/// objects the occurrences in progress. Groups and the tenant hold no occurrences of their own; they
/// receive their members' signals and scan members when a statistic needs the individual occurrences.
/// </summary>
internal sealed class ObjectState
{
    public ObjectState(TenantState tenant, ObjectRef reference, bool isLeaf)
    {
        Tenant = tenant;
        Ref = reference;
        IsLeaf = isLeaf;
        if (reference.Type is ObjectType.GroupAgents or ObjectType.Tenant or ObjectType.Agent)
            StatusCounts = new int[17];
    }

    public readonly TenantState Tenant;
    public readonly ObjectRef Ref;
    public readonly bool IsLeaf;

    /// <summary>An interaction queue that is virtual (fed by the ixn-vq stream).</summary>
    public bool IsVirtualInteractionQueue;

    public readonly List<Aggregator> Aggregators = [];
    public ulong InterestMask;
    public readonly List<StatisticState> Statistics = [];

    /// <summary>Groups (and the tenant) this leaf's signals are forwarded to.</summary>
    public ObjectState[] Parents = [];

    /// <summary>Members, for groups and the tenant.</summary>
    public List<ObjectState>? Members;

    /// <summary>The members that are not agents (the tenant's queues and interaction queues), so a scan for calls waiting skips the agents.</summary>
    public readonly List<ObjectState> NonAgentMembers = [];

    public OpenEntry[] Open = [];
    public int OpenCount;

    /// <summary>Members by current agent status (groups, tenant; for an agent, its own status).</summary>
    public readonly int[]? StatusCounts;

    /// <summary>Flush generation in which the object was last queued for evaluation.</summary>
    public int DirtyAt;
    /// <summary>Flush generation in which the agent state or the status counts last changed.</summary>
    public int StateChangedAt;
    public bool Removed;

    // Queue thresholds, in ticks.
    public long ServiceLevelTicks = 20 * TimeSpan.TicksPerSecond;
    public long ShortAbandonTicks = 5 * TimeSpan.TicksPerSecond;

    public AgentRuntime? Agent;

    public byte ThresholdFlags(long duration)
    {
        byte f = 0;
        if (duration <= ServiceLevelTicks) f |= OccurrenceFlags.WithinServiceLevel;
        if (duration <= ShortAbandonTicks) f |= OccurrenceFlags.WithinShortAbandon;
        return f;
    }

    /// <summary>Aggregators[0..StateCount) are the status-subject ones: an agent's state signals go only there, its actions only to the rest.</summary>
    public int StateCount;
    public ulong StateInterest;
    public ulong ActionInterest;

    public void RecomputeInterest()
    {
        var ordered = Aggregators.Where(a => a.StatusSubject).Concat(Aggregators.Where(a => !a.StatusSubject)).ToList();
        Aggregators.Clear();
        Aggregators.AddRange(ordered);
        ulong all = 0, state = 0, action = 0;
        StateCount = 0;
        foreach (var a in Aggregators)
        {
            all |= a.Mask;
            if (a.StatusSubject) { state |= a.Mask; StateCount++; }
            else action |= a.Mask;
        }
        InterestMask = all;
        StateInterest = state;
        ActionInterest = action;
    }

    public void AddOpen(in OpenEntry e)
    {
        if (OpenCount == Open.Length) Array.Resize(ref Open, Math.Max(4, Open.Length * 2));
        Open[OpenCount++] = e;
    }

    /// <summary>Finds an occurrence in progress by action and key; -1 when absent.</summary>
    public int FindOpen(StatAction action, long key)
    {
        for (var i = 0; i < OpenCount; i++)
            if (Open[i].Key == key && Open[i].Action == action) return i;
        return -1;
    }

    /// <summary>Removes by position, keeping the order (queues rely on oldest-first for the longest wait).</summary>
    public void RemoveOpenAt(int index)
    {
        OpenCount--;
        if (index < OpenCount) Array.Copy(Open, index + 1, Open, index, OpenCount - index);
        Open[OpenCount] = default;
    }
}

/// <summary>An agent's live state: login, readiness and the status shown by priority.</summary>
internal sealed class AgentRuntime
{
    public const long LoginKey = -1000;
    public static long ReadinessKey(MediaType media) => -1 - (long)media;

    public bool LoggedIn;
    public ulong LoggedMedia;
    public AgentStatus Status = AgentStatus.LoggedOut;
    /// <summary>Media of the occurrence that gives the state (the readiness or call it comes from).</summary>
    public MediaType StatusMedia;
    public string? StatusReason;
    public long StatusSince;
    /// <summary>The queue of the last call this agent handled, for crediting its after-call work.</summary>
    public ObjectState? LastCallQueue;
}
