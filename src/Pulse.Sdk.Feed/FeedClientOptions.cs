using System.Net;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>Options of a <see cref="FeedClient"/>; checked by <see cref="Validate"/> when the client is created.</summary>
public sealed record FeedClientOptions
{
    /// <summary>The server's host name or address. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The server's TCP port (for example 8000 for the Voice SIP Service, 7120 for the Interaction Server).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Listen here for the upstream's connection instead of dialling <see cref="Host"/>:<see cref="Port"/> (the push
    /// direction, docs/protocol.md, "Push direction (the upstream connects)"): a <see cref="FeedServer"/> with this address
    /// in its <see cref="FeedServerOptions.PushTo"/> connects, and the client says hello and reads exactly as after a
    /// connect (secret, filters, resume, TLS as the client). The client listens while it is read; port 0 picks a free port
    /// (<see cref="FeedClient.ListenEndPoint"/>). One upstream connection at a time: one arriving while another is open
    /// is closed at once, reported to <see cref="OnConnectFailed"/> and counted
    /// (<c>pulse_feed_client_refused_connections_total</c>). With <see cref="Tls"/>, <see cref="FeedClientTlsOptions.ServerName"/>
    /// is required. <see langword="null"/> (default): dial.
    /// </summary>
    public IPEndPoint? Listen { get; init; }

    /// <summary>The source name in logs and metrics; <see langword="null"/> (default) gives <c>feed://host:port</c>, or <c>feed-listen://address:port</c> with <see cref="Listen"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The client id sent in <c>hello</c>. Default <c>pulse-sdk</c>.</summary>
    public string ClientId { get; init; } = "pulse-sdk";

    /// <summary>Tenants wanted; empty (default) for all.</summary>
    public IReadOnlyList<string> Tenants { get; init; } = [];

    /// <summary>Source streams wanted; empty (default) for all.</summary>
    public IReadOnlyList<EventSourceKind> Sources { get; init; } = [];

    /// <summary>Registered DNs: only events whose <c>dn</c>, <c>otherDn</c> or <c>thirdPartyDn</c> is one of them; empty (default) for all.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>The offset to resume from on the first connection (the last one this client's user holds), with <see cref="StreamId"/>; <see langword="null"/> (default) starts from the newest.</summary>
    public long? ResumeFrom { get; init; }

    /// <summary>The stream <see cref="ResumeFrom"/> belongs to, when known.</summary>
    public string? StreamId { get; init; }

    /// <summary>The server's subscriber secret, sent in the hello (docs/protocol.md, "Subscribers"); null when the server requires none.</summary>
    public string? Secret { get; init; }

    /// <summary>
    /// TLS to the server (docs/protocol.md, "TLS"): set when the server has a certificate. A certificate that does not
    /// validate fails the attempt (reported to <see cref="OnConnectFailed"/>) and the client retries with its backoff.
    /// <see langword="null"/> (default): plain TCP.
    /// </summary>
    public FeedClientTlsOptions? Tls { get; init; }

    /// <summary>Interval of the client's pings; a server silent for three intervals is dropped and the client reconnects. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed to connect and receive the <c>welcome</c>. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first reconnection delay. Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest reconnection delay. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each failed attempt multiplies the delay by this. Default 2.</summary>
    public double BackoffMultiplier { get; init; } = 2;

    /// <summary>Random spread of each delay, as a fraction: 0.2 gives ±20 %. Default 0.2.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Seed of the jitter's random numbers (tests); <see langword="null"/> (default) for a shared random source.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The longest frame accepted, in bytes. Default 65,536.</summary>
    public int MaxLineBytes { get; init; } = FeedProtocol.DefaultMaxLineBytes;

    /// <summary>The clock for backoff and heartbeats. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called when the server answers <c>resync_required</c>: events were lost; the client goes on from the newest.</summary>
    public Action<FeedResync>? OnResyncRequired { get; init; }

    /// <summary>Called for each frame rejected (bad JSON, unknown type or event, too long, truncated ...).</summary>
    public Action<EventRejectedException>? OnRejected { get; init; }

    /// <summary>
    /// Called when a connection attempt fails before the <c>welcome</c> (refused, timed out, the TLS certificate not
    /// accepted, the server's refusal), with an exception whose message names the server's <c>host:port</c> and the
    /// cause; a TLS failure is an <see cref="System.Security.Authentication.AuthenticationException"/>. The client
    /// retries after its backoff.
    /// </summary>
    public Action<Exception>? OnConnectFailed { get; init; }

    /// <summary>Called when the client connects (<see langword="true"/>) or loses its connection (<see langword="false"/>).</summary>
    public Action<bool>? OnConnectionChanged { get; init; }

    /// <summary>Every problem of these options and of <see cref="Tls"/>, each naming the setting and what to set; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Listen is null)
        {
            if (string.IsNullOrWhiteSpace(Host)) errors.Add("FeedClientOptions.Host must not be empty: set the server's host name or address.");
            if (Port is < 1 or > 65535) errors.Add($"FeedClientOptions.Port is {Port}: set the server's port, 1 to 65535 (8000 voice, 7120 interactions, 7122 interaction VQ), or Listen for the upstream to connect.");
        }
        else
        {
            if (Port != 0) errors.Add($"FeedClientOptions.Port is {Port} and Listen is {Listen}: set one, Port to dial the server or Listen to wait for its connection (the push direction).");
            if (Tls is { ServerName: null })
                errors.Add("FeedClientOptions.Tls.ServerName must be set with Listen: the name the upstream's certificate must carry (a listening client dials no Host to check it against).");
        }

        if (string.IsNullOrWhiteSpace(ClientId)) errors.Add("FeedClientOptions.ClientId must not be empty: set a name the server can log.");
        if (Tenants is null || Sources is null || Dns is null) errors.Add("FeedClientOptions.Tenants, Sources and Dns must not be null: use an empty list for all.");
        if (ResumeFrom is < 0) errors.Add($"FeedClientOptions.ResumeFrom is {ResumeFrom}: set null or an offset >= 0.");
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(1)) errors.Add("FeedClientOptions.HeartbeatInterval must be at least 1 ms (default 5 s).");
        if (ConnectTimeout <= TimeSpan.Zero) errors.Add("FeedClientOptions.ConnectTimeout must be positive (default 10 s).");
        if (InitialBackoff <= TimeSpan.Zero) errors.Add("FeedClientOptions.InitialBackoff must be positive (default 100 ms).");
        if (MaxBackoff < InitialBackoff) errors.Add($"FeedClientOptions.MaxBackoff ({MaxBackoff}) must be at least InitialBackoff ({InitialBackoff}).");
        if (!(BackoffMultiplier >= 1) || double.IsInfinity(BackoffMultiplier)) errors.Add($"FeedClientOptions.BackoffMultiplier is {BackoffMultiplier}: set a finite number >= 1 (default 2).");
        if (!(Jitter >= 0 && Jitter <= 1)) errors.Add($"FeedClientOptions.Jitter is {Jitter}: set a fraction from 0 to 1 (default 0.2).");
        if (MaxLineBytes < 256 || MaxLineBytes > FeedProtocol.MaxMaxLineBytes)
            errors.Add($"FeedClientOptions.MaxLineBytes is {MaxLineBytes}: set 256 to {FeedProtocol.MaxMaxLineBytes} (default 65,536).");
        if (TimeProvider is null) errors.Add("FeedClientOptions.TimeProvider must not be null: use TimeProvider.System.");
        if (Tls is not null) errors.AddRange(Tls.Validate());
        return errors;
    }
}
