using System.Security.Cryptography.X509Certificates;
using Pulse.Sdk.Feed;

namespace Pulse.Host.Roles;

/// <summary>
/// TLS on the feed ports (docs/protocol.md, "TLS"): <c>--feed-tls-cert</c> and <c>--feed-tls-key</c> (PEM) give a
/// serving role its certificate; <c>--feed-tls-ca</c> makes a subscribing role connect with TLS, trusting that CA (or
/// <c>system</c>: the system's store). Files are read at start, so a bad one stops the role with exit code 2.
/// </summary>
internal static class FeedTlsSettings
{
    /// <summary>The keyword of <c>--feed-tls-ca</c> for the system's trust store.</summary>
    public const string SystemStore = "system";

    /// <summary>The server certificate of <c>--feed-tls-cert</c> (with <c>--feed-tls-key</c>, or its key in the same PEM file); null for plain TCP.</summary>
    /// <exception cref="UsageException">A file is missing or bad, the key is not the certificate's, or the certificate has expired.</exception>
    public static X509Certificate2? ServerCertificate(HostSettings settings)
    {
        var certificatePath = settings.Get("--feed-tls-cert");
        var keyPath = settings.Get("--feed-tls-key");
        if (certificatePath is null)
        {
            if (keyPath is not null) throw new UsageException("--feed-tls-key: give --feed-tls-cert too (the certificate of that key)");
            return null;
        }

        if (!File.Exists(certificatePath)) throw new UsageException($"--feed-tls-cert: no file '{certificatePath}' (a PEM certificate)");
        if (keyPath is not null && !File.Exists(keyPath)) throw new UsageException($"--feed-tls-key: no file '{keyPath}' (the PEM private key of --feed-tls-cert)");
        try
        {
            var certificate = FeedCertificates.LoadServerCertificate(certificatePath, keyPath);
            if (new FeedServerOptions { Certificate = certificate }.Validate() is { Count: > 0 } errors)
                throw new UsageException($"--feed-tls-cert: {string.Join("; ", errors)}");
            return certificate;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--feed-tls-cert: {ex.Message}");
        }
    }

    /// <summary>The client TLS of <c>--feed-tls-ca FILE|system</c>; null for plain TCP.</summary>
    /// <exception cref="UsageException">The file is missing or holds no certificate.</exception>
    public static FeedClientTlsOptions? ClientTls(HostSettings settings)
    {
        if (settings.Get("--feed-tls-ca") is not { } path) return null;
        if (path == SystemStore) return new FeedClientTlsOptions();
        if (!File.Exists(path)) throw new UsageException($"--feed-tls-ca: no file '{path}' (a PEM CA certificate, or 'system' for the system's trust store)");
        try
        {
            return new FeedClientTlsOptions { TrustedCertificates = [.. FeedCertificates.LoadTrustedCertificates(path)] };
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--feed-tls-ca: {ex.Message}");
        }
    }
}
