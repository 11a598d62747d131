using Pulse.Sdk.Storage;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// Keeps one checkpoint blob per engine partition (<c>pulse:checkpoint:{partition}</c>). Only the storage:
/// what goes in the blob and how a DCU restores from it belong to the engine's checkpoint/restore.
/// </summary>
public sealed class RedisCheckpointStore : ICheckpointStore
{
    private readonly IDatabase _db;
    private readonly string _prefix;

    /// <summary>A store over <paramref name="connection"/> (the caller's: never disposed here).</summary>
    public RedisCheckpointStore(IConnectionMultiplexer connection, string keyPrefix = "pulse", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _db = connection.GetDatabase(database);
        _prefix = keyPrefix;
    }

    /// <summary>Replaces the partition's checkpoint (one SET: a reader sees the old blob or the new one, never a mix).</summary>
    public async Task SaveCheckpointAsync(string name, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        var ok = await _db.StringSetAsync(Key(name), checkpoint).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!ok) throw new InvalidOperationException($"Redis did not store the checkpoint of partition {name}");
    }

    /// <summary>The partition's last checkpoint, or null when there is none.</summary>
    public async Task<byte[]?> LoadCheckpointAsync(string name, CancellationToken cancellationToken = default)
    {
        var v = await _db.StringGetAsync(Key(name)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return v.IsNull ? null : (byte[])v!;
    }

    /// <summary>Deletes the partition's checkpoint; returns whether there was one.</summary>
    public Task<bool> DeleteCheckpointAsync(string partition) => _db.KeyDeleteAsync(Key(partition));

    private string Key(string partition)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        return RedisKeys.Checkpoint(_prefix, partition);
    }
}
