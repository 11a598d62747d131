using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Feed;

/// <summary>
/// The feed's log messages, beside its callbacks and metrics (docs/protocol.md, "Logging"): the server's under
/// <see cref="FeedServer"/>'s category (ids 1-19), the client's under <see cref="FeedClient"/>'s (ids 20-39).
/// Secrets (the subscriber secret) never appear; peers are named by address.
/// </summary>
internal static partial class FeedLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "feed server {Server}: rejected a frame from {Peer}: {Reason}: {Detail}")]
    public static partial void ServerRejected(ILogger logger, string server, string peer, string reason, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "feed server {Server}: receiver {ClientId} at {Peer} subscribed, from offset {Offset}")]
    public static partial void ReceiverSubscribed(ILogger logger, string server, string clientId, string peer, long offset);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "feed server {Server}: refused receiver {ClientId} at {Peer}: {Code}")]
    public static partial void ReceiverRefused(ILogger logger, string server, string clientId, string peer, string code);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "feed server {Server}: receiver {ClientId} at {Peer} disconnected ({Reason}) at offset {Offset}")]
    public static partial void ReceiverDisconnected(ILogger logger, string server, string clientId, string peer, string reason, long offset);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "feed server {Server}: cannot push to {Host}:{Port} ({Reason}): {Detail}; dialling again")]
    public static partial void PushFailed(ILogger logger, string server, string host, int port, string reason, string detail);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "feed client {Client}: rejected a frame from the upstream: {Reason}: {Detail}")]
    public static partial void ClientRejected(ILogger logger, string client, string reason, string detail);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "feed client {Client}: cannot connect: {Error}; reconnecting (further failures in a row at Debug)")]
    public static partial void ConnectFailed(ILogger logger, string client, string error);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "feed client {Client}: cannot connect: {Error}; reconnecting")]
    public static partial void ConnectFailedAgain(ILogger logger, string client, string error);

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "feed client {Client}: {Error}; reconnecting (the certificate is refused at every attempt until the trust or the certificate changes)")]
    public static partial void CertificateRefused(ILogger logger, string client, string error);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "feed client {Client}: connected to stream {StreamId}")]
    public static partial void ClientConnected(ILogger logger, string client, string? streamId);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "feed client {Client}: disconnected; reconnecting")]
    public static partial void ClientDisconnected(ILogger logger, string client);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "feed client {Client}: the upstream cannot resume from offset {ResumeFrom}: {Detail}; events between are lost")]
    public static partial void ResyncRequired(ILogger logger, string client, long? resumeFrom, string detail);
}
