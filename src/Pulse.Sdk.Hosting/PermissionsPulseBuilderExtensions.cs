using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Permissions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds permissions to a <see cref="PulseBuilder"/>: <see cref="PermissionOptions"/> (the caps, validated when the
/// host starts) and, unless another evaluator is registered, a <see cref="ConfigurationPermissionEvaluator"/> as the
/// <see cref="IPermissionEvaluator"/>, computed in process from the registered configuration and, when an
/// <see cref="IUserAccessStore"/> is registered, the access assigned in Pulse. Adapters (Redis)
/// replace the evaluator with one that reads what the permissions role stored.
/// </summary>
public static class PermissionsPulseBuilderExtensions
{
    /// <summary>Registers the permission options and the in-process evaluator; calling it again only adds <paramref name="configure"/>.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configure">Sets the caps; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPermissions(this PulseBuilder builder, Action<PermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (PermissionOptions o) => o.Validate());
        services.TryAddSingleton<IPermissionEvaluator>(sp => new ConfigurationPermissionEvaluator(
            sp.GetRequiredService<IPulseConfigurationProvider>(), sp.GetRequiredService<IOptions<PermissionOptions>>().Value,
            sp.GetService<IUserAccessStore>()));
        return builder;
    }
}
