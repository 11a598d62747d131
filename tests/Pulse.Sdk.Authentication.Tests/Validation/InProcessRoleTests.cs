using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Tests.Support;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>The role and Pulse in one process without addresses: Pulse uses the role's key and token service directly.</summary>
public sealed class InProcessRoleTests
{
    [Fact]
    public async Task Login_and_tokens_work_without_any_http_between_pulse_and_the_role()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var builder = AuthTestApps.NewBuilder(clock);
        AuthTestApps.AddRoleAndPulse(builder, role: o => o.TokenLifetime = TimeSpan.FromMinutes(10));
        await using var app = builder.Build();
        AuthTestApps.MapAll(app);
        await app.StartAsync();
        var client = app.GetTestClient();

        using var login = await client.PostAsync("/api/session/login", AuthTestApps.Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        request.Headers.Add("Cookie", cookie);
        using var probe = await client.SendAsync(request);
        Assert.Equal("t1/alice", await probe.Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromMinutes(11));
        var late = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        late.Headers.Add("Cookie", cookie);
        using var expired = await client.SendAsync(late);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }
}
