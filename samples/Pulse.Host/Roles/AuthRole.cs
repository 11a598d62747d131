using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Host.Roles;

/// <summary>
/// The authentication role alone (<c>POST /auth/token</c>, its JWKS), with the demo logins of the configuration's first
/// tenant; port 8095. <c>--signing-key FILE</c> is read at start, or written with a new key when absent, so a restart
/// keeps every session; <c>--previous-signing-key FILE</c> keeps the tokens of the key before a rotation valid.
/// </summary>
internal static class AuthRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;
        var builder = RoleHost.CreateBuilder("auth", settings.Bind(), settings.Port("--port", 8095));
        var signingKey = settings.Get("--signing-key");
        var previousKey = settings.Get("--previous-signing-key");
        var forwarderSecret = ForwarderSecret(settings);
        builder.Services.AddPulseAuthService(o =>
        {
            // The logins of the configuration at start: a user added later logs in after the role's restart.
            foreach (var login in DemoSite.Logins(configuration.Current)) o.Users.Add(login);
            if (signingKey is not null) o.SigningKeyPath = signingKey;
            if (previousKey is not null) o.PreviousSigningKeyPath = previousKey;
            // The pulse replicas limit each client's address themselves and prove it with this secret; their own address
            // earns no exemption (any local process could use it).
            o.ForwarderSecret = forwarderSecret;
        });
        var app = builder.Build();
        app.MapPulseAuthService();
        RoleHost.MapHealthAndMetrics(app, "auth");
        return await RoleHost.RunAsync(app, "auth", console, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>--forwarder-secret</c>, shared by the auth role and the pulse replicas; null when not set.</summary>
    internal static string? ForwarderSecret(HostSettings settings) =>
        settings.Get("--forwarder-secret") is { } secret && secret.Length < 16
            ? throw new UsageException("--forwarder-secret: give at least 16 characters (Pulse__ForwarderSecret), the same to the auth role and the pulse replicas")
            : settings.Get("--forwarder-secret");
}
