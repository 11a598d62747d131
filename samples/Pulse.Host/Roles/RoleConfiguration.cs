using Microsoft.Extensions.Logging;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService.Client;
using Pulse.Sdk.Simulation;

namespace Pulse.Host.Roles;

/// <summary>
/// The configuration of a role: <c>--config-url URL</c> (the configuration service, followed while the role runs),
/// <c>--config FILE</c>, or the demo simulator's site of <c>--seed</c> (default 1) with the demo users (what <c>all</c> uses):
/// the seed decides which agents are in which group, so it must be the upstream services' seed.
/// </summary>
internal static class RoleConfiguration
{
    /// <summary>
    /// The role's configuration provider. From the service it is started here (the first version loaded, or the
    /// <c>--config-cache</c> copy when the service is down) and must be disposed by the role.
    /// </summary>
    /// <exception cref="UsageException">Both --config and --config-url, or a bad URL (exit code 2).</exception>
    /// <exception cref="ConfigurationException">The file is missing or invalid, or the service gives no configuration (exit code 1).</exception>
    public static async Task<IPulseConfigurationProvider> LoadAsync(HostSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Url("--config-url") is not { } url) return new StaticConfigurationProvider(Load(settings));
        if (settings.Get("--config") is not null)
            throw new UsageException("--config and --config-url: give one (a configuration file, or the configuration service)");
        return await HttpConfigurationProvider.StartAsync(new ConfigurationServiceClientOptions
        {
            Address = url,
            ReadSecret = settings.Get("--config-read-secret"),
            LastKnownGoodPath = settings.Get("--config-cache"),
        }, RoleHost.StartupLoggers.CreateLogger($"Pulse.Host.{settings.Command}.configuration"), cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="ConfigurationException">The file is missing or invalid (exit code 1).</exception>
    public static PulseConfiguration Load(HostSettings settings) =>
        settings.Get("--config") is { } path ? ConfigurationJson.Load(path) : Demo(settings.Int("--seed", 1));

    /// <summary>The demo simulator's site of <paramref name="seed"/> with the demo users.</summary>
    public static PulseConfiguration Demo(int seed) => DemoSite.WithUsers((SimulatorOptions.Demo with { Seed = seed }).BuildConfiguration());
}
