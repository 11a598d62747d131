namespace Pulse.Sdk.Engine;

/// <summary>What a Data Collection Unit's engines take as "now".</summary>
public enum PulseClock
{
    /// <summary>The wall clock (<see cref="DataCollectionUnitOptions.TimeProvider"/>): durations run between events, as a live wallboard expects.</summary>
    Wall,

    /// <summary>
    /// The events' own time: each partition's clock moves to the time of each event it applies (never back), as
    /// <c>replay</c> does. The same events give the same values however late they arrive, but "now" only moves
    /// with the events.
    /// </summary>
    Events,
}
