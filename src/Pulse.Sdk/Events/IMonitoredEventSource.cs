namespace Pulse.Sdk.Events;

/// <summary>
/// An event source that says whether its stream is current, so that a Data Collection Unit can mark the statistics fed by
/// it stale while it is not (docs/statistics.md, "Data quality"). <c>FeedClient</c> is one.
/// </summary>
public interface IMonitoredEventSource : IEventSource
{
    /// <summary>The stream kinds this source delivers; empty when it does not know (the unit then uses the kinds it has seen).</summary>
    IReadOnlyList<EventSourceKind> Kinds { get; }

    /// <summary>The condition now.</summary>
    StreamCondition Condition { get; }

    /// <summary>Raised on the source's own thread when <see cref="Condition"/> changes; handlers must be quick and must not throw.</summary>
    event Action<StreamCondition>? ConditionChanged;
}
