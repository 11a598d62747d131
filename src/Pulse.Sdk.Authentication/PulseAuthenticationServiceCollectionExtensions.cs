using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the authentication role (<see cref="AddPulseAuthService"/>) and Pulse's side of authentication (<see cref="AddPulseAuthentication"/>).</summary>
public static class PulseAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the authentication role: <see cref="AuthServiceOptions"/> (validated when the host starts), its
    /// <see cref="SigningKey"/> (loaded from <see cref="AuthServiceOptions.SigningKeyPath"/> or generated), the
    /// <see cref="TokenIssuer"/>, the <see cref="AuthUserDirectory"/> and the <see cref="InProcessTokenService"/>. Map
    /// its endpoints with <c>app.MapPulseAuthService()</c>. Users and key are read once, when first needed.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPulseAuthService(this IServiceCollection services, Action<AuthServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddValidatedOptions<AuthServiceOptions, AuthServiceOptionsValidator>(services, configure);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value;
            return o.SigningKeyPath is null ? SigningKey.Generate(o.KeyId) : SigningKey.FromPemFile(o.SigningKeyPath, o.KeyId);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value;
            return new TokenIssuer(sp.GetRequiredService<SigningKey>(), o.Issuer, o.Audience, o.TokenLifetime, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new AuthUserDirectory(sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value.Users));
        services.TryAddSingleton<InProcessTokenService>();
        return services;
    }

    /// <summary>
    /// Registers Pulse's side of authentication: <see cref="PulseAuthenticationOptions"/> (validated when the host
    /// starts), the <see cref="PulseAuthenticationDefaults.SchemeName"/> JWT bearer scheme (the default scheme unless
    /// one is set) that accepts the role's tokens from the bearer header or the <c>pulse_session</c> cookie,
    /// authorization, and the <see cref="ITokenService"/> of session login (<see cref="HttpTokenService"/> when
    /// <see cref="PulseAuthenticationOptions.TokenUri"/> is set, else the in-process role's). Map the session
    /// endpoints with <c>app.MapPulseSession()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPulseAuthentication(this IServiceCollection services, Action<PulseAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddValidatedOptions<PulseAuthenticationOptions, PulseAuthenticationOptionsValidator>(services, configure);
        services.AddHttpClient(PulseAuthenticationDefaults.JwksHttpClientName);
        services.AddHttpClient(PulseAuthenticationDefaults.TokenHttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, PulseJwtBearerSetup>());
        if (!services.Any(d => d.ServiceType == typeof(PulseSchemeMarker)))
        {
            services.AddSingleton<PulseSchemeMarker>();
            services.AddAuthentication(o => o.DefaultScheme ??= PulseAuthenticationDefaults.SchemeName)
                .AddJwtBearer(PulseAuthenticationDefaults.SchemeName, _ => { });
        }
        services.AddAuthorization();
        services.TryAddSingleton<ITokenService>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
            if (o.TokenUri is { } uri)
                return new HttpTokenService(sp.GetRequiredService<IHttpClientFactory>().CreateClient(PulseAuthenticationDefaults.TokenHttpClientName), uri, sp.GetRequiredService<TimeProvider>());
            return sp.GetService<InProcessTokenService>() ?? throw new InvalidOperationException(
                "session login needs the authentication role: set PulseAuthenticationOptions.TokenUri (e.g. http://auth/auth/token) or run the role in this process (services.AddPulseAuthService(...))");
        });
        return services;
    }

    /// <summary>Options validated when the host starts, and the clock (the system's unless the host registered one).</summary>
    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, Action<TOptions>? configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = services.AddOptions<TOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(TimeProvider.System);
    }

    /// <summary>Marks a collection that already holds the Pulse scheme.</summary>
    private sealed class PulseSchemeMarker;
}
