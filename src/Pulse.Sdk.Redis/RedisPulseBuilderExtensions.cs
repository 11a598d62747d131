using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Storage;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds the Redis statistic store to a <see cref="PulseBuilder"/>: a <see cref="RedisStatisticStore"/> singleton,
/// registered as an <see cref="IStatisticSink"/> too, and a <see cref="RedisCheckpointStore"/> over the same
/// connection. <see cref="RedisStatisticStoreOptions"/> are validated when the host starts.
/// </summary>
public static class RedisPulseBuilderExtensions
{
    /// <summary>Connects to <paramref name="configuration"/> (port 6380 when none is given; <see cref="RedisStatisticStoreOptions.Password"/> and <see cref="RedisStatisticStoreOptions.UseTls"/> apply). The connection is the container's and disposed with it.</summary>
    public static PulseBuilder AddRedisStatisticStore(this PulseBuilder builder, string configuration, Action<RedisStatisticStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        AddOwnedConnection(builder.Services, configuration);
        return Add(builder, sp => sp.GetRequiredService<OwnedConnection>().Connection, configure);
    }

    /// <summary>Uses a connection the host owns; it is never disposed here.</summary>
    public static PulseBuilder AddRedisStatisticStore(this PulseBuilder builder, IConnectionMultiplexer connection, Action<RedisStatisticStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return Add(builder, _ => connection, configure);
    }

    /// <summary>Uses the connection <paramref name="factory"/> returns (typically one the host registered); it is never disposed here.</summary>
    public static PulseBuilder AddRedisStatisticStore(this PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> factory, Action<RedisStatisticStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        return Add(builder, factory, configure);
    }

    /// <summary>The options, the connection and the store object, shared by the writer (a unit's sink) and the reader (a replica's decoder).</summary>
    private static IServiceCollection AddStoreObject(PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<RedisStatisticStoreOptions>? configure)
    {
        var services = builder.Services;
        services.AddValidatedOptions(configure, static (RedisStatisticStoreOptions o) => o.Validate());
        services.RemoveAll<RedisConnectionSource<RedisStatisticStore>>();
        services.AddSingleton(new RedisConnectionSource<RedisStatisticStore>(connection));
        services.TryAddSingleton(sp => new RedisStatisticStore(
            sp.GetRequiredService<RedisConnectionSource<RedisStatisticStore>>().Get(sp), sp.GetRequiredService<IOptions<RedisStatisticStoreOptions>>().Value));
        return services;
    }

    private static PulseBuilder Add(PulseBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<RedisStatisticStoreOptions>? configure)
    {
        var services = AddStoreObject(builder, connection, configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStatisticSink, RedisStatisticStore>(static sp => sp.GetRequiredService<RedisStatisticStore>()));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RedisStatisticStoreOptions>>().Value;
            return new RedisCheckpointStore(sp.GetRequiredService<RedisConnectionSource<RedisStatisticStore>>().Get(sp), o.KeyPrefix, o.Database);
        });
        // The Data Collection Unit's checkpoints (engine state and feed offsets) go to the same Redis.
        services.TryAddSingleton<ICheckpointStore>(static sp => sp.GetRequiredService<RedisCheckpointStore>());
        // The writer's health (writing, buffering while Redis is down, dropping) for the unit's /health/detail.
        services.TryAddPulseHealthCheck("pulse-redis-snapshots", static sp => new RedisSnapshotWritingHealth(sp.GetRequiredService<RedisStatisticStore>()));
        return builder;
    }

    /// <summary>
    /// Makes Redis the <see cref="IStatisticValueSource"/> of a Pulse web replica, reading what a Data Collection Unit's
    /// <c>AddRedisStatisticStore(...)</c> writes: current values, history, and the change channel. Registers no
    /// <see cref="IStatisticSink"/> and no checkpoint store: the writer belongs to the unit. Connects to
    /// <paramref name="configuration"/> (port 6380 when none is given; <see cref="RedisStatisticStoreOptions.Password"/> and
    /// <see cref="RedisStatisticStoreOptions.UseTls"/> apply; the connection is the container's). Replaces a value source
    /// registered before; its snapshot-writing health is reported on <c>/health/detail</c>.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, for example <c>127.0.0.1:6380</c>.</param>
    /// <param name="configure">Sets <see cref="RedisStatisticStoreOptions"/> (key prefix, database, password, TLS); may be null.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisStatisticReader(this PulseBuilder builder, string configuration, Action<RedisStatisticStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        AddOwnedConnection(builder.Services, configuration);
        // The store object is only the reader's decoder here: it is not a sink, so nothing is ever written through it.
        AddStoreObject(builder, static sp => sp.GetRequiredService<OwnedConnection>().Connection, configure);
        return builder.AddRedisStatisticValueSource();
    }

    /// <summary>A connection to <paramref name="configuration"/> made with the store options, owned and disposed by the container.</summary>
    private static void AddOwnedConnection(IServiceCollection services, string configuration) =>
        services.TryAddSingleton(sp => new OwnedConnection(ConnectionMultiplexer.Connect(
            sp.GetRequiredService<IOptions<RedisStatisticStoreOptions>>().Value.CreateConfiguration(configuration))));

    private sealed class OwnedConnection(IConnectionMultiplexer connection) : IAsyncDisposable
    {
        public IConnectionMultiplexer Connection { get; } = connection;

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
