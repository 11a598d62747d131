using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// The connection of one registration of the Redis adapter: made by the host's factory once, when first needed, and
/// never disposed here. <typeparamref name="TOwner"/> keeps registrations apart (the statistic store and the
/// permissions may use different connections).
/// </summary>
/// <typeparam name="TOwner">The registration's main service, e.g. <see cref="RedisStatisticStore"/>.</typeparam>
/// <param name="factory">Returns the connection.</param>
internal sealed class RedisConnectionSource<TOwner>(Func<IServiceProvider, IConnectionMultiplexer> factory)
{
    private IConnectionMultiplexer? _connection;

    public IConnectionMultiplexer Get(IServiceProvider sp) => LazyInitializer.EnsureInitialized(ref _connection, () => factory(sp));
}
