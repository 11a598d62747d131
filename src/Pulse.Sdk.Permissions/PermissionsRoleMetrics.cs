using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Permissions;

/// <summary>The instruments of the permissions role, on the <see cref="PermissionsMeter.Name"/> meter, named by the OpenTelemetry conventions (docs/metrics.md).</summary>
internal static class PermissionsRoleMetrics
{
    internal static readonly Meter Meter = new(PermissionsMeter.Name, typeof(PermissionsRoleMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Syncs =
        Meter.CreateCounter<long>("pulse.permissions.syncs", unit: "{sync}", description: "Passes of the permissions role over the configuration, by result: ok, invalid (the configuration names an unknown privilege) or error (the store failed).");

    internal static readonly Counter<long> TenantWrites =
        Meter.CreateCounter<long>("pulse.permissions.tenant_writes", unit: "{write}", description: "Tenants whose permissions the role wrote (changed) or removed (left the configuration), by kind: write, delete.");
}
