using System.Net;
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
        var configuration = RoleConfiguration.Load(settings);
        var builder = RoleHost.CreateBuilder("auth", settings.Bind(), settings.Port("--port", 8095));
        var signingKey = settings.Get("--signing-key");
        var previousKey = settings.Get("--previous-signing-key");
        builder.Services.AddPulseAuthService(o =>
        {
            foreach (var login in DemoSite.Logins(configuration)) o.Users.Add(login);
            if (signingKey is not null) o.SigningKeyPath = signingKey;
            if (previousKey is not null) o.PreviousSigningKeyPath = previousKey;
            // The pulse replicas forward every session login from this machine: limiting 127.0.0.1 would be one budget
            // for all their clients (they limit per client themselves; the per-user lock still applies here).
            o.LoginThrottling.UnlimitedAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        });
        var app = builder.Build();
        app.MapPulseAuthService();
        RoleHost.MapHealthAndMetrics(app, "auth");
        return await RoleHost.RunAsync(app, "auth", console, cancellationToken).ConfigureAwait(false);
    }
}
