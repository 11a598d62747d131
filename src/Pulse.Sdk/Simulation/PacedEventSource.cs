using System.Runtime.CompilerServices;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Simulation;

/// <summary>
/// Delivers a sequence of events, in order, each when a clock reaches its <see cref="PulseEvent.Time"/>: events
/// already due are delivered at once, a later one is waited for on the clock. With a
/// <see cref="ScaledTimeProvider.AnchoredAt"/> clock and a deterministic sequence (a simulator's
/// <see cref="ContactCenterSimulator.Generate"/>), processes started at different moments deliver each event at the
/// same wall instant, which is what lets several upstream services run their own copy of one simulator.
/// </summary>
/// <remarks>
/// The sequence is enumerated again by each <see cref="ReadAllAsync"/>. With <see cref="Until"/> set, no event at or
/// after it is delivered and the sequence ends there (an unbounded simulator needs it to end at all).
/// </remarks>
/// <param name="name">The source's name (in logs and metrics).</param>
/// <param name="events">The events, in non-decreasing time.</param>
/// <param name="clock">The clock the events' times are read on.</param>
public sealed class PacedEventSource(string name, IEnumerable<PulseEvent> events, TimeProvider clock) : IEventSource
{
    private readonly IEnumerable<PulseEvent> _events = events ?? throw new ArgumentNullException(nameof(events));
    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <inheritdoc />
    public string Name { get; } = string.IsNullOrEmpty(name) ? throw new ArgumentException("a paced source needs a name", nameof(name)) : name;

    /// <summary>The end of the delivered time span (exclusive): the first event at or after it ends the sequence. Default none.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <inheritdoc />
    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in _events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (e.Time >= Until) yield break;
            var wait = (e.Time - _clock.GetUtcNow()).Ticks;
            if (wait > 0)
            {
                // Task.Delay truncates to whole milliseconds; round up so that no event is early.
                var ms = (wait + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
                await Task.Delay(TimeSpan.FromMilliseconds(ms), _clock, cancellationToken).ConfigureAwait(false);
            }
            yield return e;
        }
    }
}
