namespace Pulse.Sdk.Permissions;

/// <summary>
/// Where the permissions role keeps every user's permissions for the Pulse replicas to read (the Redis adapter's
/// <c>RedisPermissionStore</c>; its evaluator is the reading side). One entry per tenant, replaced whole.
/// </summary>
public interface IPermissionStore
{
    /// <summary>Replaces the stored users of <paramref name="tenant"/> with <paramref name="users"/>, unless exactly these are stored already.</summary>
    /// <returns>Whether anything was written.</returns>
    Task<bool> WriteTenantAsync(string tenant, IReadOnlyCollection<UserPermissions> users, CancellationToken cancellationToken = default);

    /// <summary>Removes every stored user of <paramref name="tenant"/> (it left the configuration).</summary>
    Task DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>The tenants that have stored permissions.</summary>
    Task<IReadOnlySet<string>> GetTenantsAsync(CancellationToken cancellationToken = default);
}
