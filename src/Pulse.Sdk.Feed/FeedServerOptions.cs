using System.Net;
using System.Security.Cryptography.X509Certificates;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>Options of a <see cref="FeedServer"/>; checked by <see cref="Validate"/> when the server is created.</summary>
public sealed record FeedServerOptions
{
    /// <summary>The server's name in logs and metrics (for example <c>voice</c> or <c>lds</c>). Default <c>feed</c>.</summary>
    public string Name { get; init; } = "feed";

    /// <summary>
    /// The stream id announced in <c>welcome</c>. Clients resume only within the same stream id, so a server that
    /// replays the same upstream after a restart may keep its id; <see langword="null"/> (default) makes a new random id.
    /// </summary>
    public string? StreamId { get; init; }

    /// <summary>
    /// When set, only subscribers whose hello carries this secret are served; others get <c>error unauthorized</c>
    /// (docs/protocol.md, "Subscribers"). At least 16 characters; never logged. Null (default): anyone who connects.
    /// </summary>
    public string? SubscriberSecret { get; init; }

    /// <summary>
    /// The server's certificate, with its private key. When set, every connection is TLS 1.2 or 1.3 from its first byte
    /// (docs/protocol.md, "TLS"): a client that speaks plain TCP is answered <c>error</c> <c>tls_required</c>, and one that
    /// does not complete the TLS handshake within <see cref="HandshakeTimeout"/> is dropped; both are counted with reason
    /// <c>tls</c>. <see cref="FeedCertificates.LoadServerCertificate"/> reads PEM or PFX files. Null (default): plain TCP.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Frames kept for resume (the ring buffer), a power of two. Default 65,536.</summary>
    public int RingCapacity { get; init; } = 64 * 1024;

    /// <summary>
    /// How many frames a receiver may be behind the newest before it is disconnected as a slow consumer (its bounded
    /// queue). At most <see cref="RingCapacity"/>. Default 8,192.
    /// </summary>
    public int ReceiverQueueCapacity { get; init; } = 8 * 1024;

    /// <summary>
    /// Bytes of the stream a receiver may have waiting while its socket takes nothing: when more than this lies between
    /// its cursor and the newest frame (the write the socket has not taken, and everything published since) and that
    /// write has not completed for a heartbeat interval, it is disconnected as a slow consumer (<c>docs/protocol.md</c>,
    /// "Slow receivers"). Catches a receiver that stopped reading on a stream too slow to fill
    /// <see cref="ReceiverQueueCapacity"/> soon. 4,096 to 1 GiB; default 1 MiB.
    /// </summary>
    public int SlowConsumerBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The kernel send buffer of each receiver's socket (<c>SO_SNDBUF</c>; Linux reserves twice this), which bounds what
    /// a receiver that stops reading holds in the server's kernel; the system default grows to megabytes. 0 keeps the
    /// system's. 0 or 4,096 to 16 MiB; default 256 KiB.
    /// </summary>
    public int SendBufferSize { get; init; } = 256 * 1024;

    /// <summary>Interval of the server's pings; a receiver silent for three intervals is dropped. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a new connection has to complete the TLS handshake (with <see cref="Certificate"/>) and send its <c>hello</c>. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest frame accepted from a client, in bytes. Default 65,536.</summary>
    public int MaxLineBytes { get; init; } = FeedProtocol.DefaultMaxLineBytes;

    /// <summary>Most receivers connected at once; more are refused with an error. Default 10,000.</summary>
    public int MaxReceivers { get; init; } = 10_000;

    /// <summary>
    /// Receivers to dial instead of waiting for them (the push direction, docs/protocol.md, "Push direction (the upstream
    /// connects)"): for each, the server connects to a <see cref="FeedClient"/> listening there
    /// (<see cref="FeedClientOptions.Listen"/>) and serves that connection exactly as an accepted one (the receiver says
    /// hello; secret, filters, resume and TLS as usual). A connection that cannot be made within
    /// <see cref="HandshakeTimeout"/>, or that ends, is dialled again after <see cref="PushInitialBackoff"/>, doubling up to
    /// <see cref="PushMaxBackoff"/>, until the server is disposed. <see cref="FeedServer.PushTargets"/> shows each one's
    /// state. Empty (default): none; the server only accepts.
    /// </summary>
    public IReadOnlyList<DnsEndPoint> PushTo { get; init; } = [];

    /// <summary>The first wait before dialling a <see cref="PushTo"/> receiver again. Default 100 ms.</summary>
    public TimeSpan PushInitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait before dialling a <see cref="PushTo"/> receiver again (the wait doubles up to it). Default 5 s.</summary>
    public TimeSpan PushMaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for heartbeats and timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called for each frame rejected from a client (bad JSON, unknown type, too long ...), on a connection's task.</summary>
    public Action<EventRejectedException>? OnRejected { get; init; }

    /// <summary>Called when a receiver is disconnected, with the reason, on the task that noticed it.</summary>
    public Action<FeedReceiverDisconnected>? OnReceiverDisconnected { get; init; }

    /// <summary>Every problem of these options, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("FeedServerOptions.Name must not be empty: set a short name such as 'voice' or 'lds'.");
        if (SubscriberSecret is { Length: < 16 })
            errors.Add("FeedServerOptions.SubscriberSecret is too short: set at least 16 characters (a random string shared with the subscribers), or null for none.");
        if (RingCapacity < 16 || RingCapacity > (1 << 26) || (RingCapacity & (RingCapacity - 1)) != 0)
            errors.Add($"FeedServerOptions.RingCapacity is {RingCapacity}: set a power of two from 16 to 67,108,864 (default 65,536).");
        if (ReceiverQueueCapacity < 1 || ReceiverQueueCapacity > RingCapacity)
            errors.Add($"FeedServerOptions.ReceiverQueueCapacity is {ReceiverQueueCapacity}: set 1 to RingCapacity ({RingCapacity}).");
        if (SlowConsumerBytes < 4096 || SlowConsumerBytes > (1 << 30))
            errors.Add($"FeedServerOptions.SlowConsumerBytes is {SlowConsumerBytes}: set 4,096 to 1,073,741,824 bytes (default 1,048,576).");
        if (SendBufferSize != 0 && (SendBufferSize < 4096 || SendBufferSize > (16 << 20)))
            errors.Add($"FeedServerOptions.SendBufferSize is {SendBufferSize}: set 4,096 to 16,777,216 bytes, or 0 for the system's default (default 262,144).");
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(1)) errors.Add("FeedServerOptions.HeartbeatInterval must be at least 1 ms (default 5 s).");
        if (HandshakeTimeout <= TimeSpan.Zero) errors.Add("FeedServerOptions.HandshakeTimeout must be positive (default 10 s).");
        if (MaxLineBytes < 256 || MaxLineBytes > FeedProtocol.MaxMaxLineBytes)
            errors.Add($"FeedServerOptions.MaxLineBytes is {MaxLineBytes}: set 256 to {FeedProtocol.MaxMaxLineBytes} (default 65,536).");
        if (MaxReceivers < 1) errors.Add("FeedServerOptions.MaxReceivers must be at least 1 (default 10,000).");
        if (TimeProvider is null) errors.Add("FeedServerOptions.TimeProvider must not be null: use TimeProvider.System.");
        ValidatePush(errors);
        if (Certificate is { } certificate)
        {
            if (!certificate.HasPrivateKey)
                errors.Add($"FeedServerOptions.Certificate ({certificate.Subject}) has no private key: load the certificate with its key (FeedCertificates.LoadServerCertificate with the key file, or a PFX that holds it).");
            if (certificate.NotAfter.ToUniversalTime() < (TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime)
                errors.Add($"FeedServerOptions.Certificate ({certificate.Subject}) expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: renew it; clients would refuse it.");
        }
        return errors;
    }

    private void ValidatePush(List<string> errors)
    {
        if (PushTo is null || PushTo.Any(t => t is null))
            errors.Add("FeedServerOptions.PushTo must not be null or hold null: use an empty list to dial no receiver.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in PushTo?.OfType<DnsEndPoint>() ?? [])
        {
            if (target.Port < 1) errors.Add($"FeedServerOptions.PushTo holds {target.Host}:{target.Port}: set the port the receiver listens on, 1 to 65535 (the seed's DCU: 2060).");
            else if (!seen.Add($"{target.Host}:{target.Port}")) errors.Add($"FeedServerOptions.PushTo lists {target.Host}:{target.Port} twice: give each receiver once (it takes one upstream connection at a time).");
        }

        if (PushInitialBackoff <= TimeSpan.Zero) errors.Add("FeedServerOptions.PushInitialBackoff must be positive (default 100 ms).");
        if (PushMaxBackoff < PushInitialBackoff) errors.Add($"FeedServerOptions.PushMaxBackoff ({PushMaxBackoff}) must be at least PushInitialBackoff ({PushInitialBackoff}).");
    }
}
