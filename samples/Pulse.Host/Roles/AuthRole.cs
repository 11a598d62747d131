using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Host.Roles;

/// <summary>The authentication role alone (<c>POST /auth/token</c>, its JWKS), with the demo logins of the configuration's first tenant; port 8095.</summary>
internal static class AuthRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var configuration = RoleConfiguration.Load(settings);
        var builder = RoleHost.CreateBuilder("auth", settings.Bind(), settings.Port("--port", 8095));
        var signingKey = settings.Get("--signing-key");
        builder.Services.AddPulseAuthService(o =>
        {
            foreach (var login in DemoSite.Logins(configuration)) o.Users.Add(login);
            if (signingKey is not null) o.SigningKeyPath = signingKey;
        });
        var app = builder.Build();
        app.MapPulseAuthService();
        RoleHost.MapHealthAndMetrics(app, "auth");
        return await RoleHost.RunAsync(app, "auth", console, cancellationToken).ConfigureAwait(false);
    }
}
