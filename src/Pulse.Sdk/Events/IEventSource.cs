namespace Pulse.Sdk.Events;

/// <summary>
/// A stream of events for the engine: a simulator, a file, a feed connection. Implementations deliver
/// each source stream's events in <see cref="PulseEvent.Seq"/> order.
/// </summary>
public interface IEventSource
{
    /// <summary>A short name used in logs, errors and metrics (for example <c>simulator</c> or a file path).</summary>
    string Name { get; }

    /// <summary>Reads events until the source ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<PulseEvent> ReadAllAsync(CancellationToken cancellationToken = default);
}
