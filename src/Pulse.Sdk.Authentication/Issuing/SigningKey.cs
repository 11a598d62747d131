using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Pulse.Sdk.Authentication.Issuing;

/// <summary>
/// The RSA key the authentication role signs tokens with (RS256), its key id (<c>kid</c>), and its public half as a
/// JSON Web Key for the JWKS.
/// </summary>
public sealed class SigningKey : IDisposable
{
    /// <summary>The signing algorithm: <c>RS256</c>.</summary>
    public const string Algorithm = SecurityAlgorithms.RsaSha256;

    /// <summary>The smallest RSA key accepted, in bits.</summary>
    public const int MinKeySizeBits = 2048;

    private readonly RSA _rsa;

    private SigningKey(RSA rsa, string? keyId)
    {
        if (rsa.KeySize < MinKeySizeBits)
            throw new ArgumentException($"the RSA key has {rsa.KeySize} bits; at least {MinKeySizeBits} are needed");
        _rsa = rsa;
        var p = rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64UrlEncoder.Encode(p.Modulus);
        Exponent = Base64UrlEncoder.Encode(p.Exponent);
        KeyId = keyId ?? Thumbprint(Modulus, Exponent);
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        PublicKey = new RsaSecurityKey(p) { KeyId = KeyId };
    }

    /// <summary>The key id, in the <c>kid</c> header of every token and in the JWKS.</summary>
    public string KeyId { get; }

    /// <summary>The private key, for signing.</summary>
    public SecurityKey SecurityKey { get; }

    /// <summary>The public key only, for validating in process.</summary>
    public SecurityKey PublicKey { get; }

    /// <summary>The modulus <c>n</c>, base64url.</summary>
    public string Modulus { get; }

    /// <summary>The exponent <c>e</c>, base64url.</summary>
    public string Exponent { get; }

    /// <summary>A new 2048-bit key.</summary>
    /// <param name="keyId">The <c>kid</c>; the key's RFC 7638 thumbprint when null.</param>
    public static SigningKey Generate(string? keyId = null) => new(RSA.Create(MinKeySizeBits), keyId);

    /// <summary>The key in <paramref name="pem"/> (PKCS#8 or PKCS#1 RSA private key).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="keyId">The <c>kid</c>; the key's RFC 7638 thumbprint when null.</param>
    /// <exception cref="ArgumentException">The text holds no RSA private key of at least 2048 bits.</exception>
    public static SigningKey FromPem(string pem, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            // A public key imports too, but cannot sign.
            _ = rsa.ExportParameters(includePrivateParameters: true);
            return new SigningKey(rsa, keyId);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new ArgumentException($"expected a PEM RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) of at least {MinKeySizeBits} bits: {e.Message}", nameof(pem), e);
        }
    }

    /// <summary>The key in the PEM file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="keyId">The <c>kid</c>; the key's RFC 7638 thumbprint when null.</param>
    /// <exception cref="ArgumentException">The file cannot be read or holds no usable key; the message names the file.</exception>
    public static SigningKey FromPemFile(string path, string? keyId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return FromPem(File.ReadAllText(path, Encoding.UTF8), keyId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ArgumentException($"signing key '{path}': {e.Message}", nameof(path), e);
        }
    }

    /// <summary>
    /// The key in the PEM file at <paramref name="path"/>; when there is no such file, a new 2048-bit key written there
    /// first (PKCS#8, created owner read/write only, written aside and renamed into place so that a crash leaves no
    /// half key and two replicas starting together end with the same one).
    /// </summary>
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="keyId">The <c>kid</c>; the key's RFC 7638 thumbprint when null.</param>
    /// <param name="created">Whether this call wrote the file.</param>
    /// <exception cref="ArgumentException">The file cannot be read or written, or holds no usable key; the message names the file.</exception>
    public static SigningKey LoadOrCreatePemFile(string path, string? keyId, out bool created)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        created = false;
        if (!File.Exists(path))
        {
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                using (var rsa = RSA.Create(MinKeySizeBits))
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    using var stream = new FileStream(temp, options);
                    stream.Write(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: false);
                created = true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process wrote it first: use theirs.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"signing key '{path}': cannot write a new key there: {e.Message}", nameof(path), e);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        return FromPemFile(path, keyId);
    }

    /// <summary>The public key as the JWK of the JWKS: <c>{"kty":"RSA","kid":...,"n":...,"e":...,"use":"sig","alg":"RS256"}</c>.</summary>
    public IReadOnlyDictionary<string, string> ToJwk() => new Dictionary<string, string>
    {
        ["kty"] = "RSA",
        ["kid"] = KeyId,
        ["n"] = Modulus,
        ["e"] = Exponent,
        ["use"] = "sig",
        ["alg"] = Algorithm,
    };

    /// <summary>Releases the RSA key.</summary>
    public void Dispose() => _rsa.Dispose();

    // RFC 7638: SHA-256 of the required members in lexicographic order, no spaces.
    internal static string Thumbprint(string n, string e) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""")));
}
