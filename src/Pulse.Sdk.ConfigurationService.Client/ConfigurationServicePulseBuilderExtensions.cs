using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pulse.Sdk;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService.Client;
using Pulse.Sdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Takes a process's configuration from the configuration service (an <see cref="HttpConfigurationProvider"/>).</summary>
public static class ConfigurationServicePulseBuilderExtensions
{
    /// <summary>
    /// Uses the configuration service at <paramref name="address"/> for the configuration; replaces any configuration
    /// registered before. The provider is started when first resolved (the unit's creation, at the host's start): that
    /// start waits for the service's answer (at most <see cref="ConfigurationServiceClientOptions.RequestTimeout"/>) and
    /// fails, naming the URL, when neither the service nor a last-known-good copy gives a configuration. The container
    /// disposes it.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="address">The configuration service, for example <c>http://config:8888/</c>.</param>
    /// <param name="configure">Sets the read secret, the last-known-good copy and further options; may be null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message says what to change.</exception>
    public static PulseBuilder AddConfigurationService(this PulseBuilder builder, Uri address, Action<ConfigurationServiceClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(address);
        var options = new ConfigurationServiceClientOptions { Address = address };
        configure?.Invoke(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(configure));
        builder.Services.RemoveAll<IPulseConfigurationProvider>();
        // Resolved from a constructor (the unit's), so the first load is waited for here; it has its own deadline.
        builder.Services.AddSingleton<IPulseConfigurationProvider>(sp => HttpConfigurationProvider.StartAsync(options,
            sp.GetService<ILoggerFactory>()?.CreateLogger<HttpConfigurationProvider>()).GetAwaiter().GetResult());
        return builder;
    }
}
