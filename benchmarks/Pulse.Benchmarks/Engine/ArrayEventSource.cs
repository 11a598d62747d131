using System.Runtime.CompilerServices;
using Pulse.Sdk.Events;

namespace Pulse.Benchmarks.Engine;

/// <summary>A stream from memory; yields without awaiting, so reading it allocates nothing per event.</summary>
internal sealed class ArrayEventSource(string name, PulseEvent[] events) : IEventSource
{
    public string Name => name;

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in events) yield return e;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
