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
        var options = services.AddOptions<PermissionOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PermissionOptions>, PermissionOptionsValidator>());
        services.TryAddSingleton<IPermissionEvaluator>(sp => new ConfigurationPermissionEvaluator(
            sp.GetRequiredService<IPulseConfigurationProvider>(), sp.GetRequiredService<IOptions<PermissionOptions>>().Value,
            sp.GetService<IUserAccessStore>()));
        return builder;
    }

    private sealed class PermissionOptionsValidator : IValidateOptions<PermissionOptions>
    {
        public ValidateOptionsResult Validate(string? name, PermissionOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
