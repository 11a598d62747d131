namespace Pulse.Sdk.Permissions;

/// <summary>The claims of a Pulse token. Privileges are not claims: Pulse takes them from the permissions role.</summary>
public static class PulseClaimTypes
{
    /// <summary>The user id (login name): <c>sub</c>.</summary>
    public const string Subject = "sub";

    /// <summary>The user's tenant id: <c>tenant</c>.</summary>
    public const string Tenant = "tenant";
}
