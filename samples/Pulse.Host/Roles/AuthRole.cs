using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Host.Roles;

/// <summary>
/// The authentication role alone (<c>POST /auth/token</c>, its JWKS), with the logins of <c>--logins FILE</c>, or the demo
/// logins of the configuration's first tenant while it listens on loopback; port 8095. <c>--signing-key FILE</c> is read at start, or written with a new key when absent, so a restart
/// keeps every session; <c>--previous-signing-key FILE</c> keeps the tokens of the key before a rotation valid.
/// </summary>
internal static class AuthRole
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;
        var bind = settings.Bind();
        var logins = Logins(settings, configuration.Current, bind);
        var builder = RoleHost.CreateBuilder("auth", bind, settings.Port("--port", 8095));
        var signingKey = settings.Get("--signing-key");
        var previousKey = settings.Get("--previous-signing-key");
        var forwarderSecret = ForwarderSecret(settings);
        builder.Services.AddPulseAuthService(o =>
        {
            // Read once, at start: a user added later logs in after the role's restart.
            foreach (var login in logins) o.Users.Add(login);
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

    /// <summary>
    /// The logins: <c>--logins FILE</c> (a JSON array of <c>{"userName","tenant","passwordHash"}</c>, docs/host.md), or the
    /// demo's (every user of the configuration's first tenant, password <c>pulse</c>) — only while the role listens on
    /// loopback, where nobody else can try them.
    /// </summary>
    // Read once per run, but built once: options are cached by System.Text.Json per instance (CA1869).
    private static readonly System.Text.Json.JsonSerializerOptions LoginsJson =
        new(System.Text.Json.JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    private static List<Pulse.Sdk.Authentication.Issuing.AuthUser> Logins(HostSettings settings, Pulse.Sdk.Configuration.PulseConfiguration configuration,
        System.Net.IPAddress bind)
    {
        if (settings.Get("--logins") is not { } path)
        {
            if (System.Net.IPAddress.IsLoopback(bind)) return [.. DemoSite.Logins(configuration)];
            throw new UsageException($"auth: listening on {bind}, the demo logins (every user with the password '{DemoSite.Password}') are refused: give --logins FILE (Pulse__Logins), a JSON array of {{\"userName\",\"tenant\",\"passwordHash\"}} (docs/host.md)");
        }
        try
        {
            var users = System.Text.Json.JsonSerializer.Deserialize<List<Pulse.Sdk.Authentication.Issuing.AuthUser>>(File.ReadAllText(path), LoginsJson);
            if (users is null || users.Count == 0) throw new UsageException($"--logins: '{path}' holds no login; give a JSON array of {{\"userName\",\"tenant\",\"passwordHash\"}}");
            return users;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new UsageException($"--logins: '{path}' cannot be read as logins: {e.Message}");
        }
    }

    /// <summary><c>--forwarder-secret</c>, shared by the auth role and the pulse replicas; null when not set.</summary>
    internal static string? ForwarderSecret(HostSettings settings) =>
        settings.Get("--forwarder-secret") is { } secret && secret.Length < 16
            ? throw new UsageException("--forwarder-secret: give at least 16 characters (Pulse__ForwarderSecret), the same to the auth role and the pulse replicas")
            : settings.Get("--forwarder-secret");
}
