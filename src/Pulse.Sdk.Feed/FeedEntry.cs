using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>One frame of the stream, encoded once and shared by every receiver.</summary>
/// <param name="offset">Its offset.</param>
/// <param name="evt">The event.</param>
/// <param name="frame">The encoded frame.</param>
/// <param name="streamEnd">Bytes of every frame published up to and including this one.</param>
internal sealed class FeedEntry(long offset, PulseEvent evt, byte[] frame, long streamEnd)
{
    public readonly long Offset = offset;
    public readonly PulseEvent Event = evt;
    public readonly byte[] Frame = frame;
    public readonly long StreamEnd = streamEnd;
}
