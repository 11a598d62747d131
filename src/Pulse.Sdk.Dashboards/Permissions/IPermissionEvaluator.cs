namespace Pulse.Sdk.Permissions;

/// <summary>
/// Answers what a user may do and see. Every REST read and every pushed value of the Pulse service goes
/// through it. Implementations read what the permissions role computed (for example from Redis) or compute
/// it from the configuration in process.
/// </summary>
public interface IPermissionEvaluator
{
    /// <summary>The permissions of <paramref name="user"/> in <paramref name="tenant"/>; null when the tenant has no such user.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<UserPermissions?> GetAsync(string tenant, string user, CancellationToken cancellationToken = default);
}
