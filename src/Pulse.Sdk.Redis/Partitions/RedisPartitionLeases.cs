using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Partitions;

/// <summary>
/// Who runs each partition of a Data Collection Unit split by object over several processes, kept in Redis
/// (docs/architecture.md, "DCU partitions"): a lease per partition (<c>pulse:lease:{dcu-p3}</c> = the holder, with a
/// time to live the holder renews) and the number of processes (<c>pulse:replicas:{dcu}</c>). A partition is applied by
/// the holder of its lease only, so no two processes write its values or its checkpoint. Every key is one slot of a
/// Redis Cluster and every script touches one key.
/// </summary>
public sealed class RedisPartitionLeases
{
    // Taken when free or already this holder's (a process restarted before its lease ran out).
    private const string AcquireScript = """
        local v = redis.call('GET', KEYS[1])
        if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
        return 0
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // The number of processes only grows here: a process restarted with the count it was first given does not undo a
    // scale-up the others have followed. Scaling down is a restart of every process after the key is deleted.
    private const string RaiseScript = """
        local v = tonumber(redis.call('GET', KEYS[1]) or '0')
        local n = tonumber(ARGV[1])
        if n > v then redis.call('SET', KEYS[1], ARGV[1]) return n end
        return v
        """;

    private readonly IDatabase _db;
    private readonly string _prefix;

    /// <summary>Leases of unit <paramref name="unit"/> (its checkpoint name) over <paramref name="connection"/> (the caller's; never disposed here).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="unit">The unit's name: the checkpoint name its partitions' checkpoints are stored under.</param>
    /// <param name="timeToLive">How long a lease holds without renewal: a killed holder's partitions are free after it. Default 10 s.</param>
    /// <param name="keyPrefix">The keys' prefix. Default <c>pulse</c>.</param>
    public RedisPartitionLeases(IConnectionMultiplexer connection, string unit = "dcu", TimeSpan? timeToLive = null, string keyPrefix = "pulse")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        if (!RedisKeys.IsUsablePrefix(keyPrefix)) throw new ArgumentException($"key prefix '{keyPrefix}': give a non-empty prefix without braces or spaces", nameof(keyPrefix));
        TimeToLive = timeToLive ?? TimeSpan.FromSeconds(10);
        if (TimeToLive < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(timeToLive), TimeToLive, "a lease must live at least 1 s");
        _db = connection.GetDatabase();
        _prefix = keyPrefix;
        Unit = unit;
    }

    /// <summary>The unit's name.</summary>
    public string Unit { get; }

    /// <summary>How long a lease holds without renewal.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>Raises the number of processes to <paramref name="replicas"/> if it is lower; returns the number in effect.</summary>
    public async Task<int> RaiseReplicasAsync(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return (int)(long)await _db.ScriptEvaluateAsync(RaiseScript, [RedisKeys.Replicas(_prefix, Unit)], [replicas]).ConfigureAwait(false);
    }

    /// <summary>The number of processes in effect, or null when none was published.</summary>
    public async Task<int?> ReplicasAsync()
    {
        var v = await _db.StringGetAsync(RedisKeys.Replicas(_prefix, Unit)).ConfigureAwait(false);
        return v.IsNull ? null : (int)v;
    }

    /// <summary>Takes the lease of <paramref name="partition"/> for <paramref name="holder"/> if it is free or already its own.</summary>
    public async Task<bool> TryAcquireAsync(int partition, string holder) =>
        (long)await _db.ScriptEvaluateAsync(AcquireScript, [Key(partition)], [holder, (long)TimeToLive.TotalMilliseconds]).ConfigureAwait(false) == 1;

    /// <summary>Extends the lease if <paramref name="holder"/> still holds it; false when it was lost.</summary>
    public async Task<bool> RenewAsync(int partition, string holder) =>
        (long)await _db.ScriptEvaluateAsync(RenewScript, [Key(partition)], [holder, (long)TimeToLive.TotalMilliseconds]).ConfigureAwait(false) == 1;

    /// <summary>Gives the lease up if <paramref name="holder"/> holds it.</summary>
    public async Task ReleaseAsync(int partition, string holder) =>
        await _db.ScriptEvaluateAsync(ReleaseScript, [Key(partition)], [holder]).ConfigureAwait(false);

    /// <summary>Who holds the lease now, or null.</summary>
    public async Task<string?> HolderAsync(int partition) => await _db.StringGetAsync(Key(partition)).ConfigureAwait(false);

    private string Key(int partition) => RedisKeys.PartitionLease(_prefix, Unit, partition);
}
