namespace Pulse.Sdk.Permissions;

/// <summary>
/// Where kiosk sessions (<see cref="KioskSession"/>) are kept: PostgreSQL in production (<c>AddPostgresMetadata</c>, shared by
/// every replica, so a revocation at one is seen by all at their next read), <see cref="InMemoryKioskSessionStore"/> in a
/// single process. Pulse reads a session at every request made with its credential (docs/api.md, "Kiosk sessions").
/// Implementations are thread-safe.
/// </summary>
public interface IKioskSessionStore
{
    /// <summary>Adds a new session.</summary>
    /// <param name="session">The session; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task CreateAsync(KioskSession session, CancellationToken cancellationToken = default);

    /// <summary>The session <paramref name="id"/> of any tenant, revoked and expired ones included; null when there is none.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<KioskSession?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The sessions of <paramref name="tenant"/> that are neither revoked nor expired at <paramref name="now"/>, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="now">The time they must be active at.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<KioskSession>> ListActiveAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes the session <paramref name="id"/> of <paramref name="tenant"/>; false when there is no such active session.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The session id.</param>
    /// <param name="now">The revocation time (and the time it must be active at).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> RevokeAsync(string tenant, Guid id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the one-time link of session <paramref name="id"/>: when its link digest is still <paramref name="linkHash"/> (the
    /// caller compared it in constant time), the link is still valid and the session active at <paramref name="now"/>, the
    /// link is spent and <paramref name="secretHash"/> becomes the session secret's digest, at once for every reader. False
    /// when another request spent it first, or it is no longer valid.
    /// </summary>
    /// <param name="id">The session id.</param>
    /// <param name="linkHash">The link digest the caller checked.</param>
    /// <param name="secretHash">The digest of the new session secret.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> RedeemLinkAsync(Guid id, byte[] linkHash, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken = default);
}
