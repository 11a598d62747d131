using System.Security.Claims;

namespace Pulse.Sdk.Permissions;

/// <summary>Reads the Pulse identity of an authenticated principal.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The tenant and user of <paramref name="principal"/>: its <see cref="PulseClaimTypes.Tenant"/> and
    /// <see cref="PulseClaimTypes.Subject"/> claims. Null when it is not authenticated or lacks either claim (or
    /// holds either twice).
    /// </summary>
    /// <param name="principal">The principal, usually <c>HttpContext.User</c>.</param>
    public static PulseIdentity? GetPulseIdentity(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true) return null;
        var tenant = Single(principal, PulseClaimTypes.Tenant);
        var user = Single(principal, PulseClaimTypes.Subject);
        return tenant is null || user is null ? null : new PulseIdentity(tenant, user);
    }

    private static string? Single(ClaimsPrincipal principal, string type)
    {
        string? found = null;
        foreach (var claim in principal.FindAll(type))
        {
            if (found is not null || claim.Value.Length == 0) return null;
            found = claim.Value;
        }
        return found;
    }
}
