using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>
/// Reads a <c>pulse-feed/1</c> server as an <see cref="IEventSource"/>: connects, says hello, yields the events, and
/// when the connection is lost reconnects with exponential backoff and jitter, resuming after the last offset it
/// yielded — no gap and no duplicate while the server still holds that offset.
/// </summary>
/// <remarks>
/// <para>
/// When the server answers <c>resync_required</c> (the offset is no longer held, or the server's stream changed),
/// the client reports it (<see cref="FeedClientOptions.OnResyncRequired"/>, <see cref="ResyncCount"/>,
/// <c>pulse_feed_client_resyncs_total</c>) and goes on from the server's newest event: a live statistics engine is
/// better served by current events than by none, and counts the sequence gap itself.
/// </para>
/// <para>
/// Heartbeats: the client pings every <see cref="FeedClientOptions.HeartbeatInterval"/>, answers the server's pings,
/// and drops a connection it has heard nothing on for three intervals. Bad frames are rejected, counted and reported,
/// and the connection goes on. One enumeration at a time.
/// </para>
/// <para>
/// TLS (<see cref="FeedClientOptions.Tls"/>): the server's certificate is validated at each connection; one that does
/// not validate fails the attempt like a refused connection (reported to <see cref="FeedClientOptions.OnConnectFailed"/>
/// with the reason) and the client retries with its backoff, so a fixed certificate is picked up without a restart.
/// </para>
/// <para>
/// Push direction (<see cref="FeedClientOptions.Listen"/>): the client does not dial but listens, and the upstream
/// server connects to it; from there all is as above. After a connection ends it waits for the next one (the upstream
/// paces its own redialling); one arriving while another is open is closed. A refusal of the handshake
/// (<c>unauthorized</c>, <c>tls_required</c> ...) is reported and the client keeps listening, since whoever can reach
/// the port can connect (docs/protocol.md, "Push direction (the upstream connects)").
/// </para>
/// </remarks>
public sealed class FeedClient : IResumableEventSource, IMonitoredEventSource, IDisposable
{
    private readonly Random _random;
    private readonly long _silenceLimit;
    private long _lastOffset = -1;
    private string? _streamId;
    private int _reading;
    private long _reconnects;
    private long _frames;
    private long _bytes;
    private long _resyncs;
    private long _rejected;
    private long _refused;
    private IPEndPoint? _listenEndPoint;
    private readonly Lock _stateLock = new();
    private bool _connected;
    private long _stateSince;
    private long _connectedTicks;
    private long _disconnectedTicks;
    private int _condition = (int)StreamCondition.Interrupted;
    private long _catchUpTo = -1;
    private readonly ILogger _logger;
    // Connection failures since the last welcome: the first is a warning, the ones after it while the upstream stays away are debug.
    private int _failuresInRow;

    /// <summary>Creates a client; nothing connects before <see cref="ReadAllAsync"/>.</summary>
    /// <param name="options">Where to connect and how.</param>
    /// <param name="logger">
    /// Where connects, disconnects, refused connections, resyncs and rejected frames are logged besides the callbacks
    /// and metrics (docs/protocol.md, "Logging"); <see langword="null"/> logs nothing.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid (the message says which and what to set).</exception>
    public FeedClient(FeedClientOptions options, ILogger<FeedClient>? logger = null)
    {
        _logger = logger ?? NullLogger<FeedClient>.Instance;
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        Options = options;
        Name = options.Name ?? (options.Listen is { } listen ? $"feed-listen://{listen}" : $"feed://{options.Host}:{options.Port}");
        _lastOffset = options.ResumeFrom ?? -1;
        _streamId = options.ResumeFrom is null ? null : options.StreamId;
        _random = options.RandomSeed is { } seed ? new Random(seed) : Random.Shared;
        _silenceLimit = (long)(3 * options.HeartbeatInterval.TotalSeconds * options.TimeProvider.TimestampFrequency);
        _stateSince = options.TimeProvider.GetTimestamp();
        FeedMetrics.Register(this);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The options in force.</summary>
    public FeedClientOptions Options { get; }

    /// <summary>The offset of the last event yielded (or rejected), from which a reconnection resumes; <see langword="null"/> before the first.</summary>
    public long? LastOffset => Interlocked.Read(ref _lastOffset) is var v && v >= 0 ? v : null;

    /// <summary>The server's stream id, once welcomed.</summary>
    public string? StreamId => Volatile.Read(ref _streamId);

    /// <inheritdoc />
    public IReadOnlyList<EventSourceKind> Kinds => Options.Sources;

    /// <summary>
    /// <see cref="StreamCondition.Current"/> once connected and caught up with what the server held at the handshake;
    /// <see cref="StreamCondition.Interrupted"/> before the first connection and while disconnected;
    /// <see cref="StreamCondition.EventsLost"/> after the server answered <c>resync_required</c>, until current again.
    /// </summary>
    public StreamCondition Condition => (StreamCondition)Volatile.Read(ref _condition);

    /// <inheritdoc />
    public event Action<StreamCondition>? ConditionChanged;

    /// <summary>Whether the client is connected and welcomed.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_stateLock) return _connected;
        }
    }

    /// <summary>Connection attempts after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Frames received (events, pings, control frames, rejected ones).</summary>
    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>Bytes received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);

    /// <summary>Times the server answered <c>resync_required</c>.</summary>
    public long ResyncCount => Interlocked.Read(ref _resyncs);

    /// <summary>Frames rejected.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>With <see cref="FeedClientOptions.Listen"/>: the address listened on while the client is read (the real port when asked for port 0); otherwise <see langword="null"/>.</summary>
    public IPEndPoint? ListenEndPoint => Volatile.Read(ref _listenEndPoint);

    /// <summary>With <see cref="FeedClientOptions.Listen"/>: upstream connections closed because another one was open.</summary>
    public long RefusedConnections => Interlocked.Read(ref _refused);

    /// <summary>Total time connected.</summary>
    public TimeSpan ConnectedTime => StateTime(connected: true);

    /// <summary>Total time not connected, since the client was created.</summary>
    public TimeSpan DisconnectedTime => StateTime(connected: false);

    /// <summary>
    /// Connects (or, with <see cref="FeedClientOptions.Listen"/>, listens and accepts) and yields events until
    /// <paramref name="cancellationToken"/> is cancelled (then throws <see cref="OperationCanceledException"/> after a
    /// <c>bye</c>); lost connections are re-established.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events, in stream order.</returns>
    /// <exception cref="InvalidOperationException">The client is already being read, or the server it dials refused the protocol version or the hello, or requires TLS (a configuration error that retrying cannot fix).</exception>
    /// <exception cref="SocketException">With <see cref="FeedClientOptions.Listen"/>: the address cannot be bound.</exception>
    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0) throw new InvalidOperationException($"feed client '{Name}' is already being read: create one client per reader");
        FeedClientListener? listener = null;
        try
        {
            if (Options.Listen is { } listen)
            {
                listener = FeedClientListener.Start(this, listen);
                Volatile.Write(ref _listenEndPoint, listener.LocalEndPoint);
            }

            int failures = 0;
            bool first = true;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Listening, the upstream paces its own dialling: the next connection is taken as it comes.
                if (failures > 0 && listener is null) await Task.Delay(NextBackoff(failures), Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                if (!first)
                {
                    Interlocked.Increment(ref _reconnects);
                    FeedMetrics.ClientReconnects.Add(1, new KeyValuePair<string, object?>("client", Name));
                }

                first = false;
                var (connection, outcome) = await ConnectAsync(listener, cancellationToken).ConfigureAwait(false);
                if (connection is null)
                {
                    listener?.Release();
                    failures = outcome == ConnectOutcome.Resync ? 0 : failures + 1;
                    continue;
                }

                SetConnected(true);
                try
                {
                    while (true)
                    {
                        var evt = await connection.NextEventAsync(cancellationToken).ConfigureAwait(false);
                        if (evt is null) break;
                        yield return evt;
                        // Caught up with what the server held when it welcomed us: from now on the stream is live.
                        if (_catchUpTo >= 0 && Interlocked.Read(ref _lastOffset) >= _catchUpTo)
                        {
                            _catchUpTo = -1;
                            SetCondition(StreamCondition.Current);
                        }
                    }
                }
                finally
                {
                    connection.Dispose();
                    listener?.Release();
                    SetConnected(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                failures = 1;
            }
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
                Volatile.Write(ref _listenEndPoint, null);
            }

            Volatile.Write(ref _reading, 0);
        }
    }

    /// <inheritdoc />
    long? IResumableEventSource.Position => LastOffset;

    /// <summary>
    /// Makes the next connection resume after <paramref name="position"/> of stream <paramref name="streamId"/> (as
    /// <see cref="FeedClientOptions.ResumeFrom"/> and <see cref="FeedClientOptions.StreamId"/> would): the Data
    /// Collection Unit calls it with the position of its checkpoint before reading the client.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The client is being read.</exception>
    public void ResumeAfter(long position, string? streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (Volatile.Read(ref _reading) != 0) throw new InvalidOperationException($"feed client '{Name}' is being read: set where it resumes before reading it");
        Interlocked.Exchange(ref _lastOffset, position);
        Volatile.Write(ref _streamId, streamId);
    }

    /// <summary>Stops reporting this client's metrics.</summary>
    public void Dispose() => FeedMetrics.Unregister(this);

    internal void SetLastOffset(long offset) => Interlocked.Exchange(ref _lastOffset, offset);

    internal void Reject(string reason, string message)
    {
        Interlocked.Increment(ref _rejected);
        FeedMetrics.FramesRejected.Add(1, new("connection", Name), new("reason", reason));
        FeedLog.ClientRejected(_logger, Name, reason, message);
        Options.OnRejected?.Invoke(new EventRejectedException(Name, 0, $"{reason}: {message}"));
    }

    /// <summary>Closes an upstream connection that arrived while another was open (push direction), counted and reported.</summary>
    internal void Refuse(Socket socket)
    {
        var remote = FeedSockets.Peer(socket);
        Close(socket, null);
        Interlocked.Increment(ref _refused);
        FeedMetrics.ClientRefusedConnections.Add(1, new KeyValuePair<string, object?>("client", Name));
        ReportConnectFailure(new IOException($"feed client '{Name}' closed the upstream connection from {remote}: it takes one at a time and one is open (FeedClientOptions.Listen)"));
    }

    internal void CountFrame(long bytes)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, bytes);
        var tag = new KeyValuePair<string, object?>("client", Name);
        FeedMetrics.ClientFrames.Add(1, tag);
        FeedMetrics.ClientBytes.Add(bytes, tag);
    }

    internal long SilenceLimit => _silenceLimit;

    private TimeSpan NextBackoff(int failures)
    {
        double ms = Options.InitialBackoff.TotalMilliseconds * Math.Pow(Options.BackoffMultiplier, Math.Min(failures - 1, 64));
        ms = Math.Min(ms, Options.MaxBackoff.TotalMilliseconds);
        double spread = Options.Jitter * (2 * _random.NextDouble() - 1);
        return TimeSpan.FromMilliseconds(Math.Max(1, ms * (1 + spread)));
    }

    /// <summary>
    /// Dials the server, or with <paramref name="listener"/> takes the next upstream connection (<see cref="FeedClientOptions.ConnectTimeout"/>
    /// then runs from there), and does the handshake.
    /// </summary>
    private async Task<(FeedClientConnection?, ConnectOutcome)> ConnectAsync(FeedClientListener? listener, CancellationToken cancellationToken)
    {
        var socket = listener is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        var peer = listener is null ? $"{Options.Host}:{Options.Port}" : $"{FeedSockets.Peer(socket)} (connected to {listener.LocalEndPoint})";
        FeedClientConnection? connection = null;
        using var timeout = new CancellationTokenSource(Options.ConnectTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            if (listener is null) await socket.ConnectAsync(Options.Host, Options.Port, linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (Options.Tls is { } tls) stream = await AuthenticateAsync(stream, tls, peer, linked.Token).ConfigureAwait(false);
            connection = new FeedClientConnection(this, socket, stream);
            long? resumeFrom = LastOffset;
            string? streamId = resumeFrom is null ? null : StreamId;
            await connection.SendAsync(FeedFrameCodec.EncodeHello(Options.ClientId, Options.Tenants, Options.Sources, Options.Dns, resumeFrom, streamId, secret: Options.Secret), linked.Token).ConfigureAwait(false);
            var answer = await connection.ReadHandshakeAsync(linked.Token).ConfigureAwait(false);
            if (answer is { Type: FeedFrameType.Welcome })
            {
                Volatile.Write(ref _streamId, answer.StreamId);
                // Resuming behind the newest event: current once that one has been read; otherwise current now.
                if (resumeFrom is { } from && answer.Newest > from) _catchUpTo = answer.Newest;
                else
                {
                    _catchUpTo = -1;
                    SetCondition(StreamCondition.Current);
                }
                connection.StartHeartbeat();
                return (connection, ConnectOutcome.Connected);
            }

            connection.Dispose();
            if (answer is { Type: FeedFrameType.Error, Code: FeedProtocol.ResyncRequired })
            {
                Interlocked.Increment(ref _resyncs);
                FeedMetrics.ClientResyncs.Add(1, new KeyValuePair<string, object?>("client", Name));
                Interlocked.Exchange(ref _lastOffset, -1);
                Volatile.Write(ref _streamId, null);
                FeedLog.ResyncRequired(_logger, Name, resumeFrom, answer.Message ?? "");
                Options.OnResyncRequired?.Invoke(new FeedResync(Name, resumeFrom, answer.Message ?? ""));
                SetCondition(StreamCondition.EventsLost);
                return (null, ConnectOutcome.Resync);
            }

            // Dialling, the server is the one configured: its refusal is a configuration error. Listening, anyone who
            // reaches the port may connect and answer so: the client must not stop for that.
            if (listener is null && answer is { Type: FeedFrameType.Error, Code: FeedProtocol.UnsupportedVersion or FeedProtocol.BadHello or FeedProtocol.Unauthorized or FeedProtocol.TlsRequired })
                throw new InvalidOperationException($"feed server {peer} refused the handshake ({answer.Code}): {answer.Message}");
            ReportConnectFailure(new IOException(answer is null
                ? $"feed server {peer} closed the connection before its welcome"
                : $"feed server {peer} refused the handshake ({answer.Code}): {answer.Message}"));
            return (null, ConnectOutcome.Failed);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException or ObjectDisposedException or AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            if (connection is not null) connection.Dispose();
            else Close(socket, stream);
            ReportConnectFailure(ex switch
            {
                AuthenticationException => ex,
                OperationCanceledException => new TimeoutException($"feed server {peer}: no welcome within {Options.ConnectTimeout.TotalSeconds:0.###} s (ConnectTimeout)", ex),
                _ => new IOException($"feed server {peer}: {ex.Message}", ex),
            });
            return (null, ConnectOutcome.Failed);
        }
        catch
        {
            if (connection is not null) connection.Dispose();
            else Close(socket, stream);
            // A failure that raced the caller's cancellation is the cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }

    /// <summary>
    /// TLS over <paramref name="network"/>: TLS 1.2 or 1.3, the certificate checked against the expected name and the
    /// trusted roots. A failure is an <see cref="AuthenticationException"/> that names the server and what was wrong.
    /// </summary>
    private async Task<SslStream> AuthenticateAsync(Stream network, FeedClientTlsOptions tls, string peer, CancellationToken cancellationToken)
    {
        var serverName = tls.ServerName ?? Options.Host;
        string? rejected = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
            // The callback only records why a certificate failed, for the message; it accepts exactly what validation accepted.
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                rejected = DescribeRejection(certificate, chain, errors, serverName);
                return false;
            },
        };
        if (tls.TrustedCertificates.Count > 0)
        {
            options.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(tls.TrustedCertificates.ToArray());
        }

        var stream = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException(rejected is not null
                ? $"TLS to feed server {peer}: {rejected}"
                : $"TLS to feed server {peer} failed: {ex.Message} (does the server serve TLS? it needs FeedServerOptions.Certificate)", ex);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string DescribeRejection(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string serverName)
    {
        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) problems.Add("RemoteCertificateNotAvailable (the server sent no certificate)");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) problems.Add($"RemoteCertificateNameMismatch (it is not for '{serverName}': set FeedClientOptions.Tls.ServerName to a name it carries)");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct().ToList() ?? [];
            problems.Add($"RemoteCertificateChainErrors ({(statuses.Count > 0 ? string.Join("; ", statuses) : "no chain")}; trust its CA with FeedClientOptions.Tls.TrustedCertificates)");
        }

        var subject = certificate is null ? "" : $" ({certificate.Subject}, issued by {certificate.Issuer})";
        return $"the server's certificate{subject} is not accepted: {string.Join(", ", problems)}";
    }

    private static void Close(Socket socket, Stream? stream)
    {
        stream?.Dispose();
        socket.Dispose();
    }

    private void ReportConnectFailure(Exception failure)
    {
        var first = Interlocked.Increment(ref _failuresInRow) == 1;
        // A refused certificate will not mend by itself: a warning at every attempt; an absent server at the first only.
        if (failure is System.Security.Authentication.AuthenticationException) FeedLog.CertificateRefused(_logger, Name, failure.Message);
        else if (first) FeedLog.ConnectFailed(_logger, Name, failure.Message);
        else FeedLog.ConnectFailedAgain(_logger, Name, failure.Message);
        Options.OnConnectFailed?.Invoke(failure);
    }

    private void SetConnected(bool connected)
    {
        long now = Options.TimeProvider.GetTimestamp();
        lock (_stateLock)
        {
            if (_connected == connected) return;
            long elapsed = now - _stateSince;
            if (_connected) _connectedTicks += elapsed;
            else _disconnectedTicks += elapsed;
            _connected = connected;
            _stateSince = now;
        }

        FeedMetrics.ClientConnected.Add(connected ? 1 : -1, new KeyValuePair<string, object?>("client", Name));
        if (connected)
        {
            Interlocked.Exchange(ref _failuresInRow, 0);
            FeedLog.ClientConnected(_logger, Name, StreamId);
        }
        else
        {
            FeedLog.ClientDisconnected(_logger, Name);
        }

        Options.OnConnectionChanged?.Invoke(connected);
        // Events lost stay lost until the client is current again; a plain disconnect interrupts the stream.
        if (!connected && Condition == StreamCondition.Current) SetCondition(StreamCondition.Interrupted);
    }

    private void SetCondition(StreamCondition condition)
    {
        if (Interlocked.Exchange(ref _condition, (int)condition) != (int)condition) ConditionChanged?.Invoke(condition);
    }

    private TimeSpan StateTime(bool connected)
    {
        long now = Options.TimeProvider.GetTimestamp();
        long total;
        lock (_stateLock)
        {
            total = connected ? _connectedTicks : _disconnectedTicks;
            if (_connected == connected) total += now - _stateSince;
        }

        return TimeSpan.FromSeconds((double)total / Options.TimeProvider.TimestampFrequency);
    }

    private enum ConnectOutcome
    {
        Connected,
        Failed,
        Resync,
    }
}
