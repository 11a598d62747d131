using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Sdk.ConfigurationService;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the configuration service (map its API with <c>app.MapPulseConfigurationService()</c>).</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the configuration service over the PostgreSQL database of <paramref name="connectionString"/> (migrated by
    /// the Init job, <c>PulseSchemaMigrator</c>): <see cref="ConfigurationServiceOptions"/> (validated when the host starts),
    /// a <see cref="ConfigurationStore"/> on a data source the container owns, and a hosted service that keeps the newest
    /// version in memory and follows the store's notifications (also a health check, <c>pulse-configuration-versions</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Sets the secrets and further options; <see cref="ConfigurationServiceOptions.AdminSecret"/> is required.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPulseConfigurationService(this IServiceCollection services, string connectionString, Action<ConfigurationServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions<ConfigurationServiceOptions>(o => { o.ConnectionString = connectionString; configure(o); }, static o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ConfigurationServiceDataSource(NpgsqlDataSource.Create(Options(sp).ConnectionString!)));
        services.TryAddSingleton(static sp => new ConfigurationStore(sp.GetRequiredService<ConfigurationServiceDataSource>().DataSource, Options(sp).RetainedVersions));
        services.TryAddSingleton(static sp => new BearerSecrets(Options(sp).AdminSecret!, Options(sp).ReadSecret));
        // The service's instruments, on a meter of the host's IMeterFactory (AddMetrics: a bare ServiceCollection has none).
        services.AddMetrics();
        services.TryAddSingleton<ConfigurationServiceMetrics>();
        services.TryAddSingleton<ConfigurationVersionMonitor>();
        services.TryAddSingleton<ConfigurationEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigurationVersionMonitor>(static sp => sp.GetRequiredService<ConfigurationVersionMonitor>()));
        services.TryAddPulseHealthCheck("pulse-configuration-versions", static sp => sp.GetRequiredService<ConfigurationVersionMonitor>());
        services.AddLogging();
        return services;
    }

    private static ConfigurationServiceOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<ConfigurationServiceOptions>>().Value;
}
