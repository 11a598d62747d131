using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Permissions;

/// <summary>The instruments of the permissions role, on the <see cref="PermissionsMeter.Name"/> meter, named in Prometheus form.</summary>
internal static class PermissionsRoleMetrics
{
    internal static readonly Meter Meter = new(PermissionsMeter.Name, typeof(PermissionsRoleMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Syncs =
        Meter.CreateCounter<long>("pulse_permissions_syncs_total", unit: "{sync}", description: "Passes of the permissions role over the configuration, by result: ok, invalid (the configuration names an unknown privilege) or error (the store failed).");

    internal static readonly Counter<long> TenantWrites =
        Meter.CreateCounter<long>("pulse_permissions_tenant_writes_total", unit: "{write}", description: "Tenants whose permissions the role wrote (changed) or removed (left the configuration), by kind: write, delete.");
}
