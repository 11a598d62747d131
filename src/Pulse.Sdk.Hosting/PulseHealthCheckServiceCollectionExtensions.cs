using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a component's health as an <see cref="IHealthCheck"/> of Microsoft.Extensions.Diagnostics.HealthChecks
/// (docs/api.md, "Health"), once however many times a builder method is called, tagged
/// <see cref="PulseHealthCheckServiceCollectionExtensions.Tag"/>.
/// </summary>
public static class PulseHealthCheckServiceCollectionExtensions
{
    /// <summary>The tag of every Pulse health check; <c>/health</c> and <c>/health/detail</c> report those.</summary>
    public const string Tag = "pulse";

    /// <summary>
    /// Adds the check <paramref name="name"/> to the health checks' registrations: one instance for the application (a
    /// singleton keyed by the name, <c>GetRequiredKeyedService&lt;IHealthCheck&gt;(name)</c>), made by
    /// <paramref name="factory"/>. A second call with the same name adds nothing. The health checks service itself
    /// (<c>services.AddHealthChecks()</c>) is added by what reports them: <c>AddPulseService</c>, or the host.
    /// </summary>
    /// <typeparam name="T">The check.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The check's name, unique in the application (for example <c>pulse-redis-snapshots</c>).</param>
    /// <param name="factory">Creates the check; null to construct it from the services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection TryAddPulseHealthCheck<T>(this IServiceCollection services, string name, Func<IServiceProvider, T>? factory = null)
        where T : class, IHealthCheck
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IHealthCheck) && Equals(d.ServiceKey, name))) return services;
        services.AddKeyedSingleton<IHealthCheck>(name, (sp, _) => factory is null ? ActivatorUtilities.CreateInstance<T>(sp) : factory(sp));
        services.Configure<HealthCheckServiceOptions>(o =>
            o.Registrations.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredKeyedService<IHealthCheck>(name), failureStatus: null, tags: [Tag])));
        return services;
    }
}
