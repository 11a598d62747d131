using System.Net;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Pulse.Sdk.Authentication.Tests.Support;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Validation;

public sealed class SessionEndpointsTests
{
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? cookie = null, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body };
        if (cookie is not null) request.Headers.Add("Cookie", $"{Pulse.Sdk.Authentication.Validation.PulseAuthenticationDefaults.CookieName}={cookie}");
        return await client.SendAsync(request);
    }

    private static SetCookieHeaderValue SessionCookie(HttpResponseMessage response) =>
        Assert.Single(SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList()), c => c.Name == "pulse_session");

    [Fact]
    public async Task Login_sets_the_session_cookie_which_authenticates_and_logout_clears_it()
    {
        await using var apps = await StartAsync();
        var pulse = apps.PulseClient();
        using var login = await SendAsync(pulse, HttpMethod.Post, "/api/session/login", body: Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = SessionCookie(login);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.False(cookie.Secure);
        Assert.Equal(TimeSpan.FromHours(1), cookie.MaxAge);
        var token = cookie.Value.ToString();

        using (var probe = await SendAsync(pulse, HttpMethod.Get, "/api/probe", token)) Assert.Equal("t1/alice", await probe.Content.ReadAsStringAsync());
        using (var session = await SendAsync(pulse, HttpMethod.Get, "/api/session", token))
        {
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            Assert.Equal(
                """{"user":"alice","tenant":"t1","privileges":["ViewDashboardRestricted","ViewDashboard","ManageTabs","AddWidgetsWithoutLimit"],"maxTabs":7,"maxWidgets":null}""",
                await session.Content.ReadAsStringAsync());
        }

        using var logout = await SendAsync(pulse, HttpMethod.Post, "/api/session/logout", token);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var cleared = SessionCookie(logout);
        Assert.Equal("", cleared.Value.ToString());
        Assert.True(cleared.Expires < DateTimeOffset.UtcNow);
        Assert.Equal("/", cleared.Path.ToString());
        using var after = await SendAsync(pulse, HttpMethod.Get, "/api/session");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_expires_with_its_token()
    {
        await using var apps = await StartAsync();
        using var login = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username":"bob","password":"bob-secret"}"""));
        var token = SessionCookie(login).Value.ToString();
        apps.Clock.Advance(TimeSpan.FromHours(2));
        using var expired = await SendAsync(apps.PulseClient(), HttpMethod.Get, "/api/session", token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task A_bearer_header_wins_over_the_cookie()
    {
        await using var apps = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        request.Headers.Authorization = new("Bearer", "garbage");
        request.Headers.Add("Cookie", "pulse_session=" + await apps.TokenAsync());
        using var response = await apps.PulseClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bad_credentials_get_401_and_no_cookie()
    {
        await using var apps = await StartAsync();
        using var response = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username":"alice","password":"nope"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("""{"message":"unknown user name or wrong password"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_json_and_oversized_bodies_are_refused_with_a_message()
    {
        await using var apps = await StartAsync(pulse: o => o.MaxLoginBodyBytes = 512);
        using (var bad = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username": alice}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.StartsWith("body: invalid JSON", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        }
        using (var missing = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username":"alice"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("""{"message":"password: is required"}""", await missing.Content.ReadAsStringAsync());
        }
        using var big = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json($$"""{"username":"alice","password":"{{new string('p', 600)}}"}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("""{"message":"body: larger than 512 bytes"}""", await big.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_the_permissions_role_does_not_know_is_403_on_the_session()
    {
        await using var apps = await StartAsync();
        using var login = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username":"ghost","password":"ghost-secret"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        using var session = await SendAsync(apps.PulseClient(), HttpMethod.Get, "/api/session", SessionCookie(login).Value.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, session.StatusCode);
        Assert.Contains("user 'ghost' has no permissions in tenant 't1'", await session.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task When_the_role_cannot_be_reached_login_is_503()
    {
        await using var apps = await StartAsync(pulse: o => o.TokenUri = new Uri("http://auth/no-such-endpoint"));
        using var response = await SendAsync(apps.PulseClient(), HttpMethod.Post, "/api/session/login", body: Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot be reached", await response.Content.ReadAsStringAsync());
    }
}
