using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisPulseBuilderExtensionsTests
{
    private static async Task AssertRegisteredAsync(ServiceProvider sp)
    {
        var store = sp.GetRequiredService<RedisStatisticStore>();
        Assert.Contains(sp.GetServices<IStatisticSink>(), s => ReferenceEquals(s, store));
        Assert.NotNull(sp.GetRequiredService<RedisCheckpointStore>());
        await store.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(store.Status.IsConnected);
    }

    [Fact]
    public async Task A_configuration_string_connects_and_the_container_owns_the_connection()
    {
        var services = new ServiceCollection();
        services.AddPulse().AddRedisStatisticStore(RedisTestEnvironment.Endpoint, o => o.KeyPrefix = RedisTestEnvironment.UniquePrefix());
        await using var sp = services.BuildServiceProvider();
        await AssertRegisteredAsync(sp);
    }

    [Fact]
    public async Task A_host_owned_connection_is_never_disposed()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var services = new ServiceCollection();
        services.AddPulse().AddRedisStatisticStore(redis, o => o.KeyPrefix = RedisTestEnvironment.UniquePrefix());
        await using (var sp = services.BuildServiceProvider()) await AssertRegisteredAsync(sp);
        Assert.True(redis.IsConnected);
        Assert.True(await redis.GetDatabase().PingAsync() > TimeSpan.Zero || true);
    }

    [Fact]
    public async Task A_factory_connection_from_the_container_is_used_and_not_disposed()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(redis);
        services.AddPulse().AddRedisStatisticStore(sp => sp.GetRequiredService<IConnectionMultiplexer>(), o => o.KeyPrefix = RedisTestEnvironment.UniquePrefix());
        await using (var sp = services.BuildServiceProvider()) await AssertRegisteredAsync(sp);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Invalid_options_fail_with_what_to_change()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var services = new ServiceCollection();
        services.AddPulse().AddRedisStatisticStore(redis, o => o.FlushInterval = TimeSpan.Zero);
        await using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RedisStatisticStoreOptions>>().Value);
        Assert.Contains("RedisStatisticStoreOptions.FlushInterval must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_replica_registers_the_reader_only_and_reads_what_a_units_store_wrote()
    {
        var prefix = RedisTestEnvironment.UniquePrefix();
        var writer = new ServiceCollection();
        writer.AddPulse().AddRedisStatisticStore(RedisTestEnvironment.Endpoint, o => o.KeyPrefix = prefix);
        await using var unitSide = writer.BuildServiceProvider();
        Assert.IsType<RedisCheckpointStore>(unitSide.GetRequiredService<Pulse.Sdk.Storage.ICheckpointStore>());

        var replica = new ServiceCollection();
        replica.AddPulseRoles().AddRedisStatisticReader(RedisTestEnvironment.Endpoint, o => o.KeyPrefix = prefix);
        await using var sp = replica.BuildServiceProvider();
        Assert.Null(sp.GetService<Pulse.Sdk.Engine.DataCollectionUnit>());
        Assert.Empty(sp.GetServices<IStatisticSink>());
        Assert.Null(sp.GetService<Pulse.Sdk.Storage.ICheckpointStore>());
        var source = Assert.IsType<RedisStatisticValueSource>(sp.GetRequiredService<Pulse.Sdk.Storage.IStatisticValueSource>());

        // What the unit's store writes, the replica's reader reads.
        var config = new Pulse.Sdk.Simulation.ContactCenterSimulator(Pulse.Sdk.Simulation.SimulatorOptions.Demo).Configuration;
        var engine = new Pulse.Sdk.Engine.StatisticsEngine(config);
        var store = unitSide.GetRequiredService<RedisStatisticStore>();
        engine.AddSink(store);
        engine.OpenStandardCatalogue();
        engine.Flush();
        await store.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var queue = new ObjectRef("demo", ObjectType.Queue, "q001");
        var values = await source.GetValuesAsync(queue, CancellationToken.None);
        Assert.Contains(values, v => v.Statistic == "Entered");
    }
}
