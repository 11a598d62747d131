using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Pulse.Sdk in a service collection.</summary>
public static class PulseServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Data Collection Unit role: <c>AddPulseRoles()</c> and then <c>AddDataCollectionUnit(configure)</c>.
    /// Calling it again adds nothing but <paramref name="configure"/> and returns a builder over the same registrations.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="PulseOptions"/>; may be null.</param>
    /// <returns>A builder to add the configuration, event sources, sinks and other roles to.</returns>
    public static PulseBuilder AddPulse(this IServiceCollection services, Action<PulseOptions>? configure = null) =>
        services.AddPulseRoles(configure).AddDataCollectionUnit();

    /// <summary>
    /// Starts a Pulse registration without any role, for a process that runs only some of them (a Pulse web replica,
    /// the permissions role): <see cref="PulseOptions"/> (validated when the host starts), a <see cref="TimeProvider"/>
    /// (<see cref="TimeProvider.System"/> unless one is registered) and an <see cref="IPulseConfigurationProvider"/> (from
    /// <see cref="PulseOptions.ConfigurationPath"/> unless one is registered). Roles are added to the builder it returns;
    /// no engine is created unless <c>AddDataCollectionUnit()</c> is called.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="PulseOptions"/>; may be null.</param>
    /// <returns>A builder to add roles, the configuration and adapters to.</returns>
    public static PulseBuilder AddPulseRoles(this IServiceCollection services, Action<PulseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null) services.Configure(configure);
        if (services.Any(static d => d.ServiceType == typeof(PulseMarker))) return new PulseBuilder(services);

        services.AddSingleton<PulseMarker>();
        services.AddOptions<PulseOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PulseOptions>, PulseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPulseConfigurationProvider, OptionsConfigurationProvider>();
        return new PulseBuilder(services);
    }

    /// <summary>
    /// Adds the Data Collection Unit role: a singleton <see cref="DataCollectionUnit"/> built from the options, the
    /// configuration provider and every registered <see cref="IStatisticSink"/>, and <see cref="PulseHostedService"/>,
    /// which restores the checkpoint (when an <see cref="ICheckpointStore"/> is registered), runs every registered
    /// <see cref="Pulse.Sdk.Events.IEventSource"/> into the unit and saves checkpoints. Calling it again adds nothing.
    /// </summary>
    /// <remarks>
    /// The container creates the <see cref="DataCollectionUnit"/> and disposes it (asynchronously: dispose a
    /// bare <c>ServiceProvider</c> with <c>await using</c>, as a host does).
    /// </remarks>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configure">Sets <see cref="PulseOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddDataCollectionUnit(this PulseBuilder builder, Action<PulseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton<DataCollectionUnit>(CreateUnit);
        // Resolvable by its type too: a role that hands partitions over (AddRedisPartitionMembership) drives it.
        services.TryAddSingleton<PulseHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PulseHostedService>(static sp => sp.GetRequiredService<PulseHostedService>()));
        services.TryAddPulseHealthCheck<DataCollectionUnitHealth>("pulse-dcu");
        return builder;
    }

    private static DataCollectionUnit CreateUnit(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PulseOptions>>().Value;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new DataCollectionUnit(
            services.GetRequiredService<IPulseConfigurationProvider>(),
            options.ToDataCollectionUnitOptions(time),
            services.GetServices<IStatisticSink>());
    }

    /// <summary>Marks a collection that already holds the Pulse services.</summary>
    private sealed class PulseMarker;
}
