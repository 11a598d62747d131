using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes Redis the <see cref="IStatisticValueSource"/> of a Pulse replica (the production topology).</summary>
public static class RedisStatisticValueSourceBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisStatisticValueSource"/> as the <see cref="IStatisticValueSource"/>, reading through the
    /// <see cref="RedisStatisticStore"/> and connection that <c>AddRedisStatisticStore(...)</c> registered (call that first),
    /// and its <see cref="RedisSnapshotWritingHealth"/> as the service's snapshot-writing health. Replaces a value source
    /// registered before.
    /// </summary>
    /// <param name="builder">The Pulse builder.</param>
    /// <returns>The builder.</returns>
    public static PulseBuilder AddRedisStatisticValueSource(this PulseBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IStatisticValueSource>();
        builder.Services.AddSingleton<IStatisticValueSource>(sp =>
        {
            var connection = sp.GetService<RedisConnectionSource<RedisStatisticStore>>()
                ?? throw new InvalidOperationException("AddRedisStatisticValueSource needs the Redis store: call builder.AddRedisStatisticStore(...) first");
            return new RedisStatisticValueSource(connection.Get(sp), sp.GetRequiredService<RedisStatisticStore>(),
                sp.GetRequiredService<IOptions<RedisStatisticStoreOptions>>().Value.KeyPrefix);
        });
        builder.Services.TryAddPulseHealthCheck("pulse-redis-snapshots", sp => new RedisSnapshotWritingHealth(sp.GetRequiredService<RedisStatisticStore>()));
        return builder;
    }
}
