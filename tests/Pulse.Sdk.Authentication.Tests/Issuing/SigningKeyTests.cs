using System.Security.Cryptography;
using Pulse.Sdk.Authentication.Issuing;

namespace Pulse.Sdk.Authentication.Tests.Issuing;

public sealed class SigningKeyTests
{
    [Fact]
    public void The_default_kid_is_the_rfc_7638_thumbprint()
    {
        // RFC 7638 §3.1.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", SigningKey.Thumbprint(n, "AQAB"));
        using var key = SigningKey.Generate();
        Assert.Equal(SigningKey.Thumbprint(key.Modulus, key.Exponent), key.KeyId);
        using var named = SigningKey.Generate("k-2030");
        Assert.Equal("k-2030", named.KeyId);
    }

    [Fact]
    public void A_pem_file_gives_the_same_key_every_time()
    {
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(Path.GetTempPath(), $"pulse-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        try
        {
            using var a = SigningKey.FromPemFile(path);
            using var b = SigningKey.FromPemFile(path);
            Assert.Equal(a.KeyId, b.KeyId);
            Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), a.Modulus);
            using var pkcs1 = SigningKey.FromPem(rsa.ExportRSAPrivateKeyPem());
            Assert.Equal(a.KeyId, pkcs1.KeyId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Public_only_small_or_missing_keys_are_refused_with_the_file_named()
    {
        using var rsa = RSA.Create(2048);
        var e = Assert.Throws<ArgumentException>(() => SigningKey.FromPem(rsa.ExportSubjectPublicKeyInfoPem()));
        Assert.Contains("expected a PEM RSA private key", e.Message);
        using var small = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => SigningKey.FromPem(small.ExportPkcs8PrivateKeyPem()));
        var missing = Assert.Throws<ArgumentException>(() => SigningKey.FromPemFile("/nonexistent/key.pem"));
        Assert.Contains("signing key '/nonexistent/key.pem'", missing.Message);
    }
}
