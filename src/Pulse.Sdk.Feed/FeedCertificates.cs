using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pulse.Sdk.Feed;

/// <summary>
/// Reads the certificates of the feed protocol's TLS from files, for hosts that are given paths: a server's
/// certificate with its key (<see cref="FeedServerOptions.Certificate"/>) and the certificates a client trusts
/// (<see cref="FeedClientTlsOptions.TrustedCertificates"/>).
/// </summary>
public static class FeedCertificates
{
    /// <summary>
    /// A server certificate with its private key: a PEM certificate and a PEM key (PKCS#8, or PKCS#1/SEC1 when not
    /// encrypted), or both in one PEM file, or a PFX (PKCS#12) file.
    /// </summary>
    /// <param name="certificatePath">The PEM certificate (the first certificate in it is the server's), or a PFX file.</param>
    /// <param name="keyPath">The PEM private key; <see langword="null"/> when it is in <paramref name="certificatePath"/>.</param>
    /// <param name="password">The password of an encrypted PEM key or of the PFX; <see langword="null"/> for none. Never put in a message.</param>
    /// <returns>The certificate, with its private key.</returns>
    /// <exception cref="ArgumentException">A file is missing or unreadable, holds no certificate or key, or the key is not the certificate's; the message names the file.</exception>
    public static X509Certificate2 LoadServerCertificate(string certificatePath, string? keyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        var certificate = Load(certificatePath, keyPath, () =>
        {
            if (keyPath is null && !IsPem(certificatePath)) return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
            return password is null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        });
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"'{certificatePath}' holds a certificate without its private key: give the key file too, or a PFX that holds it.");
        }

        if (!OperatingSystem.IsWindows()) return certificate;

        // Windows' TLS stack cannot use the ephemeral key of a PEM import: give it one from a PKCS#12 export.
        using (certificate) return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The certificates of a PEM file (a CA, a bundle of them, or a self-signed server certificate), or of one DER certificate.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its certificates, at least one.</returns>
    /// <exception cref="ArgumentException">The file is missing or unreadable or holds no certificate; the message names it.</exception>
    public static X509Certificate2Collection LoadTrustedCertificates(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Load(path, null, () =>
        {
            var certificates = new X509Certificate2Collection();
            if (IsPem(path)) certificates.ImportFromPemFile(path);
            else certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            if (certificates.Count == 0) throw new CryptographicException("it holds no PEM 'CERTIFICATE' block");
            return certificates;
        });
    }

    private static T Load<T>(string path, string? keyPath, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var files = keyPath is null ? $"'{path}'" : $"'{path}' with the key '{keyPath}'";
            throw new ArgumentException($"cannot load the certificate {files}: {ex.Message}", ex);
        }
    }

    private static bool IsPem(string path)
    {
        // PEM is text with a "-----BEGIN" line; PFX and DER are binary.
        using var file = File.OpenRead(path);
        var head = new byte[Math.Min(4096, file.Length)];
        file.ReadExactly(head);
        return head.AsSpan().IndexOf("-----BEGIN"u8) >= 0;
    }
}
