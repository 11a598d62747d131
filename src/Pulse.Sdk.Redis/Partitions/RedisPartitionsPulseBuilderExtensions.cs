using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Redis.Partitions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs a unit's share of the partitions of a deployment split by object (docs/architecture.md, "DCU partitions").</summary>
public static class RedisPartitionsPulseBuilderExtensions
{
    /// <summary>
    /// Makes the unit run the partitions of <paramref name="membership"/> (<see cref="PartitionMembership.JoinAsync"/>, called
    /// before the host is built: it waits for their leases) and registers <see cref="PartitionMembershipService"/>, which
    /// renews the leases and hands partitions over when processes are added.
    /// </summary>
    public static PulseBuilder AddRedisPartitionMembership(this PulseBuilder builder, PartitionMembership membership)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(membership);
        builder.Services.Configure<PulseOptions>(o =>
        {
            o.ObjectPartitions = membership.Partitioning;
            o.CheckpointName = membership.Leases.Unit;
        });
        builder.Services.AddSingleton(membership);
        builder.Services.AddSingleton(sp => new PartitionMembershipService(membership,
            sp.GetRequiredService<PulseHostedService>(),
            sp.GetRequiredService<ILogger<PartitionMembershipService>>(), sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PartitionMembershipService>());
        builder.Services.TryAddPulseHealthCheck("pulse-partition-membership", sp => sp.GetRequiredService<PartitionMembershipService>());
        return builder;
    }
}
