using System.Security.Cryptography.X509Certificates;

namespace Pulse.Sdk.Feed;

/// <summary>
/// TLS of a <see cref="FeedClient"/> (<see cref="FeedClientOptions.Tls"/>): the server's certificate must carry
/// <see cref="ServerName"/> and chain to a trusted root: the system's, or <see cref="TrustedCertificates"/> for a
/// deployment with its own CA. There is no switch that skips validation.
/// </summary>
public sealed record FeedClientTlsOptions
{
    /// <summary>
    /// The name the server's certificate must carry (a DNS name or an IP address among its subject alternative names);
    /// also sent as SNI when it is a DNS name. <see langword="null"/> (default): <see cref="FeedClientOptions.Host"/>.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// The roots to trust instead of the system's store: the deployment's CA, or a self-signed server certificate itself
    /// (<see cref="FeedCertificates.LoadTrustedCertificates"/> reads them from a PEM file). Empty (default): the system's
    /// trust store.
    /// </summary>
    public IReadOnlyList<X509Certificate2> TrustedCertificates { get; init; } = [];

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ServerName is not null && string.IsNullOrWhiteSpace(ServerName))
            errors.Add("FeedClientOptions.Tls.ServerName must not be blank: set the name in the server's certificate, or null for FeedClientOptions.Host.");
        if (TrustedCertificates is null || TrustedCertificates.Any(c => c is null))
            errors.Add("FeedClientOptions.Tls.TrustedCertificates must not be null or hold null: use an empty list for the system's trust store.");
        return errors;
    }
}
