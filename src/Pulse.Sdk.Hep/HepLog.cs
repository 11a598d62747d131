using System.Net;
using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Hep;

/// <summary>
/// The HEP source's log messages, beside <see cref="HepSourceOptions.OnRejected"/> and the metrics
/// (docs/hep.md, "Logging"), under <see cref="HepEventSource"/>'s category. The auth key never appears.
/// </summary>
internal static partial class HepLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "HEP source {Source}: rejected a packet from {Peer} on {Listener}: {Reason}: {Detail} (further rejections within a second at Debug)")]
    public static partial void Rejected(ILogger logger, string source, string peer, string listener, string reason, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "HEP source {Source}: rejected a packet from {Peer} on {Listener}: {Reason}: {Detail}")]
    public static partial void RejectedAgain(ILogger logger, string source, string peer, string listener, string reason, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "HEP source {Source}: listening on UDP {Udp} and TCP {Tcp}")]
    public static partial void Listening(ILogger logger, string source, IEnumerable<IPEndPoint> udp, IEnumerable<IPEndPoint> tcp);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "HEP source {Source}: TCP connection from {Peer} on {Listener}")]
    public static partial void TcpConnected(ILogger logger, string source, string peer, string listener);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "HEP source {Source}: TCP connection from {Peer} on {Listener} closed")]
    public static partial void TcpDisconnected(ILogger logger, string source, string peer, string listener);
}
