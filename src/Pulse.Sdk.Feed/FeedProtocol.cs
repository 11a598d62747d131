namespace Pulse.Sdk.Feed;

/// <summary>
/// Constants of the <c>pulse-feed/1</c> protocol (see <c>docs/protocol.md</c>): newline-delimited JSON frames over TCP.
/// </summary>
public static class FeedProtocol
{
    /// <summary>The protocol name and version, <c>pulse-feed/1</c>.</summary>
    public const string Name = "pulse-feed/1";

    /// <summary>The protocol version a client puts in its <c>hello</c>: <c>1</c>.</summary>
    public const int Version = 1;

    /// <summary>The default limit on one frame, in bytes without the line terminator: 65,536.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024;

    /// <summary>The largest configurable frame limit: 16 MiB.</summary>
    public const int MaxMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>Error code: the offset to resume from is no longer (or not) held by the server; start again from the newest.</summary>
    public const string ResyncRequired = "resync_required";

    /// <summary>Error code: the <c>hello</c> asked for a protocol version the server does not speak.</summary>
    public const string UnsupportedVersion = "unsupported_version";

    /// <summary>Error code: the first frame was not a valid <c>hello</c>.</summary>
    public const string BadHello = "bad_hello";

    /// <summary>Error: the server requires a subscriber secret and the hello's is missing or wrong (docs/protocol.md, "Subscribers").</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>Error code: the server serves TLS only and the client spoke plain TCP (docs/protocol.md, "TLS").</summary>
    public const string TlsRequired = "tls_required";

    /// <summary>Bye reason: the receiver fell too far behind and its queue overflowed.</summary>
    public const string SlowConsumer = "slow_consumer";

    /// <summary>Bye reason: nothing was heard from the peer for three heartbeat intervals.</summary>
    public const string HeartbeatTimeout = "heartbeat_timeout";

    /// <summary>Bye reason: the server is shutting down.</summary>
    public const string ServerShutdown = "server_shutdown";

    /// <summary>Bye reason: the client is closing.</summary>
    public const string ClientClosing = "client_closing";
}
