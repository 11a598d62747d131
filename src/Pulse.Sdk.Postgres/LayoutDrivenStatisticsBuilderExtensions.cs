using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Postgres.Synchronization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the active layouts of some tenants decide which statistics the Data Collection Unit opens.</summary>
public static class LayoutDrivenStatisticsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="LayoutStatisticsHostedService"/>: the unit opens exactly the union of the statistics
    /// of the active layouts of <paramref name="tenants"/>, and follows their changes (LISTEN/NOTIFY). Needs
    /// <c>AddPostgresMetadata(...)</c>. Also registers <see cref="LayoutSynchronizationHealth"/> (the Pulse service's
    /// <c>pendingLayoutStatusChangesCount</c>). Set <c>PulseOptions.OpenStandardCatalogue = false</c> in <c>AddPulse</c>,
    /// otherwise the whole standard catalogue is opened as well. Calling it again adds tenants.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="tenants">The tenant ids; at least one.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddLayoutDrivenStatistics(this PulseBuilder builder, params string[] tenants)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tenants);
        if (tenants.Length == 0) throw new ArgumentException("AddLayoutDrivenStatistics needs at least one tenant id", nameof(tenants));
        foreach (var t in tenants)
            if (string.IsNullOrEmpty(t)) throw new ArgumentException("a tenant id given to AddLayoutDrivenStatistics is null or empty", nameof(tenants));
        var services = builder.Services;
        var options = services.FirstOrDefault(d => d.ServiceType == typeof(LayoutDrivenStatisticsOptions))?.ImplementationInstance as LayoutDrivenStatisticsOptions;
        if (options is null)
        {
            options = new LayoutDrivenStatisticsOptions();
            services.AddSingleton(options);
            services.TryAddSingleton<LayoutStatisticsHostedService>();
            services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<LayoutStatisticsHostedService>());
            services.TryAddPulseHealthCheck<LayoutSynchronizationHealth>("pulse-layout-synchronization");
        }
        foreach (var t in tenants)
            if (!options.Tenants.Contains(t)) options.Tenants.Add(t);
        return builder;
    }
}
