using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>What a request's bearer secret allows.</summary>
internal enum SecretAccess
{
    /// <summary>No secret, or one that matches neither.</summary>
    None,

    /// <summary>The read secret: reads only.</summary>
    Read,

    /// <summary>The admin secret: reads and changes.</summary>
    Admin,
}

/// <summary>
/// The service's two secrets, compared in constant time: both sides are hashed first (SHA-256), so neither the content
/// nor the length of a secret shows in the time a refusal takes.
/// </summary>
internal sealed class BearerSecrets
{
    private readonly byte[] _admin;
    private readonly byte[]? _read;

    public BearerSecrets(string adminSecret, string? readSecret)
    {
        _admin = Hash(adminSecret);
        _read = readSecret is null ? null : Hash(readSecret);
    }

    /// <summary>Whether reads need a secret.</summary>
    public bool ReadsNeedSecret => _read is not null;

    public SecretAccess Check(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return SecretAccess.None;
        var given = Hash(header[scheme.Length..].Trim());
        if (CryptographicOperations.FixedTimeEquals(given, _admin)) return SecretAccess.Admin;
        if (_read is not null && CryptographicOperations.FixedTimeEquals(given, _read)) return SecretAccess.Read;
        return SecretAccess.None;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
