using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pulse.Sdk.Permissions;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Permissions;

/// <summary>
/// The users' permissions in Redis, per tenant (<see cref="RedisPermissionKeys"/>): the permissions role writes a
/// tenant's whole set at once, Pulse replicas read one user at a time. Every change of a tenant raises its
/// generation and is announced on <see cref="RedisPermissionKeys.Changed"/>, so readers can drop what they cached.
/// Writing what is already stored (same digest) changes nothing and announces nothing.
/// </summary>
public sealed class RedisPermissionStore : IPermissionStore
{
    private const string GenerationField = "generation";
    private const string DigestField = "digest";
    private const string WrittenField = "written";
    private readonly IConnectionMultiplexer _connection;
    private readonly IDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>A store over <paramref name="connection"/> (the caller's: never disposed here).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="keyPrefix">First part of every key and of the channel; no braces or spaces.</param>
    /// <param name="database">Redis database; -1 for the connection's default.</param>
    /// <param name="timeProvider">The clock of the <c>written</c> field; <see cref="TimeProvider.System"/> when null.</param>
    public RedisPermissionStore(IConnectionMultiplexer connection, string keyPrefix = "pulse", int database = -1, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!RedisKeys.IsUsablePrefix(keyPrefix))
            throw new ArgumentException($"keyPrefix must be non-empty text without braces or spaces (e.g. \"pulse\"), was \"{keyPrefix}\"", nameof(keyPrefix));
        _connection = connection;
        _db = connection.GetDatabase(database);
        _time = timeProvider ?? TimeProvider.System;
        KeyPrefix = keyPrefix;
    }

    /// <summary>First part of every key and of the channel.</summary>
    public string KeyPrefix { get; }

    /// <summary>The connection, for readers that follow its reconnections.</summary>
    internal IConnectionMultiplexer Connection => _connection;

    /// <summary>
    /// Replaces every stored user of <paramref name="tenant"/> with <paramref name="users"/>, atomically (users
    /// not in it are removed), unless exactly these permissions are stored already. When it writes, the tenant's
    /// generation grows by one and the change is published.
    /// </summary>
    /// <param name="tenant">The tenant (no braces).</param>
    /// <param name="users">Every user of the tenant; each one's <see cref="UserPermissions.Tenant"/> must be <paramref name="tenant"/>.</param>
    /// <returns>The tenant's generation after the call, and whether this call wrote.</returns>
    public async Task<(long Generation, bool Written)> WriteTenantAsync(string tenant, IEnumerable<UserPermissions> users)
    {
        CheckTenant(tenant);
        ArgumentNullException.ThrowIfNull(users);
        var entries = new List<HashEntry>();
        foreach (var u in users.OrderBy(u => u.User, StringComparer.Ordinal))
        {
            if (!string.Equals(u.Tenant, tenant, StringComparison.Ordinal))
                throw new ArgumentException($"user '{u.User}' belongs to tenant '{u.Tenant}', not '{tenant}'", nameof(users));
            entries.Add(new HashEntry(u.User, UserPermissionsJson.Encode(u)));
        }
        var digest = Digest(entries);
        var meta = RedisPermissionKeys.Meta(KeyPrefix, tenant);

        // Usually nothing changed (a periodic refresh, a configuration change elsewhere): one read, no write.
        var stored = await _db.HashGetAsync(meta, [GenerationField, DigestField]).ConfigureAwait(false);
        if (stored[1] == digest) return ((long)stored[0], false);

        var tx = _db.CreateTransaction();
        // Another writer may store the same digest meanwhile; then this transaction does not run.
        tx.AddCondition(Condition.HashNotEqual(meta, DigestField, digest));
        var usersKey = RedisPermissionKeys.Users(KeyPrefix, tenant);
        _ = tx.KeyDeleteAsync(usersKey);
        if (entries.Count > 0) _ = tx.HashSetAsync(usersKey, [.. entries]);
        var generation = tx.HashIncrementAsync(meta, GenerationField);
        _ = tx.HashSetAsync(meta, [new HashEntry(DigestField, digest), new HashEntry(WrittenField, _time.GetUtcNow().ToUnixTimeMilliseconds())]);
        var written = await tx.ExecuteAsync().ConfigureAwait(false);
        await _db.SetAddAsync(RedisPermissionKeys.Tenants(KeyPrefix), tenant).ConfigureAwait(false);
        if (!written) return (await GetGenerationAsync(tenant).ConfigureAwait(false), false);
        var g = await generation.ConfigureAwait(false);
        await PublishAsync(tenant, g).ConfigureAwait(false);
        return (g, true);
    }

    /// <summary>Removes every stored user of <paramref name="tenant"/> (it left the configuration); the generation grows and the change is published.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <returns>The tenant's generation after the removal.</returns>
    public async Task<long> DeleteTenantAsync(string tenant)
    {
        CheckTenant(tenant);
        var meta = RedisPermissionKeys.Meta(KeyPrefix, tenant);
        var tx = _db.CreateTransaction();
        _ = tx.KeyDeleteAsync(RedisPermissionKeys.Users(KeyPrefix, tenant));
        var generation = tx.HashIncrementAsync(meta, GenerationField);
        _ = tx.HashDeleteAsync(meta, DigestField);
        _ = tx.HashSetAsync(meta, WrittenField, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await tx.ExecuteAsync().ConfigureAwait(false);
        await _db.SetRemoveAsync(RedisPermissionKeys.Tenants(KeyPrefix), tenant).ConfigureAwait(false);
        var g = await generation.ConfigureAwait(false);
        await PublishAsync(tenant, g).ConfigureAwait(false);
        return g;
    }

    /// <inheritdoc />
    async Task<bool> IPermissionStore.WriteTenantAsync(string tenant, IReadOnlyCollection<UserPermissions> users, CancellationToken cancellationToken) =>
        (await WriteTenantAsync(tenant, users).WaitAsync(cancellationToken).ConfigureAwait(false)).Written;

    /// <inheritdoc />
    Task IPermissionStore.DeleteTenantAsync(string tenant, CancellationToken cancellationToken) => DeleteTenantAsync(tenant).WaitAsync(cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlySet<string>> IPermissionStore.GetTenantsAsync(CancellationToken cancellationToken) => GetTenantsAsync().WaitAsync(cancellationToken);

    /// <summary>The tenants that have stored permissions.</summary>
    public async Task<IReadOnlySet<string>> GetTenantsAsync()
    {
        var members = await _db.SetMembersAsync(RedisPermissionKeys.Tenants(KeyPrefix)).ConfigureAwait(false);
        return members.Select(m => (string)m!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The tenant's generation: 0 when the role never wrote it.</summary>
    /// <param name="tenant">The tenant.</param>
    public async Task<long> GetGenerationAsync(string tenant)
    {
        CheckTenant(tenant);
        var g = await _db.HashGetAsync(RedisPermissionKeys.Meta(KeyPrefix, tenant), GenerationField).ConfigureAwait(false);
        return g.IsNull ? 0 : (long)g;
    }

    /// <summary>A user's permissions and the tenant's generation, read together (one transaction).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The user id.</param>
    /// <exception cref="JsonException">What is stored is not permissions JSON.</exception>
    public async Task<RedisPermissionEntry> GetAsync(string tenant, string user)
    {
        CheckTenant(tenant);
        ArgumentException.ThrowIfNullOrEmpty(user);
        var tx = _db.CreateTransaction();
        var json = tx.HashGetAsync(RedisPermissionKeys.Users(KeyPrefix, tenant), user);
        var generation = tx.HashGetAsync(RedisPermissionKeys.Meta(KeyPrefix, tenant), GenerationField);
        await tx.ExecuteAsync().ConfigureAwait(false);
        var g = await generation.ConfigureAwait(false);
        byte[]? bytes = await json.ConfigureAwait(false);
        var permissions = bytes is null ? null : UserPermissionsJson.Decode(bytes);
        // A user stored under another tenant's key would be a bug of the writer: never hand it out.
        if (permissions is not null && (permissions.Tenant != tenant || permissions.User != user)) permissions = null;
        return new RedisPermissionEntry(permissions, g.IsNull ? 0 : (long)g);
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> with the tenant and its new generation whenever a writer changes a tenant
    /// (on a Redis thread: keep it short). Delivery is pub/sub's: a disconnected subscriber misses messages. Dispose
    /// the result to unsubscribe.
    /// </summary>
    /// <param name="onChange">Receives (tenant, generation).</param>
    public async Task<IAsyncDisposable> SubscribeAsync(Action<string, long> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var queue = await _connection.GetSubscriber().SubscribeAsync(RedisPermissionKeys.Changed(KeyPrefix)).ConfigureAwait(false);
        queue.OnMessage(m =>
        {
            byte[]? bytes = m.Message;
            if (bytes is not null && TryDecodeChange(bytes, out var tenant, out var generation)) onChange(tenant, generation);
        });
        return new Subscription(queue);
    }

    internal static bool TryDecodeChange(ReadOnlySpan<byte> message, out string tenant, out long generation)
    {
        tenant = "";
        generation = 0;
        try
        {
            var reader = new Utf8JsonReader(message);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.GetProperty("tenant").GetString() is not { Length: > 0 } t) return false;
            tenant = t;
            generation = doc.RootElement.GetProperty("generation").GetInt64();
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return false;
        }
    }

    private Task<long> PublishAsync(string tenant, long generation)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["tenant"] = tenant, ["generation"] = generation });
        return _connection.GetSubscriber().PublishAsync(RedisPermissionKeys.Changed(KeyPrefix), message);
    }

    private static string Digest(List<HashEntry> entries)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var e in entries)
        {
            sha.AppendData(Encoding.UTF8.GetBytes((string)e.Name!));
            sha.AppendData(separator);
            sha.AppendData((byte[])e.Value!);
            sha.AppendData(separator);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void CheckTenant(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        if (tenant.AsSpan().IndexOfAny('{', '}') >= 0) throw new ArgumentException($"tenant ids must not contain braces (they are the hash tag of the keys), was '{tenant}'", nameof(tenant));
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(queue.UnsubscribeAsync());
    }
}
