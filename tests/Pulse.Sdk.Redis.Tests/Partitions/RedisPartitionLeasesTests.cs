using Pulse.Sdk.Redis.Partitions;
using Pulse.Sdk.Redis.Tests.Support;

namespace Pulse.Sdk.Redis.Tests.Partitions;

/// <summary>The partition leases and the number of processes in Redis (docs/architecture.md, "DCU partitions").</summary>
public sealed class RedisPartitionLeasesTests
{
    [Fact]
    public async Task A_lease_is_held_by_one_holder_renewed_only_by_it_and_free_once_released()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: RedisTestEnvironment.UniquePrefix());

        Assert.True(await leases.TryAcquireAsync(2, "dcu-1"));
        Assert.False(await leases.TryAcquireAsync(2, "dcu-3"));
        Assert.True(await leases.TryAcquireAsync(2, "dcu-1")); // the same process, restarted before the lease ran out
        Assert.Equal("dcu-1", await leases.HolderAsync(2));
        Assert.True(await leases.RenewAsync(2, "dcu-1"));
        Assert.False(await leases.RenewAsync(2, "dcu-3"));

        await leases.ReleaseAsync(2, "dcu-3"); // not its own: nothing happens
        Assert.Equal("dcu-1", await leases.HolderAsync(2));
        await leases.ReleaseAsync(2, "dcu-1");
        Assert.Null(await leases.HolderAsync(2));
        Assert.True(await leases.TryAcquireAsync(2, "dcu-3"));
        Assert.False(await leases.RenewAsync(2, "dcu-1"));
    }

    [Fact]
    public async Task A_lease_its_holder_stops_renewing_runs_out_and_another_takes_it()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var leases = new RedisPartitionLeases(redis, "dcu", TimeSpan.FromSeconds(1), RedisTestEnvironment.UniquePrefix());
        Assert.True(await leases.TryAcquireAsync(0, "dcu-0"));
        Assert.False(await leases.TryAcquireAsync(0, "dcu-1"));
        await WaitForAsync(() => leases.TryAcquireAsync(0, "dcu-1"), acquired => acquired);
        Assert.Equal("dcu-1", await leases.HolderAsync(0));
    }

    [Fact]
    public async Task The_number_of_processes_only_grows()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: RedisTestEnvironment.UniquePrefix());
        Assert.Null(await leases.ReplicasAsync());
        Assert.Equal(3, await leases.RaiseReplicasAsync(3));
        Assert.Equal(3, await leases.RaiseReplicasAsync(2)); // a process restarted with the count it was first given
        Assert.Equal(4, await leases.RaiseReplicasAsync(4));
        Assert.Equal(4, await leases.ReplicasAsync());
    }

    [Fact]
    public async Task A_process_added_waits_for_its_partitions_until_their_owner_hands_them_over()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: RedisTestEnvironment.UniquePrefix());
        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(k => PartitionMembership.JoinAsync(leases, k, 3, 4)));
        Assert.Equal([[0], [2, 3], [1]], first.Select(m => m.Owned.ToArray()));
        Assert.Equal("dcu-1", await leases.HolderAsync(3));

        var messages = new List<string>();
        var joining = PartitionMembership.JoinAsync(leases, 3, 4, 4, m => { lock (messages) messages.Add(m); });
        Assert.Equal(4, await WaitForAsync(async () => await leases.ReplicasAsync(), v => v == 4));
        Assert.False(joining.IsCompleted, "joined while partition 3 was still held by dcu-1");

        await leases.ReleaseAsync(3, "dcu-1"); // what PartitionMembershipService does after the partition's last checkpoint
        var fourth = await joining.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([3], fourth.Owned);
        Assert.Equal("dcu-3", await leases.HolderAsync(3));
        Assert.Equal(4, fourth.Replicas);
    }

    [Fact]
    public async Task A_bad_ordinal_or_count_is_refused_naming_it()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var leases = new RedisPartitionLeases(redis, "dcu", keyPrefix: RedisTestEnvironment.UniquePrefix());
        var ordinal = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PartitionMembership.JoinAsync(leases, 3, 3, 4));
        Assert.Contains("the ordinal must be 0 to 2", ordinal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PartitionMembership.JoinAsync(leases, 0, 1, 0));
        Assert.Throws<ArgumentException>(() => new RedisPartitionLeases(redis, "dcu", keyPrefix: "bad{prefix}"));
    }

    private static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Eventually.WaitAsync(read, done, seconds: 10);
}
