using System.Net;

namespace Pulse.Sdk.Feed;

/// <summary>
/// The state of one receiver a <see cref="FeedServer"/> pushes to (<see cref="FeedServerOptions.PushTo"/>, read from
/// <see cref="FeedServer.PushTargets"/>; docs/protocol.md, "Push direction (the upstream connects)").
/// </summary>
/// <param name="Target">The receiver's address, as configured.</param>
/// <param name="Connected">Whether a connection to it is open and it was welcomed (it is being served).</param>
/// <param name="Connections">TCP connections made to it so far.</param>
/// <param name="Failures">
/// Attempts that failed so far: not connected (refused, timed out, the name not resolved, unreachable) or closed before
/// the welcome (another upstream holds the receiver, a wrong secret, TLS refused ...).
/// </param>
/// <param name="LastFailure">What the last failed attempt met, or <see langword="null"/> before the first.</param>
/// <param name="RetryDelay">While the server waits to dial again, that wait; <see langword="null"/> while dialling or connected.</param>
public sealed record FeedPushStatus(DnsEndPoint Target, bool Connected, long Connections, long Failures, string? LastFailure, TimeSpan? RetryDelay);
