using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>
/// Serves one upstream event stream (an <see cref="IEventSource"/>: the simulator, a replayed file, a
/// <see cref="FeedClient"/>) to many TCP receivers over <c>pulse-feed/1</c> (<c>docs/protocol.md</c>).
/// </summary>
/// <remarks>
/// <para>
/// Each upstream event gets the next stream offset (1, 2, ...) and is encoded once into a frame kept in a ring
/// buffer of the last <see cref="FeedServerOptions.RingCapacity"/> frames. Every receiver walks the ring from its
/// own cursor, applies its filters (tenants, source streams, registered DNs) and writes the frames it wants in
/// batches; the upstream reader never waits for a receiver. A receiver more than
/// <see cref="FeedServerOptions.ReceiverQueueCapacity"/> frames behind, or whose socket has taken no write for a
/// heartbeat interval while more than <see cref="FeedServerOptions.SlowConsumerBytes"/> of the stream wait for it, is
/// disconnected with <c>bye</c> <c>slow_consumer</c> (reset if it does not take the bye within another interval); it
/// may reconnect and resume from its last offset while the ring still holds it. Each accepted socket gets
/// <see cref="FeedServerOptions.SendBufferSize"/>, so such a receiver holds little kernel memory meanwhile
/// (<c>docs/protocol.md</c>, "Slow receivers").
/// </para>
/// <para>
/// Heartbeats: the server pings every receiver each <see cref="FeedServerOptions.HeartbeatInterval"/> and drops one
/// it has heard nothing from for three intervals (<c>heartbeat_timeout</c>).
/// </para>
/// <para>
/// TLS: with <see cref="FeedServerOptions.Certificate"/> every connection is TLS 1.2 or 1.3 before its hello; the
/// handshake runs on the connection's own task, so a client that never completes it delays no one and is dropped after
/// <see cref="FeedServerOptions.HandshakeTimeout"/>.
/// </para>
/// <para>
/// Push direction: the server also dials each <see cref="FeedServerOptions.PushTo"/> receiver (a listening
/// <see cref="FeedClient"/>) and serves that connection exactly as an accepted one, dialling again with bounded backoff
/// whenever it cannot connect or the connection ends (<see cref="PushTargets"/>; <c>docs/protocol.md</c>, "Push
/// direction (the upstream connects)"). <see cref="Start()"/> starts a server that only pushes.
/// </para>
/// </remarks>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly IEventSource _upstream;
    private readonly Lock _lock = new();
    private readonly HashSet<FeedReceiver> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long _silenceLimit;
    private readonly long _stallLimit;
    private readonly string _receiversLabel;
    private readonly string _upstreamLabel;
    private readonly SslStreamCertificateContext? _certificate;
    private FeedReceiver[] _registered = [];
    private TaskCompletionSource _signal = NewSignal();
    private int _waiters;
    private readonly FeedPusher[] _pushers;
    private Socket? _listener;
    private bool _started;
    private ITimer? _heartbeat;
    private Task _accept = Task.CompletedTask;
    private long _framesSent;
    private long _rejected;
    private int _disposed;
    private readonly ILogger _logger;

    /// <summary>Creates a server for <paramref name="upstream"/>; nothing runs before <see cref="Start(IPEndPoint)"/>.</summary>
    /// <param name="upstream">The stream to serve; read once, from <see cref="Start(IPEndPoint)"/>.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">
    /// Where receivers' subscriptions, refusals and disconnects, rejected frames and failed pushes are logged besides the
    /// callbacks and metrics (docs/protocol.md, "Logging"); <see langword="null"/> logs nothing.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid (the message says which and what to set).</exception>
    public FeedServer(IEventSource upstream, FeedServerOptions? options = null, ILogger<FeedServer>? logger = null)
    {
        _logger = logger ?? NullLogger<FeedServer>.Instance;
        ArgumentNullException.ThrowIfNull(upstream);
        options ??= new FeedServerOptions();
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        _upstream = upstream;
        Options = options;
        StreamId = options.StreamId ?? Guid.NewGuid().ToString("N")[..16];
        Ring = new FeedRing(options.RingCapacity);
        _silenceLimit = (long)(3 * options.HeartbeatInterval.TotalSeconds * options.TimeProvider.TimestampFrequency);
        _receiversLabel = options.Name + "/receivers";
        _upstreamLabel = options.Name + "/upstream";
        _stallLimit = (long)(options.HeartbeatInterval.TotalSeconds * options.TimeProvider.TimestampFrequency);
        // Built once: the chain the server sends with its certificate, shared by every handshake.
        if (options.Certificate is { } certificate) _certificate = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        _pushers = [.. options.PushTo.Select(t => new FeedPusher(this, t))];
    }

    /// <summary>The options in force.</summary>
    public FeedServerOptions Options { get; }

    /// <summary>The server's name (<see cref="FeedServerOptions.Name"/>).</summary>
    public string Name => Options.Name;

    /// <summary>The stream id announced to clients.</summary>
    public string StreamId { get; }

    /// <summary>The address the server listens on, once started (with the real port when started on port 0).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The newest offset published (0 before the first event).</summary>
    public long NewestOffset => Ring.Newest;

    /// <summary>The oldest offset still held for resume.</summary>
    public long OldestOffset => Ring.Oldest;

    /// <summary>Receivers that completed the handshake and are connected.</summary>
    public int ReceiverCount => Volatile.Read(ref _registered).Length;

    /// <summary>Event frames written to receivers so far (one per receiver per event).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames rejected from clients so far.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>
    /// The receivers the server dials (<see cref="FeedServerOptions.PushTo"/>), in their order, each with whether it is
    /// connected, its counts and its last failure (docs/protocol.md, "Push direction (the upstream connects)").
    /// </summary>
    public IReadOnlyList<FeedPushStatus> PushTargets => [.. _pushers.Select(p => p.Status())];

    /// <summary>Completes when the upstream ends (or faults); the server keeps serving what it holds.</summary>
    public Task UpstreamCompletion { get; private set; } = Task.CompletedTask;

    internal FeedRing Ring { get; }

    /// <summary>The receivers that completed the handshake (tests).</summary>
    internal IReadOnlyList<FeedReceiver> Receivers => Volatile.Read(ref _registered);

    internal TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>Whether connections are TLS (<see cref="FeedServerOptions.Certificate"/> is set).</summary>
    internal bool UsesTls => _certificate is not null;

    /// <summary>The TLS options of one handshake (TLS 1.2 and 1.3 only, no renegotiation); only when <see cref="UsesTls"/>.</summary>
    internal SslServerAuthenticationOptions TlsOptions() => new()
    {
        ServerCertificateContext = _certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        AllowRenegotiation = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Distinct DNs registered by the connected receivers (receivers without a DN filter add none).</summary>
    /// <returns>The count.</returns>
    public int CountRegisteredDns()
    {
        var receivers = Volatile.Read(ref _registered);
        if (receivers.Length == 0) return 0;
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in receivers) all.UnionWith(r.Dns);
        return all.Count;
    }

    /// <summary>
    /// Binds <paramref name="endPoint"/> (port 0 picks a free port), starts reading the upstream, accepting receivers and
    /// dialling the <see cref="FeedServerOptions.PushTo"/> ones.
    /// </summary>
    /// <param name="endPoint">Where to listen, for example <c>new IPEndPoint(IPAddress.Any, 8000)</c>.</param>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public void Start(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        StartCore(endPoint);
    }

    /// <summary>
    /// Starts reading the upstream and dialling the <see cref="FeedServerOptions.PushTo"/> receivers, without listening:
    /// only those are served (docs/protocol.md, "Push direction (the upstream connects)").
    /// </summary>
    /// <exception cref="InvalidOperationException">The server was already started, or has no <see cref="FeedServerOptions.PushTo"/> receiver.</exception>
    public void Start()
    {
        if (_pushers.Length == 0)
            throw new InvalidOperationException($"feed server '{Name}' has no receiver to dial (FeedServerOptions.PushTo is empty): give it some, or start it with an endpoint to listen on");
        StartCore(null);
    }

    private void StartCore(IPEndPoint? endPoint)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_lock)
        {
            if (_started) throw new InvalidOperationException($"feed server '{Name}' is already started");
            if (endPoint is not null)
            {
                _listener = FeedSockets.Listen(endPoint, 4096);
                LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
            }

            _started = true;
        }

        var token = _stop.Token;
        UpstreamCompletion = Task.Run(() => PumpAsync(token), CancellationToken.None);
        if (_listener is not null) _accept = Task.Run(() => AcceptAsync(token), CancellationToken.None);
        foreach (var pusher in _pushers) pusher.Start(token);
        _heartbeat = TimeProvider.CreateTimer(static s => ((FeedServer)s!).Tick(), this, Options.HeartbeatInterval, Options.HeartbeatInterval);
    }

    /// <summary>Runs a feed server for <paramref name="upstream"/> on <paramref name="endPoint"/> until <paramref name="cancellationToken"/> is cancelled, then closes it cleanly.</summary>
    /// <param name="upstream">The stream to serve.</param>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public static async Task RunAsync(IEventSource upstream, IPEndPoint endPoint, FeedServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FeedServer(upstream, options);
        await using (server.ConfigureAwait(false))
        {
            server.Start(endPoint);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Disconnects every receiver with <c>bye</c> and <paramref name="reason"/> (they may reconnect and resume).</summary>
    /// <param name="reason">The reason sent.</param>
    public void DisconnectAll(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        foreach (var r in Snapshot()) r.Drop(reason);
    }

    /// <summary>Abruptly closes every connection, without bye (tests: a crash as seen by the clients).</summary>
    internal void AbortAll()
    {
        foreach (var r in Snapshot()) r.Drop("aborted", immediately: true);
    }

    /// <summary>Stops accepting and reading the upstream, says <c>bye</c> (<c>server_shutdown</c>) to every receiver and closes.</summary>
    /// <returns>A task that completes when every connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _heartbeat?.Dispose();
        _listener?.Dispose();
        var all = Snapshot();
        foreach (var r in all) r.Drop(FeedProtocol.ServerShutdown);
        WakeAll();
        try
        {
            await _accept.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The accept loop ends with the listener.
        }

        // A pusher ends with its last connection, which the drop above (or, for one it made meanwhile, Serve) closes.
        foreach (var pusher in _pushers) await pusher.Completion.ConfigureAwait(false);

        try
        {
            await UpstreamCompletion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Upstream errors were the upstream's; the server is closing anyway.
        }

        foreach (var r in all)
        {
            try
            {
                await r.Completion.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Connection errors end the connection only.
            }
        }

        _stop.Dispose();
    }

    internal bool TryRegister(FeedReceiver receiver, long? resumeFrom, string? streamId, out byte[] welcomeOrError)
    {
        // Decided under the lock, logged and counted after it.
        if (!Admit(receiver, resumeFrom, streamId, out welcomeOrError, out var refusal, out long cursor))
        {
            FeedLog.ReceiverRefused(_logger, Name, receiver.ClientId, receiver.Remote, refusal);
            return false;
        }

        FeedMetrics.ServerReceivers.Add(1, new KeyValuePair<string, object?>("server", Name));
        FeedLog.ReceiverSubscribed(_logger, Name, receiver.ClientId, receiver.Remote, cursor);
        receiver.Pusher?.OnWelcomed();
        return true;
    }

    /// <summary>Registers the receiver from its cursor (true), or says why not: the error frame and its code (false).</summary>
    private bool Admit(FeedReceiver receiver, long? resumeFrom, string? streamId, out byte[] welcomeOrError, out string refusal, out long cursor)
    {
        refusal = "";
        cursor = 0;
        lock (_lock)
        {
            long newest = Ring.Newest;
            long oldest = Ring.Oldest;
            if (resumeFrom is not { } from)
            {
                cursor = newest + 1;
            }
            else if (streamId is not null && streamId != StreamId)
            {
                welcomeOrError = FeedFrameCodec.EncodeError(FeedProtocol.ResyncRequired, $"stream '{streamId}' is not this server's stream '{StreamId}' (the server was restarted): reconnect with resumeFrom null and rebuild your state");
                refusal = FeedProtocol.ResyncRequired;
                return false;
            }
            else if (from > newest)
            {
                welcomeOrError = FeedFrameCodec.EncodeError(FeedProtocol.ResyncRequired, $"offset {from} is ahead of the newest offset {newest}: reconnect with resumeFrom null and rebuild your state");
                refusal = FeedProtocol.ResyncRequired;
                return false;
            }
            else if (from + 1 < oldest)
            {
                welcomeOrError = FeedFrameCodec.EncodeError(FeedProtocol.ResyncRequired, $"offset {from} is no longer held (oldest is {oldest}): events {from + 1}..{oldest - 1} are lost; reconnect with resumeFrom null and rebuild your state");
                refusal = FeedProtocol.ResyncRequired;
                return false;
            }
            else
            {
                cursor = from + 1;
            }

            if (_registered.Length >= Options.MaxReceivers)
            {
                welcomeOrError = FeedFrameCodec.EncodeError("too_many_receivers", $"the server already has {Options.MaxReceivers} receivers (MaxReceivers); try another server or later");
                refusal = "too_many_receivers";
                return false;
            }

            receiver.Prepare(cursor, newest);
            _registered = [.. _registered, receiver];
            welcomeOrError = FeedFrameCodec.EncodeWelcome(StreamId, oldest, newest);
            return true;
        }
    }

    internal void Unregister(FeedReceiver receiver)
    {
        bool wasRegistered;
        lock (_lock)
        {
            _connections.Remove(receiver);
            int i = Array.IndexOf(_registered, receiver);
            wasRegistered = i >= 0;
            if (wasRegistered)
            {
                var next = new FeedReceiver[_registered.Length - 1];
                Array.Copy(_registered, 0, next, 0, i);
                Array.Copy(_registered, i + 1, next, i, _registered.Length - i - 1);
                _registered = next;
            }
        }

        if (wasRegistered) FeedMetrics.ServerReceivers.Add(-1, new KeyValuePair<string, object?>("server", Name));
    }

    internal void OnDisconnected(FeedReceiver receiver, string reason, long lastOffset)
    {
        FeedMetrics.ServerDisconnects.Add(1, new("server", Name), new("reason", reason));
        long offset = Math.Max(0, lastOffset);
        FeedLog.ReceiverDisconnected(_logger, Name, receiver.ClientId, receiver.Remote, reason, offset);
        Options.OnReceiverDisconnected?.Invoke(new FeedReceiverDisconnected(receiver.ClientId, receiver.Remote, reason, offset));
    }

    /// <summary>Counts a rejected frame and reports it to <see cref="FeedServerOptions.OnRejected"/>.</summary>
    /// <param name="remote">The receiver's address, or <see langword="null"/> for the upstream. It goes in the exception only: as a metric label it would make a series per client port.</param>
    /// <param name="reason">The reason code (a fixed set).</param>
    /// <param name="message">What was wrong.</param>
    internal void Reject(string? remote, string reason, string message)
    {
        Interlocked.Increment(ref _rejected);
        FeedMetrics.FramesRejected.Add(1, new("connection", remote is null ? _upstreamLabel : _receiversLabel), new("reason", reason));
        FeedLog.ServerRejected(_logger, Name, remote ?? "upstream", reason, message);
        Options.OnRejected?.Invoke(new EventRejectedException($"{Name}/{remote ?? "upstream"}", 0, $"{reason}: {message}"));
    }

    /// <summary>A dial of <paramref name="target"/> failed; the pusher dials again.</summary>
    internal void LogPushFailed(DnsEndPoint target, string reason, string detail) => FeedLog.PushFailed(_logger, Name, target.Host, target.Port, reason, detail);

    internal void CountSent(int frames)
    {
        Interlocked.Add(ref _framesSent, frames);
        FeedMetrics.ServerFramesSent.Add(frames, new KeyValuePair<string, object?>("server", Name));
    }

    /// <summary>A task that completes at the next publish, tick or drop. The caller re-checks its condition after taking it.</summary>
    internal Task WaitForWork()
    {
        Interlocked.Exchange(ref _waiters, 1);
        return Volatile.Read(ref _signal).Task;
    }

    internal void WakeAll()
    {
        Interlocked.Exchange(ref _waiters, 0);
        Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FeedReceiver[] Snapshot()
    {
        lock (_lock) return [.. _connections];
    }

    private async Task PumpAsync(CancellationToken token)
    {
        long offset = Ring.Newest;
        int capacity = Options.ReceiverQueueCapacity;
        await foreach (var evt in _upstream.ReadAllAsync(token).ConfigureAwait(false))
        {
            byte[] frame;
            try
            {
                frame = FeedFrameCodec.EncodeEvent(offset + 1, evt);
            }
            catch (ArgumentException ex)
            {
                Reject(null, "invalid_event", ex.Message);
                continue;
            }

            offset++;
            Ring.Publish(offset, evt, frame);
            if (Interlocked.Exchange(ref _waiters, 0) != 0) Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

            var receivers = Volatile.Read(ref _registered);
            for (int i = 0; i < receivers.Length; i++)
            {
                var r = receivers[i];
                long cursor = r.Cursor;
                long allowance = capacity + Math.Max(0, r.CatchUpOffset - cursor + 1);
                if (offset - cursor >= allowance) r.Drop(FeedProtocol.SlowConsumer);
            }
        }
    }

    private async Task AcceptAsync(CancellationToken token)
    {
        var listener = _listener!;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Serve(socket, pusher: null);
        }
    }

    /// <summary>
    /// Serves a connected socket, accepted or dialled (<paramref name="pusher"/>): the peer says hello and is served alike.
    /// Null, the socket closed, when it was reset before it was set up or the server is stopping.
    /// </summary>
    internal FeedReceiver? Serve(Socket socket, FeedPusher? pusher)
    {
        try
        {
            socket.NoDelay = true;
            if (Options.SendBufferSize > 0) socket.SendBufferSize = Options.SendBufferSize;
        }
        catch (SocketException)
        {
            // Reset before it was set up.
            socket.Dispose();
            return null;
        }

        var receiver = new FeedReceiver(this, socket, pusher);
        lock (_lock)
        {
            // Disposal cancels before it takes its snapshot of the connections under this lock: one added later would never be closed.
            if (_stop.IsCancellationRequested)
            {
                socket.Dispose();
                return null;
            }

            _connections.Add(receiver);
        }

        receiver.Start();
        return receiver;
    }

    private void Tick()
    {
        long now = TimeProvider.GetTimestamp();
        foreach (var r in Snapshot())
        {
            if (now - r.LastHeard > _silenceLimit) r.Drop(FeedProtocol.HeartbeatTimeout);
            else if (r.IsStalled(now, _stallLimit, Options.SlowConsumerBytes)) r.Drop(FeedProtocol.SlowConsumer);
            else r.RequestPing();
        }

        WakeAll();
    }
}
