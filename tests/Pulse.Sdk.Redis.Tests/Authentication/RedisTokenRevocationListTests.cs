using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Validation;
using Pulse.Sdk.Redis.Authentication;
using Pulse.Sdk.Redis.Tests.Support;
using StackExchange.Redis;
using static Pulse.Sdk.Redis.Tests.Permissions.PermissionTestConfig;

namespace Pulse.Sdk.Redis.Tests.Authentication;

/// <summary>
/// The revoked tokens in Redis, as two replicas (two connections) see them; the tests of one class run one at a time,
/// so the revocation counters they read are theirs alone.
/// </summary>
public sealed class RedisTokenRevocationListTests
{
    private static string NewTokenId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_logout_at_one_replica_is_seen_at_once_by_another_that_asked_before()
    {
        await using var replica1 = await RedisTestEnvironment.ConnectAsync();
        await using var replica2 = await RedisTestEnvironment.ConnectAsync();
        var options = new RedisTokenRevocationOptions { KeyPrefix = RedisTestEnvironment.UniquePrefix() };
        var list1 = new RedisTokenRevocationList(replica1, options);
        var list2 = new RedisTokenRevocationList(replica2, options);
        string token = NewTokenId(), other = NewTokenId();

        // Replica 2 has answered "not revoked" already: that answer is not kept.
        Assert.False(await list2.IsRevokedAsync(token));
        await list1.RevokeAsync(token, DateTimeOffset.UtcNow.AddHours(1));
        Assert.True(await list2.IsRevokedAsync(token));
        Assert.False(await list2.IsRevokedAsync(other));
        // Another prefix is another list.
        Assert.False(await new RedisTokenRevocationList(replica2, new RedisTokenRevocationOptions { KeyPrefix = RedisTestEnvironment.UniquePrefix() }).IsRevokedAsync(token));
    }

    [Fact]
    public async Task The_entry_is_one_key_per_token_that_expires_five_minutes_after_the_token()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var list = new RedisTokenRevocationList(redis, new RedisTokenRevocationOptions { KeyPrefix = prefix });
        var token = NewTokenId();
        var exp = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());

        await list.RevokeAsync(token, exp);
        var db = redis.GetDatabase();
        var key = $"{prefix}:revoked:{{{token}}}";
        Assert.Equal(key, RedisTokenRevocationKeys.Revoked(prefix, token));
        Assert.Equal("1", (string?)await db.StringGetAsync(key));
        Assert.Equal((exp + TimeSpan.FromMinutes(5)).UtcDateTime, await db.KeyExpireTimeAsync(key));

        // A token already expired for longer than the margin leaves nothing behind.
        var old = NewTokenId();
        await list.RevokeAsync(old, DateTimeOffset.UtcNow.AddMinutes(-6));
        Assert.False(await db.KeyExistsAsync(RedisTokenRevocationKeys.Revoked(prefix, old)));
        Assert.False(await list.IsRevokedAsync(old));
    }

    [Fact]
    public async Task A_revoked_token_is_answered_locally_until_its_entry_expires()
    {
        await using var replica1 = await RedisTestEnvironment.ConnectAsync();
        await using var replica2 = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var list1 = new RedisTokenRevocationList(replica1, new RedisTokenRevocationOptions { KeyPrefix = prefix });
        var list2 = new RedisTokenRevocationList(replica2, new RedisTokenRevocationOptions { KeyPrefix = prefix }, clock);
        var token = NewTokenId();
        await list1.RevokeAsync(token, DateTimeOffset.UtcNow.AddMinutes(1));
        using var counters = new RevocationCounters();

        Assert.True(await list2.IsRevokedAsync(token));
        Assert.Equal(1, list2.CachedCount);
        // Gone from Redis: replica 2 answers without asking, until the 6 minutes the entry had left are over.
        await replica1.GetDatabase().KeyDeleteAsync(RedisTokenRevocationKeys.Revoked(prefix, token));
        for (var i = 0; i < 3; i++) Assert.True(await list2.IsRevokedAsync(token));
        clock.Advance(TimeSpan.FromMinutes(5.9));
        Assert.True(await list2.IsRevokedAsync(token));
        Assert.Equal(1, counters.Get("pulse.auth.revocation.lookups", "result", "miss"));
        Assert.Equal(4, counters.Get("pulse.auth.revocation.lookups", "result", "hit"));

        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.False(await list2.IsRevokedAsync(token));
        Assert.Equal(0, list2.CachedCount);
        Assert.Equal(2, counters.Get("pulse.auth.revocation.lookups", "result", "miss"));
    }

    [Fact]
    public async Task With_redis_unreachable_a_check_fails_closed_unless_fail_open_a_known_revocation_holds_and_a_logout_fails()
    {
        using var server = new RedisTestServer();
        await using var redis = await RedisTestEnvironment.ConnectAsync(server.Endpoint);
        var prefix = RedisTestEnvironment.UniquePrefix();
        var closed = new RedisTokenRevocationList(redis, new RedisTokenRevocationOptions { KeyPrefix = prefix, Timeout = TimeSpan.FromMilliseconds(300) });
        var open = new RedisTokenRevocationList(redis, new RedisTokenRevocationOptions { KeyPrefix = prefix, Timeout = TimeSpan.FromMilliseconds(300), FailOpen = true });
        string revoked = NewTokenId(), unknown = NewTokenId();
        // Written with the default 2 s timeout, and learnt by the closed list from Redis (a positive answer is kept):
        // the 300 ms timeouts are for the outage, not for a loaded machine's first calls.
        await new RedisTokenRevocationList(redis, new RedisTokenRevocationOptions { KeyPrefix = prefix }).RevokeAsync(revoked, DateTimeOffset.UtcNow.AddHours(1));
        await EventuallyAsync(async () =>
        {
            try { return await closed.IsRevokedAsync(revoked); }
            catch (TokenRevocationUnavailableException) { return false; }
        }, "the closed list reads the revocation");
        using var counters = new RevocationCounters();

        // A Redis that does not answer: the check gives up after Timeout rather than holding the request.
        await redis.GetServer(server.Endpoint).ExecuteAsync("CLIENT", "PAUSE", "2000", "ALL");
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TokenRevocationUnavailableException>(() => closed.IsRevokedAsync(unknown).AsTask());
        var slow = watch.Elapsed;
        Assert.True(slow >= TimeSpan.FromMilliseconds(250) && slow < TimeSpan.FromSeconds(1.5), $"gave up after {slow.TotalMilliseconds} ms");

        server.Stop();
        await EventuallyAsync(() => Task.FromResult(!redis.IsConnected), "the connection sees the server gone");
        Assert.True(await closed.IsRevokedAsync(revoked));
        var e = await Assert.ThrowsAsync<TokenRevocationUnavailableException>(() => closed.IsRevokedAsync(unknown).AsTask());
        Assert.IsAssignableFrom<RedisException>(e.InnerException);
        Assert.False(await open.IsRevokedAsync(unknown));
        // Fail open is what it says: a revocation this process has not seen is let through while Redis is away.
        Assert.False(await open.IsRevokedAsync(revoked));
        await Assert.ThrowsAsync<TokenRevocationUnavailableException>(() => closed.RevokeAsync(unknown, DateTimeOffset.UtcNow.AddHours(1)).AsTask());
        await Assert.ThrowsAsync<TokenRevocationUnavailableException>(() => open.RevokeAsync(unknown, DateTimeOffset.UtcNow.AddHours(1)).AsTask());
        Assert.Equal(2, counters.Get("pulse.auth.revocation.errors", "operation", "revoke"));
        Assert.Equal(4, counters.Get("pulse.auth.revocation.errors", "operation", "check"));

        // Back (the server kept the entry on disk): checks answer from Redis again.
        server.Start();
        await EventuallyAsync(async () => redis.IsConnected && await redis.GetDatabase().PingAsync() > TimeSpan.Zero, "reconnected", 30);
        // The same two lists recover; a check slower than 300 ms on a loaded machine is tried again, not taken as the answer.
        await EventuallyAsync(async () =>
        {
            try { return !await closed.IsRevokedAsync(unknown) && await open.IsRevokedAsync(revoked); }
            catch (TokenRevocationUnavailableException) { return false; }
        }, "both lists answer from Redis again", 30);
    }

    [Fact]
    public async Task The_redis_list_replaces_the_in_memory_default_whatever_the_order_and_bad_options_name_the_setting()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        var prefix = RedisTestEnvironment.UniquePrefix();
        foreach (var redisFirst in new[] { true, false })
        {
            var services = new ServiceCollection();
            if (redisFirst) services.AddPulseRoles().AddRedisTokenRevocationList(redis, o => o.KeyPrefix = prefix);
            services.AddPulseAuthentication();
            if (!redisFirst) services.AddPulseRoles().AddRedisTokenRevocationList(_ => redis, o => o.KeyPrefix = prefix);
            await using var sp = services.BuildServiceProvider();
            var list = Assert.IsType<RedisTokenRevocationList>(sp.GetRequiredService<ITokenRevocationList>());
            Assert.Equal(prefix, list.KeyPrefix);
            Assert.Single(services, d => d.ServiceType == typeof(ITokenRevocationList));
        }

        var invalid = new ServiceCollection();
        invalid.AddPulseRoles().AddRedisTokenRevocationList(redis, o =>
        {
            o.KeyPrefix = "a b";
            o.Timeout = TimeSpan.Zero;
            o.MaxCachedRevocations = 0;
        });
        await using var invalidProvider = invalid.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => invalidProvider.GetRequiredService<IOptions<RedisTokenRevocationOptions>>().Value);
        Assert.Contains("RedisTokenRevocationOptions.KeyPrefix must be non-empty text without braces or spaces", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisTokenRevocationOptions.Timeout must be positive and at most 30 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisTokenRevocationOptions.MaxCachedRevocations must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(new RedisTokenRevocationOptions().Validate());
    }

    /// <summary>The revocation list's counters on the Redis meter, by instrument and one tag.</summary>
    private sealed class RevocationCounters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Instrument, string Tag, string? Value), long> _totals = new();

        public RevocationCounters()
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == RedisMeter.Name && i.Name.StartsWith("pulse.auth.revocation.", StringComparison.Ordinal)) l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
            {
                foreach (var t in tags) _totals.AddOrUpdate((i.Name, t.Key, t.Value as string), v, (_, total) => total + v);
            });
            _listener.Start();
        }

        public long Get(string instrument, string tag, string value) => _totals.GetValueOrDefault((instrument, tag, value));

        public void Dispose() => _listener.Dispose();
    }
}
