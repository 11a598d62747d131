namespace Pulse.Sdk.Permissions;

/// <summary>Who a request comes from: a user of a tenant, as the token's <c>tenant</c> and <c>sub</c> claims say.</summary>
/// <param name="Tenant">The tenant id.</param>
/// <param name="User">The user id.</param>
public readonly record struct PulseIdentity(string Tenant, string User);
