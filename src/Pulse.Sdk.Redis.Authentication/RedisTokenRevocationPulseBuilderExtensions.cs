using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Redis.Authentication;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Makes a <see cref="RedisTokenRevocationList"/> the <see cref="ITokenRevocationList"/> of a Pulse replica, so a logout
/// at one replica is refused at every other. It replaces the in-memory default of <c>AddPulseAuthentication</c> whether
/// it is called before or after it. <see cref="RedisTokenRevocationOptions"/> are validated when the host starts. The
/// connection is the host's: it is never disposed here.
/// </summary>
public static class RedisTokenRevocationPulseBuilderExtensions
{
    /// <summary>Keeps the revoked tokens in Redis over <paramref name="connection"/>.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="connection">The host's connection.</param>
    /// <param name="configure">Sets <see cref="RedisTokenRevocationOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisTokenRevocationList(this PulseBuilder builder, IConnectionMultiplexer connection, Action<RedisTokenRevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return AddRedisTokenRevocationList(builder, _ => connection, configure);
    }

    /// <summary>Keeps the revoked tokens in Redis over the connection <paramref name="factory"/> returns.</summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="factory">Returns the host's connection (typically one it registered, e.g. <c>sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;()</c>).</param>
    /// <param name="configure">Sets <see cref="RedisTokenRevocationOptions"/>; may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisTokenRevocationList(this PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> factory, Action<RedisTokenRevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (RedisTokenRevocationOptions o) => o.Validate());
        services.TryAddSingleton(new RedisConnectionSource<RedisTokenRevocationList>(factory));
        services.TryAddSingleton(sp => new RedisTokenRevocationList(sp.GetRequiredService<RedisConnectionSource<RedisTokenRevocationList>>().Get(sp),
            sp.GetRequiredService<IOptions<RedisTokenRevocationOptions>>().Value, sp.GetService<TimeProvider>()));
        // AddPulseAuthentication only adds its in-memory list when none is registered: removing one it added covers the other order.
        services.RemoveAll<ITokenRevocationList>();
        services.AddSingleton<ITokenRevocationList>(static sp => sp.GetRequiredService<RedisTokenRevocationList>());
        return builder;
    }
}
