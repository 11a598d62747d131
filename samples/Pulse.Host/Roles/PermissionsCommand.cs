using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Redis;
using StackExchange.Redis;

namespace Pulse.Host.Roles;

/// <summary>
/// The permissions role (<c>AddPermissionsRole</c> over <c>AddRedisPermissionStore</c>): writes the users' privileges and
/// object access to Redis, from the configuration and the access assigned in Pulse, which it reads from the Pulse
/// metadata in PostgreSQL (<c>AddPostgresMetadata</c>; seed row 4).
/// </summary>
internal static class PermissionsCommand
{
    public static async Task<int> RunAsync(HostSettings settings, HostConsole console, CancellationToken cancellationToken)
    {
        var redis = settings.Require("--redis");
        var postgres = settings.Require("--postgres");
        var configuration = await RoleConfiguration.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        // The configuration service's client follows its changes until the role ends; then it is disposed.
        await using var owned = configuration as IAsyncDisposable;
        var builder = RoleHost.CreateBuilder("permissions", settings.Bind(), settings.Port("--metrics-port", 9093));
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(new RedisStatisticStoreOptions().CreateConfiguration(redis)));
        builder.Services.AddPulseRoles()
            .AddConfiguration(configuration)
            .AddPostgresMetadata(postgres)
            .AddPermissionsRole()
            .AddRedisPermissionStore(static sp => sp.GetRequiredService<IConnectionMultiplexer>());
        var app = builder.Build();
        RoleHost.MapHealthAndMetrics(app, "permissions");
        return await RoleHost.RunAsync(app, "permissions", console, cancellationToken).ConfigureAwait(false);
    }
}
