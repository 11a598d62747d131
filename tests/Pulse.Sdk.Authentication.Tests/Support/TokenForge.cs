using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pulse.Sdk.Authentication.Issuing;

namespace Pulse.Sdk.Authentication.Tests.Support;

/// <summary>Makes tokens the role did not issue, or changes ones it did.</summary>
internal static class TokenForge
{
    /// <summary>
    /// A token as the role makes them: a random <c>jti</c> unless <paramref name="withJti"/> is false, and the credential
    /// stamp of the test user's password (<see cref="AuthTestApps.Users"/>), or <paramref name="stamp"/>.
    /// </summary>
    public static string Sign(SecurityKey key, string issuer, string audience, DateTimeOffset now, TimeSpan lifetime, string tenant = "t1", string user = "alice", bool withJti = true,
        string? stamp = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var claims = new Dictionary<string, object> { ["sub"] = user, ["tenant"] = tenant };
        if (withJti) claims["jti"] = Guid.NewGuid().ToString("N");
        stamp ??= AuthTestApps.Users().FirstOrDefault(u => u.UserName == user) is { } known ? CredentialStamp.Of(known) : null;
        if (stamp is not null) claims[CredentialStamp.ClaimType] = stamp;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SigningKey.Algorithm),
        });
    }

    public static string Header(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));

    public static string Payload(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));

    /// <summary>The token with its payload rewritten and the original signature kept.</summary>
    public static string Tamper(string token, Func<string, string> change)
    {
        var parts = token.Split('.');
        parts[1] = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(change(Payload(token))));
        return string.Join('.', parts);
    }

    /// <summary>The token's claims under an unsigned header (<c>alg: none</c>) and no signature.</summary>
    public static string Unsigned(string token)
    {
        var parts = token.Split('.');
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + parts[1] + ".";
    }
}
