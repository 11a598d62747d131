namespace Pulse.Sdk.Authentication;

/// <summary>A signed access token and when it expires.</summary>
/// <param name="AccessToken">The JWT (compact form).</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="Lifetime">How long it was issued for (the <c>expires_in</c> of the token answer).</param>
public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, TimeSpan Lifetime);
