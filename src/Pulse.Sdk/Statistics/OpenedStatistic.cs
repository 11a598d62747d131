using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Statistics;

/// <summary>An opened statistic: a type on an object with a notification mode, and the engine's id for it.</summary>
/// <remarks>The engine keeps the statistic's working state on this object, so an opened statistic costs one allocation.</remarks>
public sealed class OpenedStatistic
{
    internal OpenedStatistic(int id, StatisticType type, ObjectRef obj, NotificationMode notification)
    {
        Id = id;
        Type = type;
        Object = obj;
        Notification = notification;
    }

    /// <summary>Engine-assigned id, unique within the engine while open.</summary>
    public int Id { get; }

    /// <summary>The statistic type.</summary>
    public StatisticType Type { get; }

    /// <summary>The object.</summary>
    public ObjectRef Object { get; }

    /// <summary>When values are pushed.</summary>
    public NotificationMode Notification { get; }

    /// <summary>Whether the statistic is still open.</summary>
    public bool IsOpen { get; internal set; } = true;

    // Working state, owned by the engine partition's single writer.
    internal ObjectState Owner = null!;
    internal Aggregator? Main;
    internal Aggregator? Relative;
    internal OpenedStatistic[]? Numerator;
    internal OpenedStatistic[]? Denominator;
    internal bool Hidden;
    internal int ComponentRefs;
    internal bool HasLast;
    internal double LastNumber;
    internal AgentStatus? LastState;
    internal string? LastReason;
    internal long NextDue;
    internal long RangeFrom;
    internal long RangeTo;

    /// <inheritdoc />
    public override string ToString() => $"{Object}/{Type.Name}";
}
