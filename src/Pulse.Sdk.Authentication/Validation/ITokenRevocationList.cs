namespace Pulse.Sdk.Authentication.Validation;

/// <summary>
/// The tokens revoked before their expiry (logout), by <c>jti</c>; Pulse refuses a token found here. An entry needs to
/// live only until the token's <c>exp</c>. The default, <see cref="InMemoryTokenRevocationList"/>, holds one
/// replica's logouts: behind a load balancer with several replicas, register one shared by all (e.g.
/// <c>AddRedisTokenRevocationList</c> of Pulse.Sdk.Redis). An implementation whose store cannot be reached throws
/// <see cref="TokenRevocationUnavailableException"/>: Pulse then answers 503 (a check) or fails the logout.
/// </summary>
public interface ITokenRevocationList
{
    /// <summary>Revokes the token <paramref name="tokenId"/> until <paramref name="expiresAt"/> (its <c>exp</c>).</summary>
    /// <param name="tokenId">The token's <c>jti</c>.</param>
    /// <param name="expiresAt">When the token expires anyway; the entry may be dropped after it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TokenRevocationUnavailableException">The revocation could not be stored.</exception>
    ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Whether the token <paramref name="tokenId"/> was revoked.</summary>
    /// <param name="tokenId">The token's <c>jti</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TokenRevocationUnavailableException">The list cannot be read now.</exception>
    ValueTask<bool> IsRevokedAsync(string tokenId, CancellationToken cancellationToken = default);
}
