namespace Pulse.Sdk.Feed;

/// <summary>The frame types of <c>pulse-feed/1</c> (the <c>type</c> field of each line).</summary>
internal enum FeedFrameType
{
    /// <summary>Not a known frame type.</summary>
    Unknown = 0,

    /// <summary><c>hello</c>: client → server, the first frame of a connection.</summary>
    Hello,

    /// <summary><c>welcome</c>: server → client, the handshake succeeded.</summary>
    Welcome,

    /// <summary><c>error</c>: server → client, the handshake failed; the server then closes.</summary>
    Error,

    /// <summary><c>event</c>: server → client, one event with its stream offset.</summary>
    Event,

    /// <summary><c>ping</c>: either way, a heartbeat.</summary>
    Ping,

    /// <summary><c>pong</c>: either way, the answer to a ping.</summary>
    Pong,

    /// <summary><c>bye</c>: either way, the sender closes the connection, with a reason.</summary>
    Bye,
}
