using System.Collections.Concurrent;
using Pulse.Sdk.Authentication.Validation;
using StackExchange.Redis;

namespace Pulse.Sdk.Redis.Authentication;

/// <summary>
/// An <see cref="ITokenRevocationList"/> shared by every Pulse replica through Redis: a logout at one replica is refused
/// at all. <see cref="RevokeAsync"/> writes <c>SET pulse:revoked:{jti} 1</c> expiring at the token's <c>exp</c> plus
/// <see cref="InMemoryTokenRevocationList.Margin"/> (the largest clock skew), so Redis drops the entry by itself;
/// <see cref="IsRevokedAsync"/> reads the key's <c>PTTL</c> (-2: not revoked). A token found revoked is remembered by
/// this process until its entry expires (a revoked token stays revoked), so its further requests do not reach Redis.
/// When Redis cannot be reached, or is slower than <see cref="RedisTokenRevocationOptions.Timeout"/>, the error is
/// counted (<c>pulse_auth_revocation_errors_total</c>) and <see cref="IsRevokedAsync"/> answers from what this process
/// remembers, else throws <see cref="TokenRevocationUnavailableException"/> (Pulse answers 503) — or answers "not
/// revoked" with <see cref="RedisTokenRevocationOptions.FailOpen"/>; <see cref="RevokeAsync"/> always throws, so a
/// logout that was not stored fails visibly.
/// </summary>
public sealed class RedisTokenRevocationList : ITokenRevocationList
{
    private readonly IDatabase _db;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly bool _failOpen;
    private readonly int _maxCached;
    // Positive answers only, each until its entry expires in Redis. "Not revoked" is never kept: another replica may
    // revoke the token at any moment, and a kept answer would let the logged-out token through here for as long.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    /// <summary>A list over <paramref name="connection"/> (the caller's: never disposed here).</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="options">Key prefix, database, timeout, failure behaviour and cache size; the defaults when null.</param>
    /// <param name="timeProvider">The clock of the remembered entries; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RedisTokenRevocationList(IConnectionMultiplexer connection, RedisTokenRevocationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new RedisTokenRevocationOptions();
        options.ThrowIfInvalid();
        _db = connection.GetDatabase(options.Database);
        _time = timeProvider ?? TimeProvider.System;
        _timeout = options.Timeout;
        _failOpen = options.FailOpen;
        _maxCached = options.MaxCachedRevocations;
        KeyPrefix = options.KeyPrefix;
    }

    /// <summary>First part of every key.</summary>
    public string KeyPrefix { get; }

    /// <summary>Revoked tokens remembered by this process now.</summary>
    public int CachedCount => _revoked.Count;

    /// <inheritdoc />
    /// <exception cref="TokenRevocationUnavailableException">Redis cannot be written now: the token is not revoked.</exception>
    public async ValueTask RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        var until = expiresAt + InMemoryTokenRevocationList.Margin;
        try
        {
            await _db.StringSetAsync(RedisTokenRevocationKeys.Revoked(KeyPrefix, tokenId), 1, new Expiration(until.UtcDateTime))
                .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            RedisTokenRevocationMetrics.Errors.Add(1, RedisTokenRevocationMetrics.Revoke);
            throw new TokenRevocationUnavailableException("the token revocation list in Redis cannot be written", e);
        }
        Remember(tokenId, until);
    }

    /// <inheritdoc />
    /// <exception cref="TokenRevocationUnavailableException">Redis cannot be read now, the token is not known here to be revoked, and <see cref="RedisTokenRevocationOptions.FailOpen"/> is off.</exception>
    public async ValueTask<bool> IsRevokedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        var now = _time.GetUtcNow();
        if (_revoked.TryGetValue(tokenId, out var until))
        {
            if (until > now)
            {
                RedisTokenRevocationMetrics.Lookups.Add(1, RedisTokenRevocationMetrics.Hit);
                return true;
            }
            _revoked.TryRemove(KeyValuePair.Create(tokenId, until));
        }
        RedisTokenRevocationMetrics.Lookups.Add(1, RedisTokenRevocationMetrics.Miss);
        long ttlMs;
        try
        {
            ttlMs = (long)await _db.ExecuteAsync("PTTL", (RedisKey)RedisTokenRevocationKeys.Revoked(KeyPrefix, tokenId))
                .WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            RedisTokenRevocationMetrics.Errors.Add(1, RedisTokenRevocationMetrics.Check);
            if (_failOpen) return false;
            throw new TokenRevocationUnavailableException("the token revocation list in Redis cannot be read", e);
        }
        if (ttlMs == -2) return false;
        // -1: an entry without expiry (written by hand) revokes for good; it is read again after the margin.
        Remember(tokenId, now + (ttlMs >= 0 ? TimeSpan.FromMilliseconds(ttlMs) : InMemoryTokenRevocationList.Margin));
        return true;
    }

    private void Remember(string tokenId, DateTimeOffset until)
    {
        if (_revoked.Count >= _maxCached)
        {
            var now = _time.GetUtcNow();
            foreach (var (id, expiry) in _revoked)
                if (expiry <= now) _revoked.TryRemove(KeyValuePair.Create(id, expiry));
            // Forgetting costs one read from Redis per token: nothing is lost but time.
            if (_revoked.Count >= _maxCached) _revoked.Clear();
        }
        _revoked[tokenId] = until;
    }
}
