using System.Runtime.CompilerServices;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Tests.Support;

/// <summary>A feed-like source: event i has offset i + 1; it starts after the position it is told to resume after and ends after <c>stopAfter</c>.</summary>
internal sealed class OffsetSource(string name, IReadOnlyList<PulseEvent> events, long stopAfter) : IResumableEventSource
{
    private long _position = -1;
    private long _next;

    public string Name => name;

    public long? Position => _position < 0 ? null : _position;

    public string? StreamId => "stream-" + name;

    public long? ResumedAfter { get; private set; }

    public void ResumeAfter(long position, string? streamId)
    {
        Assert.Equal(StreamId, streamId);
        ResumedAfter = position;
        _next = position;
    }

    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var offset = _next + 1; offset <= Math.Min(stopAfter, events.Count); offset++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _position = offset;
            yield return events[(int)offset - 1];
        }
        await Task.CompletedTask;
    }
}
