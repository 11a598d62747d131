namespace Pulse.Host;

/// <summary>Options of the <c>init-tenant</c> command (the Init Tenant job): install a tenant's out-of-the-box templates.</summary>
/// <param name="Postgres">The Npgsql connection string of the Pulse database.</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="OverwriteEdited">Also replace templates a user edited or deleted.</param>
/// <param name="DemoDashboards">Also give the demo users (<see cref="DemoSite"/>) a dashboard each, when they have none (tenant <c>demo</c> only).</param>
internal sealed record InitTenantOptions(string Postgres, string Tenant, bool OverwriteEdited, bool DemoDashboards = false);
