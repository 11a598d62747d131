using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Authentication.Issuing;
using Pulse.Sdk.Authentication.Tests.Support;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Validation;

/// <summary>The security tests of Pulse's side: only the role's own, unexpired, unaltered tokens for Pulse pass.</summary>
public sealed class TokenValidationTests
{
    [Fact]
    public async Task A_token_of_the_role_is_accepted_and_names_tenant_and_user()
    {
        await using var apps = await StartAsync();
        using var response = await apps.ProbeAsync(await apps.TokenAsync("bob", BobPassword));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("t2/bob", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_token_is_401_with_a_message_and_a_bearer_challenge()
    {
        await using var apps = await StartAsync();
        using var response = await apps.ProbeAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("not authenticated", await response.Content.ReadAsStringAsync());
        using var garbage = await apps.ProbeAsync("not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused_by_the_injected_clock()
    {
        await using var apps = await StartAsync(pulse: o => o.ClockSkew = TimeSpan.FromSeconds(30));
        var token = await apps.TokenAsync();
        apps.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(29));
        using (var stillValid = await apps.ProbeAsync(token)) Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        apps.Clock.Advance(TimeSpan.FromSeconds(2));
        using var expired = await apps.ProbeAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"message":"the token has expired; log in again"}""", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_from_before_its_nbf_is_refused()
    {
        await using var apps = await StartAsync();
        var future = TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", apps.Clock.GetUtcNow().AddMinutes(5), TimeSpan.FromHours(1));
        using var response = await apps.ProbeAsync(future);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused_whatever_its_kid()
    {
        await using var apps = await StartAsync();
        var now = apps.Clock.GetUtcNow();
        using var stranger = SigningKey.Generate();
        using var impostor = SigningKey.Generate(apps.RoleKey.KeyId);
        foreach (var key in new[] { stranger, impostor })
        {
            using var response = await apps.ProbeAsync(TokenForge.Sign(key.SecurityKey, "pulse-auth", "pulse", now, TimeSpan.FromHours(1)));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("the token is not valid", await response.Content.ReadAsStringAsync());
        }
        // The control: the same claims signed by the role's key pass.
        using var genuine = await apps.ProbeAsync(TokenForge.Sign(apps.RoleKey.SecurityKey, "pulse-auth", "pulse", now, TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Theory]
    [InlineData("pulse-auth", "other-app")]
    [InlineData("someone-else", "pulse")]
    public async Task A_token_for_another_audience_or_from_another_issuer_is_refused(string issuer, string audience)
    {
        await using var apps = await StartAsync();
        var token = TokenForge.Sign(apps.RoleKey.SecurityKey, issuer, audience, apps.Clock.GetUtcNow(), TimeSpan.FromHours(1));
        using var response = await apps.ProbeAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_role_configured_for_another_audience_issues_tokens_pulse_refuses()
    {
        await using var apps = await StartAsync(role: o => o.Audience = "reporting");
        using var response = await apps.ProbeAsync(await apps.TokenAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_payload_or_an_unsigned_token_is_refused()
    {
        await using var apps = await StartAsync();
        var token = await apps.TokenAsync();
        var otherTenant = TokenForge.Tamper(token, p => p.Replace("\"tenant\":\"t1\"", "\"tenant\":\"t2\"", StringComparison.Ordinal));
        Assert.Contains("\"tenant\":\"t2\"", TokenForge.Payload(otherTenant));
        using (var tampered = await apps.ProbeAsync(otherTenant)) Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        using (var unsigned = await apps.ProbeAsync(TokenForge.Unsigned(token))) Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        using var genuine = await apps.ProbeAsync(token);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_answer_is_503_and_the_keys_are_read_again_after_the_minimum_interval()
    {
        var failing = new SwitchableHandler { Failing = true };
        await using var apps = await StartAsync(pulse: o => o.JwksMinRefreshInterval = TimeSpan.FromSeconds(30), jwksHandler: inner =>
        {
            failing.InnerHandler = inner;
            return failing;
        });
        var token = await apps.TokenAsync();
        using (var down = await apps.ProbeAsync(token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("signing keys cannot be read", await down.Content.ReadAsStringAsync());
        }
        failing.Failing = false;
        using (var tooSoon = await apps.ProbeAsync(token)) Assert.Equal(HttpStatusCode.ServiceUnavailable, tooSoon.StatusCode);
        apps.Clock.Advance(TimeSpan.FromSeconds(30));
        using var up = await apps.ProbeAsync(token);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(2, failing.Requests);
    }

    [Fact]
    public async Task Keys_are_cached_and_a_new_kid_makes_pulse_read_them_again()
    {
        var counting = new SwitchableHandler();
        await using var apps = await StartAsync(jwksHandler: inner =>
        {
            counting.InnerHandler = inner;
            return counting;
        });
        for (var i = 0; i < 3; i++)
        {
            using var ok = await apps.ProbeAsync(await apps.TokenAsync());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        Assert.Equal(1, counting.Requests);

        // A token with a kid Pulse has not seen: refused, and the JWKS is read again on the next request, not before
        // the minimum interval.
        using var stranger = SigningKey.Generate();
        using (var unknown = await apps.ProbeAsync(TokenForge.Sign(stranger.SecurityKey, "pulse-auth", "pulse", apps.Clock.GetUtcNow(), TimeSpan.FromHours(1))))
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using (var next = await apps.ProbeAsync(await apps.TokenAsync())) Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, counting.Requests);
        apps.Clock.Advance(TimeSpan.FromSeconds(30));
        using (var after = await apps.ProbeAsync(await apps.TokenAsync())) Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, counting.Requests);
    }

    /// <summary>Counts requests and fails them (503) while <see cref="Failing"/>.</summary>
    private sealed class SwitchableHandler : DelegatingHandler
    {
        private int _requests;

        public bool Failing { get; set; }

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Failing ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)) : base.SendAsync(request, cancellationToken);
        }
    }
}
