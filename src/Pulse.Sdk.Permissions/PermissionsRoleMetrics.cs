using System.Diagnostics.Metrics;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// The instruments of the permissions role, on the <see cref="PermissionsMeter.Name"/> meter, named by the OpenTelemetry
/// conventions (docs/metrics.md). A singleton of the container, on a meter of the host's <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class PermissionsRoleMetrics
{
    public PermissionsRoleMetrics(IMeterFactory factory)
        : this(factory.Create(new MeterOptions(PermissionsMeter.Name) { Version = Version }))
    {
    }

    private PermissionsRoleMetrics(Meter meter)
    {
        Syncs = meter.CreateCounter<long>("pulse.permissions.syncs", unit: "{sync}",
            description: "Passes of the permissions role over the configuration, by result: ok, invalid (the configuration names an unknown privilege) or error (the store failed).");
        TenantWrites = meter.CreateCounter<long>("pulse.permissions.tenant_writes", unit: "{write}",
            description: "Tenants whose permissions the role wrote (changed) or removed (left the configuration), by kind: write, delete.");
    }

    /// <summary>
    /// For a <see cref="PermissionsRole"/> built without a container (its public constructor): a process-wide meter no
    /// container owns, created once, so such roles neither leak meters nor lose their measurements.
    /// </summary>
    internal static PermissionsRoleMetrics Shared => s_shared.Value;

    // Made on first use only: a host whose container makes the metrics never has this meter.
    private static readonly Lazy<PermissionsRoleMetrics> s_shared = new(static () => new(new Meter(new MeterOptions(PermissionsMeter.Name) { Version = Version })));

    private static string? Version => typeof(PermissionsRoleMetrics).Assembly.GetName().Version?.ToString();

    internal Counter<long> Syncs { get; }

    internal Counter<long> TenantWrites { get; }
}
