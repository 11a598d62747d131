using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>
/// Statistics split by object over a fixed number of partitions, each run by one of several Data Collection Units
/// (docs/architecture.md, "DCU partitions"). An object's partition is a stable hash of its tenant, kind and id, so every
/// process places it the same way; which process runs a partition follows from the number of processes
/// (<see cref="Assign"/>), so that adding one moves only the partitions the new one takes over.
/// </summary>
/// <param name="Count">The number of partitions, fixed for a deployment (it decides where every object's state lives).</param>
/// <param name="Owned">The partitions this unit runs: each gets an engine that opens statistics only on its objects.</param>
public sealed record ObjectPartitioning(int Count, IReadOnlyList<int> Owned)
{
    /// <summary>
    /// Place every object of a tenant in the tenant's partition (a hash of the tenant alone): for a site of many tenants,
    /// each process then reads only its tenants' streams (the feed's tenant filter) and each engine only its tenants'
    /// events. False (default): a tenant's objects spread over every partition, and every engine reads the whole stream of
    /// every tenant (docs/architecture.md, "DCU partitions").
    /// </summary>
    public bool WholeTenants { get; init; }

    /// <summary>The partition of <paramref name="obj"/> here: <see cref="PartitionOf"/>, or its tenant's with <see cref="WholeTenants"/>.</summary>
    public int Place(ObjectRef obj) => WholeTenants ? PartitionOfTenant(obj.Tenant, Count) : PartitionOf(obj, Count);

    /// <summary>Whether this unit runs <paramref name="tenant"/>'s partition; with <see cref="WholeTenants"/> only.</summary>
    public bool OwnsTenant(string tenant) => WholeTenants && Owned.Contains(PartitionOfTenant(tenant, Count));

    /// <summary>The partition of a whole tenant among <paramref name="count"/>: FNV-1a of the tenant id.</summary>
    public static int PartitionOfTenant(string tenant, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(Mix(2166136261u, tenant) % (uint)count);
    }

    /// <summary>The most partitions a deployment may have.</summary>
    public const int MaxCount = 1024;

    /// <summary>The partition of <paramref name="obj"/> among <paramref name="count"/>: FNV-1a of tenant, kind and id.</summary>
    public static int PartitionOf(ObjectRef obj, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // FNV-1a: string.GetHashCode is randomized per process, and every process must place an object the same way.
        var h = Mix(2166136261u, obj.Tenant);
        h = Mix(h, obj.Type.ToString());
        h = Mix(h, obj.Id);
        return (int)(h % (uint)count);
    }

    private static uint Mix(uint h, string s)
    {
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (h ^ 0x1F) * 16777619u; // a separator, so ("ab","c") and ("a","bc") differ
    }


    /// <summary>
    /// Which of <paramref name="members"/> processes runs each of <paramref name="count"/> partitions: index = partition,
    /// value = process ordinal. Built by adding the processes one at a time, the new one taking the highest partition of
    /// the most loaded process (the lowest ordinal among equals) until it holds ⌊count / n⌋: every process holds ⌊count / n⌋
    /// or ⌈count / n⌉ partitions, and going from n to n + 1 processes moves partitions only to the new one.
    /// </summary>
    public static int[] Assign(int count, int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var held = new List<SortedSet<int>> { new(Enumerable.Range(0, count)) };
        for (var n = 2; n <= members; n++)
        {
            var taken = new SortedSet<int>();
            held.Add(taken);
            while (taken.Count < count / n)
            {
                var from = 0;
                for (var m = 1; m < n - 1; m++)
                    if (held[m].Count > held[from].Count) from = m;
                if (held[from].Count <= taken.Count) break; // nothing left to even out (more processes than partitions)
                var p = held[from].Max;
                held[from].Remove(p);
                taken.Add(p);
            }
        }
        var owner = new int[count];
        for (var m = 0; m < held.Count; m++)
            foreach (var p in held[m]) owner[p] = m;
        return owner;
    }

    /// <summary>The partitions process <paramref name="ordinal"/> of <paramref name="members"/> runs (<see cref="Assign"/>), in order.</summary>
    public static IReadOnlyList<int> OwnedBy(int ordinal, int members, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        if (ordinal >= members) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"the ordinal must be below the number of processes ({members})");
        var owner = Assign(count, members);
        return [.. Enumerable.Range(0, count).Where(p => owner[p] == ordinal)];
    }

    /// <summary>Returns every problem, each saying what to change.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Count is < 1 or > MaxCount) errors.Add($"ObjectPartitioning.Count must be 1 to {MaxCount}, was {Count}");
        if (Owned is null || Owned.Count == 0) errors.Add("ObjectPartitioning.Owned must name at least one partition this unit runs");
        else
        {
            foreach (var p in Owned)
                if (p < 0 || p >= Count) errors.Add($"ObjectPartitioning.Owned: partition {p} is not 0 to {Count - 1}");
            if (Owned.Distinct().Count() != Owned.Count) errors.Add("ObjectPartitioning.Owned names a partition twice");
        }
        return errors;
    }
}
