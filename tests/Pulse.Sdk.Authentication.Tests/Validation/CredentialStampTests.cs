using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Validation;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>A new password ends the sessions begun before it: tokens carry a stamp of the password, which Pulse checks with the role.</summary>
public sealed class CredentialStampTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pulse-stamp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task After_a_password_change_the_sessions_begun_before_are_refused_and_a_new_login_works()
    {
        var key = Path.Combine(_dir, "auth.pem");
        string before;
        await using (var first = await StartAsync(o => o.SigningKeyPath = key))
        {
            before = await first.TokenAsync();
            using var ok = await first.ProbeAsync(before);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The role restarted with the same signing key; alice's password is new (bob's is not).
        const string NewPassword = "a-brand-new-secret";
        await using var second = await StartAsync(o =>
        {
            o.SigningKeyPath = key;
            var i = o.Users.ToList().FindIndex(u => u.UserName == "alice");
            o.Users[i] = new AuthUser { UserName = "alice", Tenant = "t1", PasswordHash = PasswordHasher.Hash(NewPassword, PasswordHasher.MinIterations) };
        });
        using (var stale = await second.ProbeAsync(before))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
            Assert.Contains("the password changed since this session began; log in again", await stale.Content.ReadAsStringAsync());
        }
        var after = await second.TokenAsync("alice", NewPassword);
        using (var fresh = await second.ProbeAsync(after)) Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        static string Stamp(string token) => System.Text.Json.JsonDocument.Parse(Support.TokenForge.Payload(token)).RootElement.GetProperty("pulse_cst").GetString()!;
        Assert.NotEqual(Stamp(before), Stamp(after));
    }

    [Fact]
    public async Task The_role_answers_the_check_for_the_current_stamp_only()
    {
        await using var apps = await StartAsync();
        var alice = Users().Single(u => u.UserName == "alice");
        var role = apps.RoleClient();
        using (var current = await role.GetAsync($"/auth/sessions/check?user=alice&stamp={CredentialStamp.Of(alice)}"))
            Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        using (var stale = await role.GetAsync("/auth/sessions/check?user=alice&stamp=AAAAAAAAAAAAAAAAAAAAAA"))
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        using (var unknown = await role.GetAsync($"/auth/sessions/check?user=mallory&stamp={CredentialStamp.Of(alice)}"))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using (var bad = await role.GetAsync("/auth/sessions/check?user=alice"))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Answers_are_kept_for_the_interval_and_a_confirmed_stamp_survives_an_outage_of_the_role_but_a_new_one_is_503()
    {
        var clock = new FakeTimeProvider();
        var asked = 0;
        var down = false;
        var current = "s1";
        var checker = new CredentialStampChecker((_, stamp, _) =>
        {
            asked++;
            return down ? throw new CredentialCheckUnavailableException("role down") : Task.FromResult(stamp == current);
        }, TimeSpan.FromSeconds(30), clock, AuthenticationMetrics.Shared);

        Assert.True(await checker.IsCurrentAsync("alice", "s1", default));
        Assert.True(await checker.IsCurrentAsync("alice", "s1", default));
        Assert.Equal(1, asked);

        current = "s2"; // the password changed: seen once the answer is 30 s old
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(await checker.IsCurrentAsync("alice", "s1", default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await checker.IsCurrentAsync("alice", "s1", default));
        Assert.Equal(2, asked);

        Assert.True(await checker.IsCurrentAsync("alice", "s2", default));
        down = true;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await checker.IsCurrentAsync("alice", "s2", default));  // confirmed before: the outage logs nobody out
        Assert.False(await checker.IsCurrentAsync("alice", "s1", default)); // refused before: not let back in
        await Assert.ThrowsAsync<CredentialCheckUnavailableException>(() => checker.IsCurrentAsync("bob", "b1", default).AsTask()); // never asked: 503
        Assert.Equal(6, asked);
    }
}
