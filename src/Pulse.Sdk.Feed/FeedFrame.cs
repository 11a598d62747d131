using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>One decoded frame of <c>pulse-feed/1</c>; which properties are set depends on <see cref="Type"/>.</summary>
internal sealed record FeedFrame
{
    /// <summary>The frame type.</summary>
    public FeedFrameType Type { get; init; }

    /// <summary><c>event</c>: the stream offset. <c>welcome</c>: unused.</summary>
    public long Offset { get; init; }

    /// <summary><c>event</c>: the event.</summary>
    public PulseEvent? Event { get; init; }

    /// <summary><c>hello</c>: the protocol version asked for.</summary>
    public int Version { get; init; }

    /// <summary><c>hello</c>: the client's name.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>hello</c>: tenants wanted (empty: all).</summary>
    public IReadOnlyList<string> Tenants { get; init; } = [];

    /// <summary><c>hello</c>: source streams wanted (empty: all).</summary>
    public IReadOnlyList<EventSourceKind> Sources { get; init; } = [];

    /// <summary><c>hello</c>: registered DNs (empty: all).</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary><c>hello</c>: the last offset the client holds, or <see langword="null"/> to start from the newest.</summary>
    public long? ResumeFrom { get; init; }

    /// <summary><c>hello</c>: the stream the client was reading (optional); <c>welcome</c>: the server's stream id.</summary>
    public string? StreamId { get; init; }

    /// <summary><c>welcome</c>: the oldest offset the server still holds (newest + 1 when it holds none).</summary>
    public long Oldest { get; init; }

    /// <summary><c>welcome</c>: the newest offset the server has (0 before the first event).</summary>
    public long Newest { get; init; }

    /// <summary><c>hello</c>: the subscriber secret, if any (left out of <see cref="object.ToString"/>, so a logged frame shows none).</summary>
    public string? Secret { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type).Append(", Offset = ").Append(Offset).Append(", ClientId = ").Append(ClientId)
            .Append(", StreamId = ").Append(StreamId).Append(", Code = ").Append(Code).Append(", Secret = ").Append(Secret is null ? "none" : "***");
        return true;
    }

    /// <summary><c>error</c>: the error code (<see cref="FeedProtocol.ResyncRequired"/> ...).</summary>
    public string? Code { get; init; }

    /// <summary><c>error</c>: the message; <c>bye</c>: the reason.</summary>
    public string? Message { get; init; }
}
