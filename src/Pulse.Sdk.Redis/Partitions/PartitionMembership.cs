using Pulse.Sdk.Engine;

namespace Pulse.Sdk.Redis.Partitions;

/// <summary>
/// One process's place among the processes that share a unit's partitions (docs/architecture.md, "DCU partitions"): its
/// ordinal (a StatefulSet pod's), the number of processes in effect, the partition count, and the partitions whose leases
/// it holds. <see cref="JoinAsync"/> makes one before the unit starts.
/// </summary>
public sealed record PartitionMembership(RedisPartitionLeases Leases, int Ordinal, int Replicas, int Count, IReadOnlyList<int> Owned)
{
    /// <summary>What this process writes in the leases it holds.</summary>
    public string Holder => Leases.Unit + "-" + Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether every object of a tenant is in the tenant's partition (<see cref="ObjectPartitioning.WholeTenants"/>). Default false.</summary>
    public bool WholeTenants { get; init; }

    /// <summary>The unit's split for <c>PulseOptions.ObjectPartitions</c>.</summary>
    public ObjectPartitioning Partitioning => new(Count, Owned) { WholeTenants = WholeTenants };

    /// <summary>
    /// Publishes <paramref name="replicas"/> (the number only grows: <see cref="RedisPartitionLeases.RaiseReplicasAsync"/>),
    /// works out this process's partitions under the number in effect (<see cref="ObjectPartitioning.OwnedBy"/>) and waits
    /// for each lease: a partition still run by its previous owner is free once that owner has handed it over (it is
    /// told by the number of processes) or its lease has run out (it died). Its checkpoint is then the last one written.
    /// </summary>
    /// <param name="leases">The unit's leases.</param>
    /// <param name="ordinal">This process's ordinal, 0 to <paramref name="replicas"/> - 1.</param>
    /// <param name="replicas">The number of processes this one was started with.</param>
    /// <param name="count">The partition count of the deployment.</param>
    /// <param name="waiting">Told, about every 5 s, which partitions are still held and by whom.</param>
    /// <param name="timeProvider">The clock of the polling. Default <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<PartitionMembership> JoinAsync(RedisPartitionLeases leases, int ordinal, int replicas, int count, Action<string>? waiting = null,
        TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (count is < 1 or > ObjectPartitioning.MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"the partition count must be 1 to {ObjectPartitioning.MaxCount}");
        if (replicas < 1 || ordinal < 0 || ordinal >= replicas)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"the ordinal must be 0 to {replicas - 1} (replicas {replicas})");
        var time = timeProvider ?? TimeProvider.System;
        var inEffect = await leases.RaiseReplicasAsync(replicas).ConfigureAwait(false);
        var owned = ObjectPartitioning.OwnedBy(ordinal, inEffect, count);
        var membership = new PartitionMembership(leases, ordinal, inEffect, count, owned);
        var pending = owned.ToList();
        var told = time.GetTimestamp();
        while (true)
        {
            foreach (var p in pending.ToList())
                if (await leases.TryAcquireAsync(p, membership.Holder).ConfigureAwait(false)) pending.Remove(p);
            if (pending.Count == 0) return membership;
            if (waiting is not null && time.GetElapsedTime(told) >= TimeSpan.FromSeconds(5))
            {
                told = time.GetTimestamp();
                var holders = new List<string>();
                foreach (var p in pending) holders.Add($"{p} (held by {await leases.HolderAsync(p).ConfigureAwait(false) ?? "nobody now"})");
                waiting($"waiting for partitions {string.Join(", ", holders)} to be handed over");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
