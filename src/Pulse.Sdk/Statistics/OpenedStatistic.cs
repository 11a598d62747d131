namespace Pulse.Sdk.Statistics;

/// <summary>
/// An opened statistic: a type on an object with a notification mode, and the engine's id for it. It is what
/// <c>Open</c> returns and what sinks receive in <see cref="StatisticUpdate"/> and <see cref="IStatisticSink.OnClosed"/>;
/// none of its members changes, so any thread may read them. Only the engine creates one; it keeps the statistic's
/// working state on it, out of sight.
/// </summary>
public abstract class OpenedStatistic
{
    private protected OpenedStatistic(int id, StatisticType type, NotificationMode notification)
    {
        Id = id;
        Type = type;
        Notification = notification;
    }

    /// <summary>Engine-assigned id, unique within the engine (never given to another statistic of that engine).</summary>
    public int Id { get; }

    /// <summary>The statistic type.</summary>
    public StatisticType Type { get; }

    /// <summary>The object.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The statistic's object is the Pulse vocabulary (an agent, a queue, a group); renaming it would break the public API.")]
    public abstract ObjectRef Object { get; }

    /// <summary>When values are pushed.</summary>
    public NotificationMode Notification { get; }

    /// <summary>The engine that opened it, as a key only: ids are unique within an engine, and stores index values by both.</summary>
    internal abstract object Origin { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Object}/{Type.Name}";
}
