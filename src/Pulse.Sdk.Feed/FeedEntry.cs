using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>One frame of the stream, encoded once and shared by every receiver.</summary>
internal sealed class FeedEntry(long offset, PulseEvent evt, byte[] frame)
{
    public readonly long Offset = offset;
    public readonly PulseEvent Event = evt;
    public readonly byte[] Frame = frame;
}
