using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Sources;

/// <summary>
/// Reads one event source (a simulator, a recorded file) once and hands each event to the stream of its
/// <see cref="EventSourceKind"/>, so that each upstream service (Voice SIP Service, Interaction Server ...)
/// serves only its own events.
/// </summary>
/// <remarks>
/// Each stream is a bounded channel (<c>capacity</c> events): when a stream's reader falls that far behind, the
/// pump waits, so a stream that nobody reads holds the others back. <see cref="PumpAsync"/> runs the source; each
/// <see cref="Stream"/> is read once.
/// </remarks>
public sealed class EventStreamSplitter
{
    private readonly IEventSource _source;
    private readonly Channel<PulseEvent>[] _streams;

    /// <summary>Creates a splitter over <paramref name="source"/>; nothing is read before <see cref="PumpAsync"/>.</summary>
    /// <param name="source">The source to split.</param>
    /// <param name="capacity">Events buffered per stream (at least 1). Default 16,384.</param>
    public EventStreamSplitter(IEventSource source, int capacity = 16_384)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _source = source;
        _streams = Enum.GetValues<EventSourceKind>()
            .Select(_ => Channel.CreateBounded<PulseEvent>(new BoundedChannelOptions(capacity) { SingleWriter = true, SingleReader = true }))
            .ToArray();
    }

    /// <summary>The events of one source kind, as an event source of their own named <c>source/kind</c>.</summary>
    /// <param name="kind">The source stream.</param>
    /// <returns>The stream; read it once.</returns>
    public IEventSource Stream(EventSourceKind kind) => new KindStream(_source.Name + "/" + kind, _streams[(int)kind].Reader);

    /// <summary>Reads the source to its end (or cancellation) and completes every stream.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes when the source has ended.</returns>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await _streams[(int)e.Source].Writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var s in _streams) s.Writer.TryComplete();
        }
    }

    private sealed class KindStream(string name, ChannelReader<PulseEvent> reader) : IEventSource
    {
        public string Name => name;

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var e in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return e;
        }
    }
}
