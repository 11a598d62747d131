namespace Pulse.Sdk.Statistics;

/// <summary>An opened statistic: a type on an object with a notification mode, and the engine's id for it.</summary>
public sealed class OpenedStatistic
{
    internal OpenedStatistic(int id, StatisticType type, ObjectRef obj, NotificationMode notification)
    {
        Id = id;
        Type = type;
        Object = obj;
        Notification = notification;
    }

    /// <summary>Engine-assigned id, unique within the engine partition while open.</summary>
    public int Id { get; }

    /// <summary>The statistic type.</summary>
    public StatisticType Type { get; }

    /// <summary>The object.</summary>
    public ObjectRef Object { get; }

    /// <summary>When values are pushed.</summary>
    public NotificationMode Notification { get; }

    /// <summary>Whether the statistic is still open.</summary>
    public bool IsOpen { get; internal set; } = true;

    /// <inheritdoc />
    public override string ToString() => $"{Object}/{Type.Name}";
}
