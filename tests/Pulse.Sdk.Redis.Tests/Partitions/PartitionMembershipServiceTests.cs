using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hosting;
using Pulse.Sdk.Redis.Partitions;
using Pulse.Sdk.Redis.Tests.Support;
using Pulse.Sdk.Simulation;
using Pulse.Sdk.Statistics;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Tests.Partitions;

/// <summary>
/// A running process's side of the hand-over (docs/architecture.md, "DCU partitions"): a process added takes a partition
/// with the checkpoint its owner stored as it stopped it; a lease found lost stops the partition without writing one.
/// </summary>
public sealed class PartitionMembershipServiceTests
{
    [Fact]
    public async Task When_a_process_is_added_the_owner_stores_the_partitions_last_checkpoint_stops_it_and_gives_up_its_lease()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: prefix);
        var store = new RedisCheckpointStore(redis, prefix);
        var owner = await PartitionMembership.JoinAsync(leases, 1, 3, 4);
        Assert.Equal([2, 3], owner.Owned);
        var (unit, hosted, service) = await StartAsync(owner, store);
        await using var _ = unit;

        var joining = PartitionMembership.JoinAsync(leases, 3, 4, 4);
        await Eventually.UntilAsync(async () => await leases.ReplicasAsync() == 4, "the fourth replica to join");
        await service.TickAsync(CancellationToken.None);
        var added = await joining.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([3], added.Owned);
        Assert.Equal([2], service.Held);
        Assert.Equal(HealthStatus.Healthy, (await service.CheckAsync()).Status);
        Assert.True(unit.IsRetired(1));
        Assert.False(unit.IsRetired(0));
        // The stored checkpoint is the partition's, with the position up to which its events are in it.
        var blob = await store.LoadCheckpointAsync("dcu-p3");
        Assert.NotNull(blob);
        await using var next = new DataCollectionUnit(new StaticConfigurationProvider(Site.Configuration),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = added.Partitioning });
        var restore = await next.OpenStandardCatalogueAndRestorePartitionsAsync([blob]);
        Assert.Null(restore.Error);
        Assert.Equal(new SourcePosition("day", null, Events.Length), Assert.Single(restore.Positions));
        hosted.Dispose();
    }

    [Fact]
    public async Task A_lease_found_lost_stops_the_partition_without_writing_its_checkpoint()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: prefix);
        var store = new RedisCheckpointStore(redis, prefix);
        var owner = await PartitionMembership.JoinAsync(leases, 0, 1, 2);
        var (unit, hosted, service) = await StartAsync(owner, store);
        await using var _ = unit;

        // Another process took partition 1 while this one stalled, and stored its own checkpoint.
        await redis.GetDatabase().StringSetAsync(RedisKeys.PartitionLease(prefix, "dcu", 1), "dcu-7");
        await store.SaveCheckpointAsync("dcu-p1", "theirs"u8.ToArray());
        await service.TickAsync(CancellationToken.None);

        Assert.Equal([0], service.Held);
        Assert.True(unit.IsRetired(1));
        Assert.Equal("theirs"u8.ToArray(), await store.LoadCheckpointAsync("dcu-p1"));
        Assert.Equal("dcu-7", await leases.HolderAsync(1));
        var health = await service.CheckAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.StartsWith("the lease of partition 1 was lost to dcu-7", health.Description, StringComparison.Ordinal);
        hosted.Dispose();
    }

    private static readonly ContactCenterSimulator Site = new(SimulatorOptions.Demo with { Seed = 3 });
    private static readonly PulseEvent[] Events = [.. Site.Generate().Take(800)];

    /// <summary>A unit running <paramref name="membership"/>'s partitions that has read some events, its hosted service and the membership service.</summary>
    private static async Task<(DataCollectionUnit, PulseHostedService, PartitionMembershipService)> StartAsync(PartitionMembership membership, RedisCheckpointStore store)
    {
        var unit = new DataCollectionUnit(new StaticConfigurationProvider(Site.Configuration),
            new DataCollectionUnitOptions { Clock = PulseClock.Events, ObjectPartitions = membership.Partitioning });
        var hosted = new PulseHostedService(unit, [], Options.Create(new PulseOptions { ObjectPartitions = membership.Partitioning }), checkpoints: store);
        await hosted.StartAsync(CancellationToken.None);
        await unit.RunAsync(new PositionedSource(Events));
        await unit.DrainAsync();
        return (unit, hosted, new PartitionMembershipService(membership, hosted, NullLogger<PartitionMembershipService>.Instance));
    }

    /// <summary>A resumable source over events in memory: event i has offset i + 1.</summary>
    private sealed class PositionedSource(PulseEvent[] events) : IResumableEventSource
    {
        public string Name => "day";

        public long? Position { get; private set; }

        public string? StreamId => null;

        public void ResumeAfter(long position, string? streamId) => throw new NotSupportedException();

        public async IAsyncEnumerable<PulseEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < events.Length; i++)
            {
                Position = i + 1;
                yield return events[i];
            }
            await Task.CompletedTask;
        }
    }
}
