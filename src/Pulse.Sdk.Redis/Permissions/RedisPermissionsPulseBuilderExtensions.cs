using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Redis.Permissions;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the permissions kept in Redis to a <see cref="PulseBuilder"/>. A Pulse replica calls
/// <c>AddRedisPermissions</c>: a <see cref="RedisPermissionEvaluator"/> becomes the <see cref="IPermissionEvaluator"/>.
/// The permissions role (<c>AddPermissionsRole()</c>, package Pulse.Sdk.Permissions) calls
/// <c>AddRedisPermissionStore</c>: the <see cref="RedisPermissionStore"/> becomes its <see cref="IPermissionStore"/>.
/// Both register one <see cref="RedisPermissionStore"/>; <see cref="RedisPermissionOptions"/> are validated when the
/// host starts. The connection is the host's: it is never disposed here.
/// </summary>
public static class RedisPermissionsPulseBuilderExtensions
{
    /// <summary>Reads permissions from Redis over <paramref name="connection"/>; replaces any <see cref="IPermissionEvaluator"/> registered before.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="connection">The host's connection.</param>
    /// <param name="configure">Sets <see cref="RedisPermissionOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisPermissions(this PulseBuilder builder, IConnectionMultiplexer connection, Action<RedisPermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return AddRedisPermissions(builder, _ => connection, configure);
    }

    /// <summary>Reads permissions from Redis over the connection <paramref name="factory"/> returns; replaces any <see cref="IPermissionEvaluator"/> registered before.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Returns the host's connection (typically one it registered).</param>
    /// <param name="configure">Sets <see cref="RedisPermissionOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisPermissions(this PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> factory, Action<RedisPermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        AddStore(builder, factory, configure);
        var services = builder.Services;
        services.TryAddSingleton(sp => new RedisPermissionEvaluator(
            sp.GetRequiredService<RedisPermissionStore>(), sp.GetRequiredService<IOptions<RedisPermissionOptions>>().Value, sp.GetService<TimeProvider>()));
        services.RemoveAll<IPermissionEvaluator>();
        services.AddSingleton<IPermissionEvaluator>(static sp => sp.GetRequiredService<RedisPermissionEvaluator>());
        return builder;
    }

    /// <summary>Makes Redis the <see cref="IPermissionStore"/> the permissions role writes, over <paramref name="connection"/>; replaces one registered before.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="connection">The host's connection.</param>
    /// <param name="configure">Sets <see cref="RedisPermissionOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisPermissionStore(this PulseBuilder builder, IConnectionMultiplexer connection, Action<RedisPermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return AddRedisPermissionStore(builder, _ => connection, configure);
    }

    /// <summary>Makes Redis the <see cref="IPermissionStore"/> the permissions role writes, over the connection <paramref name="factory"/> returns; replaces one registered before.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Returns the host's connection (typically one it registered).</param>
    /// <param name="configure">Sets <see cref="RedisPermissionOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisPermissionStore(this PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> factory, Action<RedisPermissionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        AddStore(builder, factory, configure);
        builder.Services.RemoveAll<IPermissionStore>();
        builder.Services.AddSingleton<IPermissionStore>(static sp => sp.GetRequiredService<RedisPermissionStore>());
        return builder;
    }

    private static void AddStore(PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<RedisPermissionOptions>? configure)
    {
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (RedisPermissionOptions o) => o.Validate());
        services.TryAddSingleton(new RedisConnectionSource<RedisPermissionStore>(connection));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RedisPermissionOptions>>().Value;
            return new RedisPermissionStore(sp.GetRequiredService<RedisConnectionSource<RedisPermissionStore>>().Get(sp), o.KeyPrefix, o.Database, sp.GetService<TimeProvider>());
        });
    }
}
