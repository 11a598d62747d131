using System.Net;
using Microsoft.Net.Http.Headers;
using Pulse.Sdk.Authentication.Tests.Support;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>Logout revokes the token; tokens longer-lived than the maximum, or without a jti, are refused.</summary>
public sealed class RevocationAndLifetimeTests
{
    private static async Task<HttpResponseMessage> LogoutAsync(HttpClient pulse, string? cookie = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/logout");
        if (cookie is not null) request.Headers.Add("Cookie", "pulse_session=" + cookie);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return await pulse.SendAsync(request);
    }

    [Fact]
    public async Task After_logout_the_same_token_is_refused_as_revoked_and_other_sessions_go_on()
    {
        await using var apps = await StartAsync();
        var pulse = apps.PulseClient();
        using var login = await pulse.PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}"""));
        var token = SetCookieHeaderValue.ParseList(login.Headers.GetValues("Set-Cookie").ToList()).Single().Value.ToString();
        var other = await apps.TokenAsync();
        using (var before = await apps.ProbeAsync(token)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var logout = await LogoutAsync(pulse, cookie: token)) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        // A client that kept the cookie's value, as a bearer token or a cookie: refused for the rest of its hour.
        using (var bearer = await apps.ProbeAsync(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
            Assert.Equal("""{"message":"the token was revoked (logged out); log in again"}""", await bearer.Content.ReadAsStringAsync());
        }
        var kept = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        kept.Headers.Add("Cookie", "pulse_session=" + token);
        using (var cookie = await pulse.SendAsync(kept)) Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
        apps.Clock.Advance(TimeSpan.FromMinutes(59));
        using (var late = await apps.ProbeAsync(token)) Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        using (var unaffected = await apps.ProbeAsync(other)) Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);

        // Logout with a bearer token revokes it too.
        using (var logout = await LogoutAsync(pulse, bearer: other)) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var revoked = await apps.ProbeAsync(other);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Logout_without_a_valid_token_still_answers_204()
    {
        await using var apps = await StartAsync();
        using (var none = await LogoutAsync(apps.PulseClient())) Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        using var garbage = await LogoutAsync(apps.PulseClient(), cookie: "not-a-jwt");
        Assert.Equal(HttpStatusCode.NoContent, garbage.StatusCode);
    }

    [Fact]
    public async Task A_token_living_longer_than_the_maximum_is_refused_however_it_was_signed()
    {
        await using var apps = await StartAsync();
        var now = apps.Clock.GetUtcNow();
        using (var hour = await apps.ProbeAsync(TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", now, TimeSpan.FromHours(1))))
            Assert.Equal(HttpStatusCode.OK, hour.StatusCode);
        foreach (var lifetime in new[] { TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), TimeSpan.FromDays(365) })
        {
            using var response = await apps.ProbeAsync(TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", now, lifetime));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("""{"message":"the token's lifetime is longer than Pulse accepts; log in again"}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_maximum_follows_the_option_and_the_in_process_role_lifetime()
    {
        await using var apps = await StartAsync(role: o => o.TokenLifetime = TimeSpan.FromHours(8), pulse: o => o.MaxTokenLifetime = TimeSpan.FromHours(8));
        using (var eight = await apps.ProbeAsync(await apps.TokenAsync())) Assert.Equal(HttpStatusCode.OK, eight.StatusCode);
        using var nine = await apps.ProbeAsync(TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", apps.Clock.GetUtcNow(), TimeSpan.FromHours(9)));
        Assert.Equal(HttpStatusCode.Unauthorized, nine.StatusCode);
    }

    [Fact]
    public async Task A_token_without_jti_is_refused()
    {
        await using var apps = await StartAsync();
        using var response = await apps.ProbeAsync(TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", apps.Clock.GetUtcNow(), TimeSpan.FromHours(1), withJti: false));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
