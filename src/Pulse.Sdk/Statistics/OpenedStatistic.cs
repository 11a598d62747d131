using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Statistics;

/// <summary>An opened statistic: a type on an object with a notification mode, and the engine's id for it.</summary>
/// <remarks>The engine keeps the statistic's working state on this object, so an opened statistic is one small allocation.</remarks>
public sealed class OpenedStatistic
{
    internal OpenedStatistic(int id, StatisticType type, ObjectState owner, NotificationMode notification)
    {
        Id = id;
        Type = type;
        Owner = owner;
        Notification = notification;
    }

    /// <summary>Engine-assigned id, unique within the engine while open.</summary>
    public int Id { get; }

    /// <summary>The statistic type.</summary>
    public StatisticType Type { get; }

    /// <summary>The object.</summary>
    public ObjectRef Object => Owner.Ref;

    /// <summary>When values are pushed.</summary>
    public NotificationMode Notification { get; }

    /// <summary>Whether the statistic is still open.</summary>
    public bool IsOpen { get; internal set; } = true;

    // Working state, owned by the engine partition's single writer.
    internal readonly ObjectState Owner;
    internal Aggregator? Main;
    internal Aggregator? Relative;
    /// <summary>Formula components: the numerator terms, then the denominator terms.</summary>
    internal OpenedStatistic[]? Components;
    internal bool Hidden;
    internal bool HasLast;
    internal AgentStatus? LastState;
    internal int ComponentRefs;
    internal int Stamp;
    internal double LastNumber;
    internal string? LastReason;
    internal double Cached;
    internal long CachedEpoch = -1;

    /// <inheritdoc />
    public override string ToString() => $"{Object}/{Type.Name}";
}
