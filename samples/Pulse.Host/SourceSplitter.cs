using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Pulse.Sdk.Events;

namespace Pulse.Host;

/// <summary>
/// Reads one event source (the simulator, a file) once and hands each event to the stream of its
/// <see cref="EventSourceKind"/>, so each upstream service serves only its own events.
/// </summary>
internal sealed class SourceSplitter(IEventSource source)
{
    private readonly Channel<PulseEvent>[] _streams = Enumerable.Range(0, 4)
        .Select(_ => Channel.CreateBounded<PulseEvent>(new BoundedChannelOptions(16_384) { SingleWriter = true, SingleReader = true }))
        .ToArray();

    /// <summary>The events of one source kind, as an event source of their own.</summary>
    public IEventSource Stream(EventSourceKind kind) => new KindStream(source.Name + "/" + kind, _streams[(int)kind].Reader);

    /// <summary>Reads the source to its end (or cancellation) and completes every stream.</summary>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
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
