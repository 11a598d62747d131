using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Permissions;


namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the permissions role to a <see cref="PulseBuilder"/>.</summary>
public static class PermissionsRoleBuilderExtensions
{
    /// <summary>
    /// Runs the <see cref="PermissionsRole"/> as a hosted service: it writes the permissions of the registered
    /// configuration (caps from <c>AddPermissions(...)</c>, which this calls) to the registered <see cref="IPermissionStore"/>
    /// (Redis: <c>AddRedisPermissionStore(...)</c>), with the access assigned in Pulse when an
    /// <see cref="IUserAccessStore"/> is registered (PostgreSQL: <c>AddPostgresMetadata(...)</c>). <see cref="PermissionsRoleOptions"/> are validated when the host starts.
    /// Needs no engine: register it on <c>services.AddPulseRoles()</c>. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configure">Sets <see cref="PermissionsRoleOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddPermissionsRole(this PulseBuilder builder, Action<PermissionsRoleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPermissions();
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (PermissionsRoleOptions o) => o.Validate());
        // The role's instruments, on a meter of the host's IMeterFactory (AddMetrics: a bare ServiceCollection has none).
        services.AddMetrics();
        services.TryAddSingleton<PermissionsRoleMetrics>();
        services.TryAddSingleton(sp => new PermissionsRole(
            sp.GetRequiredService<IPulseConfigurationProvider>(),
            sp.GetService<IPermissionStore>() ?? throw new InvalidOperationException(
                "the permissions role needs an IPermissionStore: call builder.AddRedisPermissionStore(...) (Pulse.Sdk.Redis) or register one"),
            sp.GetRequiredService<IOptions<PermissionOptions>>().Value,
            sp.GetRequiredService<IOptions<PermissionsRoleOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PermissionsRole>>(),
            sp.GetService<IUserAccessStore>(),
            sp.GetRequiredService<PermissionsRoleMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PermissionsRole>(static sp => sp.GetRequiredService<PermissionsRole>()));
        return builder;
    }
}
