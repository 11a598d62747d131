using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Kiosk;
using Pulse.Sdk.Authentication.Throttling;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the authentication role (<see cref="AddPulseAuthService"/>) and Pulse's side of authentication (<see cref="AddPulseAuthentication"/>).</summary>
public static class PulseAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the authentication role: <see cref="AuthServiceOptions"/> (validated when the host starts), its
    /// <see cref="SigningKey"/> (loaded from <see cref="AuthServiceOptions.SigningKeyPath"/>, generated and written
    /// there when the file is absent, or generated in memory without a path), the <see cref="TokenIssuer"/>, the
    /// <see cref="AuthUserDirectory"/>, the <see cref="PasswordHashingGate"/>, the login limits of
    /// <c>POST /auth/token</c> and the <see cref="InProcessTokenService"/>. Map its endpoints with
    /// <c>app.MapPulseAuthService()</c>. Users and key are read once, when first needed.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPulseAuthService(this IServiceCollection services, Action<AuthServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(configure, static o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => LoadKeys(sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(SigningKey)) ?? NullLogger.Instance));
        services.TryAddSingleton(sp => sp.GetRequiredService<SigningKeyRing>().Current);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value;
            return new PasswordHashingGate(o.MaxConcurrentHashing, o.HashingQueueTimeout);
        });
        services.TryAddKeyedSingleton(LoginThrottle.TokenEndpoint, (sp, _) =>
            new LoginThrottle(sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value.LoginThrottling, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value;
            return new TokenIssuer(sp.GetRequiredService<SigningKey>(), o.Issuer, o.Audience, o.TokenLifetime, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<AuthenticationMetrics>());
        });
        services.TryAddSingleton(sp => new AuthUserDirectory(sp.GetRequiredService<IOptions<AuthServiceOptions>>().Value.Users));
        services.TryAddSingleton<InProcessTokenService>();
        AddAuthenticationMetrics(services);
        return services;
    }

    /// <summary>
    /// Registers Pulse's side of authentication: <see cref="PulseAuthenticationOptions"/> (validated when the host
    /// starts), the <see cref="PulseAuthenticationDefaults.SchemeName"/> JWT bearer scheme (the default scheme unless
    /// one is set) that accepts the role's tokens from the bearer header or the <c>pulse_session</c> cookie,
    /// authorization, and the <see cref="ITokenService"/> of session login (<see cref="HttpTokenService"/> when
    /// <see cref="PulseAuthenticationOptions.TokenUri"/> is set, else the in-process role's), the login limits of
    /// session login, and the <see cref="ITokenRevocationList"/> that logout writes (<see cref="InMemoryTokenRevocationList"/>
    /// unless one is registered: register a shared one when several replicas run, e.g. <c>AddRedisTokenRevocationList</c> of
    /// Pulse.Sdk.Redis, which replaces this default whatever the order of the calls). Map the session endpoints with
    /// <c>app.MapPulseSession()</c>. The Pulse scheme forwards a request carrying a kiosk credential to the kiosk scheme
    /// (<see cref="KioskAuthenticationDefaults.SchemeName"/>), which reads the <see cref="Pulse.Sdk.Permissions.IKioskSessionStore"/>
    /// the host registers (the Pulse service registers one; docs/api.md, "Kiosk sessions").
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPulseAuthentication(this IServiceCollection services, Action<PulseAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(configure, static o => o.Validate());
        // What the options alone cannot tell: without a JWKS address the role must run in this process.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PulseAuthenticationOptions>, PulseAuthenticationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PulseAuthenticationDefaults.JwksHttpClientName);
        services.AddHttpClient(PulseAuthenticationDefaults.TokenHttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, PulseJwtBearerSetup>());
        if (!services.Any(d => d.ServiceType == typeof(PulseSchemeMarker)))
        {
            services.AddSingleton<PulseSchemeMarker>();
            services.AddAuthentication(o => o.DefaultScheme ??= PulseAuthenticationDefaults.SchemeName)
                .AddJwtBearer(PulseAuthenticationDefaults.SchemeName, _ => { })
                .AddScheme<AuthenticationSchemeOptions, KioskAuthenticationHandler>(KioskAuthenticationDefaults.SchemeName, _ => { });
        }
        services.AddAuthorization();
        services.TryAddSingleton<ITokenRevocationList>(sp => new InMemoryTokenRevocationList(sp.GetRequiredService<TimeProvider>()));
        services.TryAddKeyedSingleton(LoginThrottle.SessionEndpoint, (sp, _) =>
            new LoginThrottle(sp.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value.LoginThrottling, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITokenService>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
            if (o.TokenUri is { } uri)
                return new HttpTokenService(sp.GetRequiredService<IHttpClientFactory>().CreateClient(PulseAuthenticationDefaults.TokenHttpClientName), uri,
                    sp.GetRequiredService<TimeProvider>(), o.ForwarderSecret);
            return sp.GetService<InProcessTokenService>() ?? throw new InvalidOperationException(
                "session login needs the authentication role: set PulseAuthenticationOptions.TokenUri (e.g. http://auth/auth/token) or run the role in this process (services.AddPulseAuthService(...))");
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PulseAuthenticationOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            // The role in this process answers itself; else the role that issues (TokenUri) or publishes the keys (JwksUri).
            if (sp.GetService<AuthUserDirectory>() is { } users && o.TokenUri is null)
                return new CredentialStampChecker((user, stamp, _) => Task.FromResult(users.IsCurrent(user, stamp)), o.CredentialCheckInterval, time,
                    sp.GetRequiredService<AuthenticationMetrics>());
            var check = o.TokenUri is { } token ? new Uri(token, "sessions/check")
                : o.JwksUri is { } jwks ? new Uri(jwks, "../sessions/check")
                : throw new InvalidOperationException("checking a token's credential stamp needs the authentication role: set PulseAuthenticationOptions.TokenUri or JwksUri, or run the role in this process");
            return new CredentialStampChecker(CredentialStampChecker.OverHttp(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(PulseAuthenticationDefaults.TokenHttpClientName), check), o.CredentialCheckInterval, time,
                sp.GetRequiredService<AuthenticationMetrics>());
        });
        AddAuthenticationMetrics(services);
        return services;
    }

    /// <summary>The package's instruments, on a meter of the host's IMeterFactory (AddMetrics: a bare ServiceCollection has none).</summary>
    private static void AddAuthenticationMetrics(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AuthenticationMetrics>();
    }

    private static SigningKeyRing LoadKeys(AuthServiceOptions o, ILogger logger)
    {
        SigningKey current;
        if (o.SigningKeyPath is null)
        {
            current = SigningKey.Generate(o.KeyId);
            AuthenticationLog.SigningKeyGenerated(logger, current.KeyId);
        }
        else
        {
            current = SigningKey.LoadOrCreatePemFile(o.SigningKeyPath, o.KeyId, out var created);
            if (created) AuthenticationLog.SigningKeyWritten(logger, current.KeyId, o.SigningKeyPath);
        }
        return new SigningKeyRing(current, o.PreviousSigningKeyPath is null ? null : SigningKey.FromPemFile(o.PreviousSigningKeyPath));
    }

    /// <summary>Marks a collection that already holds the Pulse scheme.</summary>
    private sealed class PulseSchemeMarker;
}
