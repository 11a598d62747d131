using System.Net;
using Microsoft.Extensions.Logging;

namespace Pulse.Sdk.Feed;

/// <summary>
/// The Load Distribution Server: one upstream subscription (a <see cref="FeedClient"/> to the sender) re-broadcast
/// through a <see cref="FeedServer"/> to many receivers, each with its own filters and resume point. LDS-VQ is the
/// same class configured for the virtual-queue stream.
/// </summary>
/// <remarks>
/// Metrics (meter <c>Pulse.Sdk.Feed</c>, label <c>lds</c> = <see cref="Name"/>, and <c>sender</c> where published so):
/// <c>pulse_lds_uptime_seconds</c>, <c>pulse_lds_senders_number</c> (upstreams connected, 0 or 1),
/// <c>pulse_lds_receivers_number</c>, <c>pulse_lds_sender_connected_seconds</c>,
/// <c>pulse_lds_sender_disconnected_seconds</c>, <c>pulse_lds_sender_registered_dns_number</c> (distinct DNs the
/// receivers registered). The upstream subscription itself takes everything its options ask for; receivers filter at
/// the LDS. The LDS numbers its own stream: offsets are the LDS's, not the sender's.
/// </remarks>
public sealed class Lds : IAsyncDisposable
{
    private readonly long _started;

    /// <summary>Creates the LDS; nothing connects before <see cref="Start"/>.</summary>
    /// <param name="options">The upstream and the server.</param>
    /// <param name="loggerFactory">Gives the upstream client's and the server's loggers (docs/protocol.md, "Logging"); <see langword="null"/> logs nothing.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public Lds(LdsOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        Options = options;
        var upstream = options.Upstream with { Name = options.Upstream.Name ?? $"{options.Name}:{options.Upstream.Host}:{options.Upstream.Port}" };
        Upstream = new FeedClient(upstream, loggerFactory?.CreateLogger<FeedClient>());
        var serverOptions = options.Server.Name == new FeedServerOptions().Name ? options.Server with { Name = options.Name } : options.Server;
        Server = new FeedServer(Upstream, serverOptions, loggerFactory?.CreateLogger<FeedServer>());
        _started = serverOptions.TimeProvider.GetTimestamp();
        FeedMetrics.Register(this);
    }

    /// <summary>The options in force.</summary>
    public LdsOptions Options { get; }

    /// <summary>The LDS's name (label <c>lds</c>).</summary>
    public string Name => Options.Name;

    /// <summary>The sender's name (label <c>sender</c>): <c>host:port</c> of the upstream.</summary>
    public string SenderName => $"{Options.Upstream.Host}:{Options.Upstream.Port}";

    /// <summary>The upstream connection.</summary>
    public FeedClient Upstream { get; }

    /// <summary>The server the receivers connect to.</summary>
    public FeedServer Server { get; }

    /// <summary>Where receivers connect, once started.</summary>
    public IPEndPoint? LocalEndPoint => Server.LocalEndPoint;

    /// <summary>Time since the LDS was created.</summary>
    public TimeSpan Uptime => Server.Options.TimeProvider.GetElapsedTime(_started);

    /// <summary>Upstream senders connected: 1 or 0.</summary>
    public int SendersConnected => Upstream.IsConnected ? 1 : 0;

    /// <summary>Receivers connected.</summary>
    public int ReceiversNumber => Server.ReceiverCount;

    /// <summary>Distinct DNs registered by the receivers.</summary>
    public int RegisteredDnsNumber => Server.CountRegisteredDns();

    /// <summary>Connects upstream and listens for receivers on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">Where receivers connect (port 0 picks one).</param>
    public void Start(IPEndPoint endPoint) => Server.Start(endPoint);

    /// <summary>Runs an LDS on <paramref name="endPoint"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="options">The upstream and the server.</param>
    /// <param name="endPoint">Where receivers connect.</param>
    /// <param name="cancellationToken">Stops the LDS.</param>
    /// <returns>A task that completes when the LDS has stopped.</returns>
    public static async Task RunAsync(LdsOptions options, IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        var lds = new Lds(options);
        await using (lds.ConfigureAwait(false))
        {
            lds.Start(endPoint);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Closes the receivers (<c>bye</c> <c>server_shutdown</c>) and the upstream connection.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        Upstream.Dispose();
        FeedMetrics.Unregister(this);
    }
}
