namespace Pulse.Sdk.Feed;

/// <summary>A receiver left a <see cref="FeedServer"/>.</summary>
/// <param name="ClientId">The client id from its <c>hello</c> (empty before the handshake).</param>
/// <param name="RemoteEndPoint">The peer's address.</param>
/// <param name="Reason">Why: <c>slow_consumer</c>, <c>heartbeat_timeout</c>, <c>server_shutdown</c>, <c>peer_closed</c>, <c>peer_bye</c>, <c>handshake_failed</c>, <c>io_error</c>.</param>
/// <param name="LastOffset">The last offset written to it (0 when none).</param>
public sealed record FeedReceiverDisconnected(string ClientId, string RemoteEndPoint, string Reason, long LastOffset);
