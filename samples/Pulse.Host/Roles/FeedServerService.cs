using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Feed;

namespace Pulse.Host.Roles;

/// <summary>Runs a <see cref="FeedServer"/> (an upstream service) or an <see cref="Lds"/> as a hosted service: listens on start, closes on stop.</summary>
internal sealed partial class FeedServerService(FeedServer server, Lds? lds, IPEndPoint endPoint, ILogger<FeedServerService> logger) : IHostedService
{
    /// <summary>
    /// The server options of a role: <c>--ring-capacity</c> (the events held for resuming clients), <c>--feed-secret</c> (the
    /// subscriber secret its clients must send; best given as the environment variable <c>Pulse__FeedSecret</c>, which a
    /// process list does not show), <c>--feed-tls-cert</c>/<c>--feed-tls-key</c> (TLS on the port, <see cref="FeedTlsSettings"/>),
    /// and its name and stream id.
    /// </summary>
    /// <exception cref="UsageException">The ring capacity is not a power of two from 16 to 67,108,864, or a TLS file is bad.</exception>
    public static FeedServerOptions Options(HostSettings settings, string name, string? streamId = null)
    {
        var ring = settings.Int("--ring-capacity", 64 * 1024, 16, 1 << 26);
        if ((ring & (ring - 1)) != 0) throw new UsageException($"--ring-capacity: {ring} is not a power of two; give 16, 32, ... 67108864 (default 65536)");
        var secret = settings.Get("--feed-secret");
        if (secret is { Length: < 16 }) throw new UsageException("--feed-secret: give at least 16 characters (Pulse__FeedSecret), the same to the servers and their clients");
        return new FeedServerOptions
        {
            Name = name, StreamId = streamId, RingCapacity = ring, ReceiverQueueCapacity = Math.Min(8 * 1024, ring), SubscriberSecret = secret,
            Certificate = FeedTlsSettings.ServerCertificate(settings),
        };
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (lds is not null) lds.Start(endPoint);
        else server.Start(endPoint);
        if (!logger.IsEnabled(LogLevel.Information)) return Task.CompletedTask;
        // Built only when logged (CA1873).
        var endPointText = server.LocalEndPoint!.ToString();
        var transport = server.Options.Certificate is { } c ? $"TLS, certificate {c.Subject}" : "plain TCP";
        LogListening(logger, server.Name, endPointText, server.StreamId, transport);
        if (server.Options.PushTo.Count == 0) return Task.CompletedTask;
        var targets = string.Join(", ", server.Options.PushTo.Select(t => $"{t.Host}:{t.Port}"));
        LogPushing(logger, server.Name, targets);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (lds is not null) await lds.DisposeAsync().ConfigureAwait(false);
        else await server.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: feed protocol on {EndPoint} ({Transport}; stream id {StreamId})")]
    private static partial void LogListening(ILogger logger, string name, string endPoint, string streamId, string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: pushing the feed to {Targets} (redialling while one is away; pulse_feed_server_push_connected)")]
    private static partial void LogPushing(ILogger logger, string name, string targets);
}
