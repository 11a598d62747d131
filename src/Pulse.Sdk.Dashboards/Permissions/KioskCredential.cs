using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Sdk.Permissions;

/// <summary>
/// The secrets of a kiosk session (docs/api.md, "Kiosk sessions"): the one-time link <c>/kiosk/&lt;id&gt;.&lt;secret&gt;</c> and
/// the credential it sets, <c>pulsekiosk.&lt;id&gt;.&lt;secret&gt;</c> (the <c>pulse_kiosk</c> cookie, or a bearer token). Each secret is
/// 256 random bits; only its SHA-256 digest is stored, and digests are compared in constant time.
/// </summary>
public static class KioskCredential
{
    /// <summary>What every kiosk credential begins with, so that it is never taken for a JWT (which begins <c>eyJ</c>).</summary>
    public const string Prefix = "pulsekiosk.";

    // 32 bytes in base64url without padding.
    private const int SecretLength = 43;

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The digest kept of <paramref name="secret"/>.</summary>
    /// <param name="secret">The secret.</param>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="secret"/> is the one whose digest is <paramref name="expected"/> (false when none is kept), in constant time.</summary>
    /// <param name="expected">The stored digest, or null.</param>
    /// <param name="secret">The secret presented.</param>
    public static bool Matches(byte[]? expected, string secret) =>
        expected is { Length: 32 } && CryptographicOperations.FixedTimeEquals(expected, Hash(secret));

    /// <summary>The last path segment of a session's one-time link.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="secret">The link secret.</param>
    public static string Link(Guid id, string secret) => $"{id:N}.{secret}";

    /// <summary>The credential a wall screen sends.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="secret">The session secret.</param>
    public static string Token(Guid id, string secret) => Prefix + Link(id, secret);

    /// <summary>Reads a link segment (<c>&lt;id&gt;.&lt;secret&gt;</c>); false when it has not that shape.</summary>
    /// <param name="text">The segment.</param>
    /// <param name="id">The session id.</param>
    /// <param name="secret">The secret.</param>
    public static bool TryParseLink(string? text, out Guid id, out string secret)
    {
        id = Guid.Empty;
        secret = "";
        if (text is not { Length: 32 + 1 + SecretLength } || text[32] != '.' || !Guid.TryParseExact(text.AsSpan(0, 32), "N", out id)) return false;
        secret = text[33..];
        return true;
    }

    /// <summary>Reads a credential (<c>pulsekiosk.&lt;id&gt;.&lt;secret&gt;</c>); false when it has not that shape.</summary>
    /// <param name="text">The credential.</param>
    /// <param name="id">The session id.</param>
    /// <param name="secret">The secret.</param>
    public static bool TryParseToken(string? text, out Guid id, out string secret)
    {
        if (text is not null && text.StartsWith(Prefix, StringComparison.Ordinal)) return TryParseLink(text[Prefix.Length..], out id, out secret);
        id = Guid.Empty;
        secret = "";
        return false;
    }
}
