using StackExchange.Redis;

namespace Pulse.Sdk.Redis;

/// <summary>
/// Caches the object ids a user may see, per tenant, as a Redis set with an expiry
/// (<c>pulse:{t1}:perm:alice</c>). The permissions role writes it; readers ask before evaluating again.
/// An empty permission set is stored as the single member <c>""</c> (Redis keeps no empty sets), which reads back as empty.
/// </summary>
public sealed class RedisPermissionCache
{
    private const string EmptyMarker = "";
    private readonly IDatabase _db;
    private readonly string _prefix;

    /// <summary>A cache over <paramref name="connection"/> (the caller's: never disposed here).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="defaultExpiry">Expiry when <see cref="SetAsync"/> is given none; default 5 minutes.</param>
    /// <param name="keyPrefix">First part of the keys.</param>
    /// <param name="database">Redis database; -1 for the connection's default.</param>
    public RedisPermissionCache(IConnectionMultiplexer connection, TimeSpan? defaultExpiry = null, string keyPrefix = "pulse", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        DefaultExpiry = defaultExpiry ?? TimeSpan.FromMinutes(5);
        if (DefaultExpiry <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(defaultExpiry), DefaultExpiry, "defaultExpiry must be positive (e.g. 5 minutes)");
        _db = connection.GetDatabase(database);
        _prefix = keyPrefix;
    }

    /// <summary>Expiry of an entry written without one.</summary>
    public TimeSpan DefaultExpiry { get; }

    /// <summary>Replaces the user's accessible object ids, atomically, expiring after <paramref name="expiry"/> (or <see cref="DefaultExpiry"/>).</summary>
    public async Task SetAsync(string tenant, string user, IEnumerable<string> objectIds, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(objectIds);
        var key = Key(tenant, user);
        var ttl = expiry ?? DefaultExpiry;
        if (ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(expiry), ttl, "expiry must be positive");
        var members = objectIds.Select(id => (RedisValue)id).ToArray();
        if (members.Length == 0) members = [EmptyMarker];
        var tx = _db.CreateTransaction();
        _ = tx.KeyDeleteAsync(key);
        _ = tx.SetAddAsync(key, members);
        _ = tx.KeyExpireAsync(key, ttl);
        if (!await tx.ExecuteAsync().ConfigureAwait(false)) throw new InvalidOperationException($"Redis did not apply the permissions of {tenant}/{user}");
    }

    /// <summary>The user's accessible object ids, or null when nothing is cached (never written or expired).</summary>
    public async Task<IReadOnlySet<string>?> GetAsync(string tenant, string user)
    {
        var members = await _db.SetMembersAsync(Key(tenant, user)).ConfigureAwait(false);
        if (members.Length == 0) return null;
        var set = new HashSet<string>(members.Length, StringComparer.Ordinal);
        foreach (var m in members)
        {
            var s = (string)m!;
            if (s.Length > 0) set.Add(s);
        }
        return set;
    }

    /// <summary>Whether the user may see <paramref name="objectId"/>; null when nothing is cached for the user.</summary>
    public async Task<bool?> ContainsAsync(string tenant, string user, string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var key = Key(tenant, user);
        var batch = _db.CreateBatch();
        var exists = batch.KeyExistsAsync(key);
        var member = batch.SetContainsAsync(key, objectId);
        batch.Execute();
        return await exists.ConfigureAwait(false) ? await member.ConfigureAwait(false) : null;
    }

    /// <summary>Forgets the user's entry (their permissions changed).</summary>
    public Task InvalidateAsync(string tenant, string user) => _db.KeyDeleteAsync(Key(tenant, user));

    private string Key(string tenant, string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(user);
        return RedisKeys.Permissions(_prefix, tenant, user);
    }
}
