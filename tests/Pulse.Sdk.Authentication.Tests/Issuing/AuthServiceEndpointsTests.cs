using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pulse.Sdk.Authentication.Tests.Support;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests.Issuing;

public sealed class AuthServiceEndpointsTests
{
    [Fact]
    public async Task A_configured_user_gets_a_signed_token_dated_by_the_injected_clock()
    {
        await using var apps = await StartAsync();
        using var response = await apps.RoleClient().PostAsync("/auth/token", Json("""{"username":"alice","password":"alice-secret"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["access_token", "token_type", "expires_in"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", doc.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, doc.RootElement.GetProperty("expires_in").GetInt32());

        var token = new JsonWebToken(doc.RootElement.GetProperty("access_token").GetString());
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(apps.RoleKey.KeyId, token.Kid);
        Assert.Equal("alice", token.Subject);
        Assert.Equal("t1", token.GetClaim("tenant").Value);
        Assert.Equal("pulse-auth", token.Issuer);
        Assert.Equal(["pulse"], token.Audiences);
        var now = apps.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(now, token.IssuedAt);
        Assert.Equal(now, token.ValidFrom);
        Assert.Equal(now.AddHours(1), token.ValidTo);
        Assert.False(token.TryGetClaim("privileges", out _));
    }

    [Fact]
    public async Task The_jwks_publishes_the_public_key_that_checks_the_tokens()
    {
        await using var apps = await StartAsync(o => o.TokenLifetime = TimeSpan.FromMinutes(5));
        var token = await apps.TokenAsync();
        using var response = await apps.RoleClient().GetAsync("/auth/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(json);
        var key = Assert.Single(doc.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(["kty", "kid", "n", "e", "use", "alg"], key.EnumerateObject().Select(p => p.Name));
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.DoesNotContain("\"d\"", json);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "pulse-auth",
            ValidAudience = "pulse",
            IssuerSigningKeys = new JsonWebKeySet(json).GetSigningKeys(),
            LifetimeValidator = (_, _, _, _) => true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", "alice-secret")]
    [InlineData("Alice", "alice-secret")]
    public async Task Unknown_users_and_wrong_passwords_get_401(string user, string password)
    {
        await using var apps = await StartAsync();
        using var response = await apps.RoleClient().PostAsync("/auth/token", Json($$"""{"username":"{{user}}","password":"{{password}}"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"message":"unknown user name or wrong password"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"username\":\"alice\"", 400, "body: invalid JSON")]
    [InlineData("[\"alice\"]", 400, "body: expected a JSON object")]
    [InlineData("{\"password\":\"x\"}", 400, "username: is required")]
    [InlineData("{\"username\":\"alice\",\"password\":7}", 400, "password: must be a string")]
    [InlineData("{\"username\":\"\",\"password\":\"x\"}", 400, "username: must not be empty")]
    [InlineData("{\"username\":\"alice\",\"password\":\"x\"} {}", 400, "body: invalid JSON")]
    [InlineData("{\"username\":\"alice\",\"password\":\"x\"}  ", 401, null)]
    public async Task Bad_bodies_get_400_naming_the_field(string body, int status, string? message)
    {
        await using var apps = await StartAsync();
        using var response = await apps.RoleClient().PostAsync("/auth/token", Json(body));
        Assert.Equal(status, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // Trailing spaces are fine: the body is read, and only the password is wrong.
        Assert.StartsWith(message ?? "unknown user name or wrong password", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_too_large_is_refused()
    {
        await using var apps = await StartAsync(o => o.MaxLoginBodyBytes = 256);
        using var form = await apps.RoleClient().PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "alice", ["password"] = AlicePassword }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("Content-Type: must be application/json", await form.Content.ReadAsStringAsync());

        var big = $$"""{"username":"alice","password":"{{new string('x', 300)}}"}""";
        using var tooLarge = await apps.RoleClient().PostAsync("/auth/token", Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("body: larger than 256 bytes", await tooLarge.Content.ReadAsStringAsync());

        // Without a Content-Length (chunked), the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await apps.RoleClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
    }
}
