namespace Pulse.Sdk.Feed;

/// <summary>The server could not resume a <see cref="FeedClient"/> (<c>resync_required</c>): events were lost.</summary>
/// <param name="ClientName">The client's <see cref="FeedClient.Name"/>.</param>
/// <param name="RequestedOffset">The offset the client asked to resume from.</param>
/// <param name="Message">The server's explanation (for example which offsets are lost).</param>
public sealed record FeedResync(string ClientName, long? RequestedOffset, string Message);
