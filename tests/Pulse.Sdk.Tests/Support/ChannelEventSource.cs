using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Tests.Support;

/// <summary>
/// A source the test feeds event by event (<see cref="Events"/>), current until the test sets another condition (<see cref="Set"/>);
/// <see cref="HandedOver"/> counts the events its reader has taken and asked past.
/// </summary>
internal sealed class ChannelEventSource(string name, params EventSourceKind[] kinds) : IMonitoredEventSource
{
    private StreamCondition _condition = StreamCondition.Current;
    private int _handedOver;

    public Channel<PulseEvent> Events { get; } = Channel.CreateUnbounded<PulseEvent>();

    public string Name => name;

    public IReadOnlyList<EventSourceKind> Kinds => kinds;

    public StreamCondition Condition => _condition;

    public event Action<StreamCondition>? ConditionChanged;

    /// <summary>Events the reader has taken and then asked for the next one (so it has done with them).</summary>
    public int HandedOver => Volatile.Read(ref _handedOver);

    public void Set(StreamCondition condition)
    {
        _condition = condition;
        ConditionChanged?.Invoke(condition);
    }

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in Events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
            Interlocked.Increment(ref _handedOver);
        }
    }
}
