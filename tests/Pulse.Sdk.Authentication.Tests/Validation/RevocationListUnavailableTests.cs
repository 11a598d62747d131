using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Tests.Support;
using Pulse.Sdk.Authentication.Validation;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>
/// A revocation list that cannot be reached: a request whose token cannot be checked is answered 503 with a message
/// (never let through, never a 500), and a logout that cannot revoke says so rather than answering 204. In the metrics
/// collection: it reads a counter other tests' logouts would add to.
/// </summary>
[Collection(nameof(AuthenticationMetricsTests))]
public sealed class RevocationListUnavailableTests
{
    private const string Unchecked = """{"message":"the token revocation list cannot be read, so the token cannot be checked; try again later"}""";
    private const string LogoutIncomplete = """{"message":"logout incomplete: the token revocation list cannot be reached, so the token stays valid until it expires (the session cookie was cleared); try again later"}""";

    private static async Task<(WebApplication App, HttpClient Client, SwitchableRevocationList List, string Cookie)> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var list = new SwitchableRevocationList(clock);
        var builder = AuthTestApps.NewBuilder(clock);
        // Registered first: AddPulseAuthentication keeps it instead of its in-memory default.
        builder.Services.AddSingleton<ITokenRevocationList>(list);
        AuthTestApps.AddRoleAndPulse(builder);
        var app = builder.Build();
        AuthTestApps.MapAll(app);
        await app.StartAsync();
        var client = app.GetTestClient();
        using var login = await client.PostAsync("/api/session/login", AuthTestApps.Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return (app, client, list, login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_token_that_cannot_be_checked_is_answered_503_and_its_logout_fails_but_clears_the_cookie()
    {
        var (app, client, list, cookie) = await StartAsync();
        await using var _ = app;
        using (var before = await SendAsync(client, HttpMethod.Get, "/api/probe", cookie)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        list.ChecksFail = true;
        using (var probe = await SendAsync(client, HttpMethod.Get, "/api/probe", cookie))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
            Assert.Equal(Unchecked, await probe.Content.ReadAsStringAsync());
        }
        using (var session = await SendAsync(client, HttpMethod.Get, "/api/session", cookie)) Assert.Equal(HttpStatusCode.ServiceUnavailable, session.StatusCode);
        using (var logout = await SendAsync(client, HttpMethod.Post, "/api/session/logout", cookie))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, logout.StatusCode);
            Assert.Equal(LogoutIncomplete, await logout.Content.ReadAsStringAsync());
            var cleared = logout.Headers.GetValues("Set-Cookie").Single();
            Assert.StartsWith("pulse_session=;", cleared, StringComparison.Ordinal);
            Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.Ordinal);
        }

        // Back: the logout did not happen, so the token still works (which is what the 503 said).
        list.ChecksFail = false;
        using var after = await SendAsync(client, HttpMethod.Get, "/api/probe", cookie);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_logout_whose_revocation_cannot_be_written_fails_and_is_not_counted()
    {
        var (app, client, list, cookie) = await StartAsync();
        await using var _ = app;
        using var revoked = new CounterRecorder("pulse.auth.revoked_tokens");
        list.RevocationsFail = true;
        using (var logout = await SendAsync(client, HttpMethod.Post, "/api/session/logout", cookie))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, logout.StatusCode);
            Assert.Equal(LogoutIncomplete, await logout.Content.ReadAsStringAsync());
        }
        using (var probe = await SendAsync(client, HttpMethod.Get, "/api/probe", cookie)) Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(0, revoked.Total());

        list.RevocationsFail = false;
        using (var logout = await SendAsync(client, HttpMethod.Post, "/api/session/logout", cookie)) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using (var probe = await SendAsync(client, HttpMethod.Get, "/api/probe", cookie)) Assert.Equal(HttpStatusCode.Unauthorized, probe.StatusCode);
        Assert.Equal(1, revoked.Total());
    }
}
