namespace Pulse.Sdk.Permissions;

/// <summary>
/// Where the access assigned in Pulse (<see cref="UserAccess"/>) is kept: PostgreSQL in production
/// (<c>AddPostgresMetadata</c>), <see cref="InMemoryUserAccessStore"/> in a single process. The permissions role reads
/// it with the configuration; the Pulse API writes it (<c>PUT /api/wbrt/users/{id}/access</c>).
/// </summary>
/// <remarks>
/// Every write takes a new <see cref="GetVersionAsync">version</see>, larger than every earlier one, removals included,
/// so a reader in another process sees a change by polling the version. <see cref="Changed"/> is raised after a write
/// through this instance. Implementations are thread-safe.
/// </remarks>
public interface IUserAccessStore
{
    /// <summary>Raised after a write or a removal through this instance (not for writes of other processes).</summary>
    event EventHandler? Changed;

    /// <summary>The version of the latest write or removal; 0 before the first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Every assignment of every tenant (not the removed ones).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<UserAccess>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The assignment of one user, or null when there is none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<UserAccess?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the assignment of one user; returns it with its version.</summary>
    /// <param name="access">The assignment; its <see cref="UserAccess.Version"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">Tenant or user is empty.</exception>
    Task<UserAccess> SaveAsync(UserAccess access, CancellationToken cancellationToken = default);

    /// <summary>Removes the assignment of one user (the configuration's applies again); false when there was none.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> RemoveAsync(string tenant, string user, CancellationToken cancellationToken = default);
}
