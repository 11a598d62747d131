using System.Net;
using Pulse.Sdk.Feed;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pulse.Testing;

/// <summary>Throwaway CAs and server certificates made in process (no files), for the TLS tests.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed CA with its key, valid from a year ago for ten years.</summary>
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost, issued by <paramref name="ca"/>, with its key.</summary>
    public static X509Certificate2 IssueServer(X509Certificate2 ca, string name = "feed-test-server", DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        var end = notAfter ?? now.AddYears(1);
        using var issued = request.Create(ca, now.AddDays(-1), end, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Client TLS settings that trust <paramref name="ca"/> only.</summary>
    public static FeedClientTlsOptions Trusting(X509Certificate2 ca, string? serverName = null) => new() { TrustedCertificates = [ca], ServerName = serverName };
}
