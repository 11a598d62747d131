using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Authentication.Throttling;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Throttling;

/// <summary>Password attempts are limited per user name, per client address and by the hashing slots, before any hashing.</summary>
public sealed class LoginLimitsTests
{
    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string user, string password) =>
        client.PostAsync("/auth/token", Json($$"""{"username":"{{user}}","password":"{{password}}"}"""));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, long retryAfter, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfter), response.Headers.RetryAfter?.Delta);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_passwords_past_the_limit_lock_the_user_with_429_until_the_lock_expires_and_the_next_lock_is_longer()
    {
        await using var apps = await StartAsync(o => o.LoginThrottling = new() { MaxFailuresPerUser = 5, Lockout = TimeSpan.FromMinutes(1), MaxLockout = TimeSpan.FromMinutes(30) });
        var role = apps.RoleClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TokenAsync(role, "alice", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        // Locked: even the right password is refused, and the answer does not say whether it was right.
        using (var locked = await TokenAsync(role, "alice", AlicePassword))
            await AssertRefusedAsync(locked, HttpStatusCode.TooManyRequests, 60, "too many failed logins for this user name; try again in 60 s");
        using (var other = await TokenAsync(role, "bob", BobPassword)) Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        apps.Clock.Advance(TimeSpan.FromSeconds(59));
        using (var almost = await TokenAsync(role, "alice", AlicePassword)) await AssertRefusedAsync(almost, HttpStatusCode.TooManyRequests, 1, "try again in 1 s");
        apps.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var open = await TokenAsync(role, "alice", AlicePassword)) Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        // The second lock lasts twice as long.
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TokenAsync(role, "alice", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var again = await TokenAsync(role, "alice", AlicePassword);
        await AssertRefusedAsync(again, HttpStatusCode.TooManyRequests, 120, "try again in 120 s");
    }

    [Fact]
    public async Task Unknown_user_names_lock_like_known_ones()
    {
        await using var apps = await StartAsync(o => o.LoginThrottling = new() { MaxFailuresPerUser = 2 });
        foreach (var user in new[] { "alice", "nobody" })
        {
            for (var i = 0; i < 2; i++)
            {
                using var wrong = await TokenAsync(apps.RoleClient(), user, "wrong");
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }
            using var locked = await TokenAsync(apps.RoleClient(), user, "wrong");
            await AssertRefusedAsync(locked, HttpStatusCode.TooManyRequests, 60, "for this user name");
        }
    }

    [Fact]
    public async Task An_address_past_its_failure_budget_gets_429_for_every_user_and_successes_cost_nothing()
    {
        // Three failures a minute: one comes back every 20 s.
        await using var apps = await StartAsync(o => o.LoginThrottling = new() { MaxFailuresPerAddress = 3, AddressWindow = TimeSpan.FromMinutes(1) });
        var role = apps.RoleClient();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await TokenAsync(role, "bob", BobPassword);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        foreach (var user in new[] { "alice", "bob", "nobody" })
        {
            using var wrong = await TokenAsync(role, user, "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var refused = await TokenAsync(role, "ghost", "ghost-secret"))
            await AssertRefusedAsync(refused, HttpStatusCode.TooManyRequests, 20, "too many failed logins from this address; try again in 20 s");
        apps.Clock.Advance(TimeSpan.FromSeconds(20));
        using var admitted = await TokenAsync(role, "ghost", "ghost-secret");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Password_checks_past_the_concurrent_bound_are_refused_at_once_with_503()
    {
        await using var apps = await StartAsync(o =>
        {
            o.MaxConcurrentHashing = 2;
            o.HashingQueueTimeout = TimeSpan.Zero;
        });
        // Two checks in progress hold both slots (as two slow PBKDF2 checks would); the third attempt finds none.
        var gate = apps.Role.Services.GetRequiredService<PasswordHashingGate>();
        Assert.True(await gate.TryEnterAsync());
        Assert.True(await gate.TryEnterAsync());
        using (var busy = await TokenAsync(apps.RoleClient(), "alice", AlicePassword))
            await AssertRefusedAsync(busy, HttpStatusCode.ServiceUnavailable, 1, "too many logins are being checked now");
        // Through Pulse's session login too, passed on as the role said it.
        using (var session = await apps.PulseClient().PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}""")))
            await AssertRefusedAsync(session, HttpStatusCode.ServiceUnavailable, 1, "too many logins are being checked now");
        gate.Release();
        using var ok = await TokenAsync(apps.RoleClient(), "alice", AlicePassword);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        gate.Release();
    }

    [Fact]
    public async Task Session_login_locks_the_user_itself_and_passes_on_a_lock_of_the_role()
    {
        await using var apps = await StartAsync(role: o => o.LoginThrottling = new() { MaxFailuresPerUser = 3 }, pulse: o => o.LoginThrottling = new() { MaxFailuresPerUser = 2 });
        var pulse = apps.PulseClient();
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await pulse.PostAsync("/api/session/login", Json("""{"username":"bob","password":"wrong"}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var locked = await pulse.PostAsync("/api/session/login", Json("""{"username":"bob","password":"bob-secret"}""")))
            await AssertRefusedAsync(locked, HttpStatusCode.TooManyRequests, 60, "for this user name");

        // Alice is locked at the role (by direct token requests): the session answers the role's 429.
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await TokenAsync(apps.RoleClient(), "alice", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var passedOn = await pulse.PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}"""));
        await AssertRefusedAsync(passedOn, HttpStatusCode.TooManyRequests, 60, "too many failed logins; try again in 60 s");
    }

    [Fact]
    public async Task Only_a_login_forwarded_with_the_replicas_secret_is_exempt_from_the_roles_address_limit()
    {
        const string Secret = "forwarded-by-a-pulse-replica";
        await using var apps = await StartAsync(
            role: o => (o.ForwarderSecret, o.LoginThrottling) = (Secret, new() { MaxFailuresPerAddress = 2, AddressWindow = TimeSpan.FromMinutes(1), MaxFailuresPerUser = 100 }),
            pulse: o => (o.ForwarderSecret, o.LoginThrottling) = (Secret, new() { MaxFailuresPerAddress = 100, MaxFailuresPerUser = 100 }));

        // A client that calls the role itself, spraying names: limited by its address, whatever it claims.
        var direct = apps.RoleClient();
        direct.DefaultRequestHeaders.Add("X-Pulse-Forwarder", "a-guess-at-the-secret-value");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await TokenAsync(direct, $"name{i}", "wrong");
            answers.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);

        // The replica forwards its clients' logins with the secret: the role does not count them against one address
        // (the replica limits each client itself), so more than the role's address budget are checked.
        var pulse = apps.PulseClient();
        for (var i = 0; i < 5; i++)
        {
            using var r = await pulse.PostAsync("/api/session/login", Json($$"""{"username":"other{{i}}","password":"wrong"}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        using var ok = await pulse.PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
    }

    [Theory]
    [InlineData(true, "AuthServiceOptions.ForwarderSecret is too short")]
    [InlineData(false, "PulseAuthenticationOptions.ForwarderSecret is too short")]
    public void A_short_forwarder_secret_is_refused_naming_the_setting(bool role, string message)
    {
        var errors = role
            ? new Pulse.Sdk.Authentication.Issuing.AuthServiceOptions { ForwarderSecret = "short" }.Validate()
            : new Pulse.Sdk.Authentication.Validation.PulseAuthenticationOptions { ForwarderSecret = "short" }.Validate();
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }
}
