using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>
/// One client connection of a <see cref="FeedServer"/>: the handshake, then a send loop that walks the shared ring
/// from its own cursor (filtering per receiver, batching frames into one socket write) and a read loop for the
/// client's pings and bye. Nothing is queued per receiver: its "queue" is the distance between its cursor and the
/// newest offset, bounded by <see cref="FeedServerOptions.ReceiverQueueCapacity"/> frames and, while its socket takes
/// nothing, by <see cref="FeedServerOptions.SlowConsumerBytes"/> (<see cref="IsStalled"/>). With a server certificate
/// the frames go through an <see cref="SslStream"/> over the socket; the socket itself stays for its options and close.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The receiver's own connection task disposes the token source when it ends; nobody else holds a receiver after that.")]
internal sealed class FeedReceiver
{
    private const int SendBufferBytes = 64 * 1024;
    private const long NotWriting = long.MinValue;

    /// <summary>The first byte of a TLS record carrying a handshake message: what a ClientHello starts with.</summary>
    private const byte TlsHandshakeRecord = 0x16;

    /// <summary>The reason (counted rejection and disconnection) of every TLS refusal: one bounded label.</summary>
    private const string TlsReason = "tls";

    private readonly FeedServer _server;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _cts = new();
    private Stream _stream = Stream.Null;
    private string? _refusal;
    private HashSet<string>? _tenants;
    private HashSet<string>? _dns;
    private int _sourceMask;
    private long _cursor;
    private long _lastHeard;
    private int _pingDue;
    private int _pongDue;
    private string? _dropReason;
    private bool _dropImmediately;
    private volatile bool _byeTimedOut;
    private long _writeStartedAt = NotWriting;
    private ITimer? _graceTimer;

    public FeedReceiver(FeedServer server, Socket socket, FeedPusher? pusher = null)
    {
        _server = server;
        _socket = socket;
        Pusher = pusher;
        Remote = FeedSockets.Peer(socket, pusher is null ? "?" : $"{pusher.Target.Host}:{pusher.Target.Port}");
        _lastHeard = server.TimeProvider.GetTimestamp();
    }

    public string ClientId { get; private set; } = "";

    public string Remote { get; }

    /// <summary>The <see cref="FeedServerOptions.PushTo"/> target this connection was dialled to; null for an accepted one.</summary>
    public FeedPusher? Pusher { get; }

    /// <summary>Why the connection ended (the reason counted in <c>pulse_feed_server_disconnects_total</c>), once <see cref="Completion"/> is done.</summary>
    public string? EndReason { get; private set; }

    /// <summary>The next offset this receiver will look at.</summary>
    public long Cursor => Volatile.Read(ref _cursor);

    /// <summary>The newest offset when it registered: a backlog up to there is allowed on top of the queue capacity.</summary>
    public long CatchUpOffset { get; private set; }

    public bool Registered { get; private set; }

    /// <summary>Bytes of the stream from its cursor to the newest frame: the write in progress and everything published since (for a receiver with filters, more than it will be sent).</summary>
    public long UnsentBytes => Registered ? _server.Ring.BytesFrom(Cursor) : 0;

    /// <summary>The kernel send buffer of its socket, as the system reports it (Linux: twice the size asked for).</summary>
    public int SocketSendBufferSize => _socket.SendBufferSize;

    public IReadOnlyCollection<string> Dns => (IReadOnlyCollection<string>?)_dns ?? [];

    public long LastHeard => Volatile.Read(ref _lastHeard);

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = RunAsync();

    public void RequestPing() => Volatile.Write(ref _pingDue, 1);

    /// <summary>
    /// True when its socket has not completed a write for <paramref name="stallTicks"/> (timestamp ticks) and more
    /// than <paramref name="maxUnsentBytes"/> wait for it: it has stopped reading, and the kernel buffers are full.
    /// </summary>
    public bool IsStalled(long now, long stallTicks, long maxUnsentBytes)
    {
        long started = Volatile.Read(ref _writeStartedAt);
        return started != NotWriting && now - started >= stallTicks && UnsentBytes > maxUnsentBytes;
    }

    /// <summary>Disconnects with a reason. Unless <paramref name="immediately"/>, a <c>bye</c> is written when the current write completes, within one heartbeat interval.</summary>
    public void Drop(string reason, bool immediately = false)
    {
        if (Interlocked.CompareExchange(ref _dropReason, reason, null) is not null) return;
        _dropImmediately = immediately;
        if (immediately) TryCancel();
        else _graceTimer = _server.TimeProvider.CreateTimer(static s => ((FeedReceiver)s!).GiveUpBye(), this, _server.Options.HeartbeatInterval, Timeout.InfiniteTimeSpan);

        // An idle send loop waits for work, not for its token: wake it, or a receiver whose peer closed would stay
        // registered until the next heartbeat tick.
        _server.WakeAll();
    }

    private void GiveUpBye()
    {
        _byeTimedOut = true;
        TryCancel();
    }

    private void TryCancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private bool Matches(PulseEvent e)
    {
        if (_tenants is not null && !_tenants.Contains(e.Tenant)) return false;
        if (_sourceMask != 0 && (_sourceMask & (1 << (int)e.Source)) == 0) return false;
        if (_dns is null) return true;
        if (e.Dn is { } dn) return _dns.Contains(dn) || (e.OtherDn is { } o && _dns.Contains(o)) || (e.ThirdPartyDn is { } t && _dns.Contains(t));
        if (e.OtherDn is { } other && _dns.Contains(other)) return true;
        if (e.ThirdPartyDn is { } third && _dns.Contains(third)) return true;

        // An agent-state event without a DN cannot be placed: it goes to every receiver.
        return e.ConnId is null && e.InteractionId is null && e.Agent is not null;
    }

    private async Task RunAsync()
    {
        var token = _cts.Token;
        FeedLineReader? reader = null;
        Task readLoop = Task.CompletedTask;
        string reason = "peer_closed";
        try
        {
            // One deadline for the TLS handshake and the hello.
            using var timeout = new CancellationTokenSource(_server.Options.HandshakeTimeout, _server.TimeProvider);
            var stream = await OpenStreamAsync(timeout, token).ConfigureAwait(false);
            if (stream is null)
            {
                reason = _dropReason ?? _refusal ?? "handshake_failed";
                return;
            }

            _stream = stream;
            reader = new FeedLineReader(stream, _server.Options.MaxLineBytes, lowMemory: true);
            byte[]? welcome = await HandshakeAsync(reader, timeout, token).ConfigureAwait(false);
            if (welcome is null)
            {
                reason = _dropReason ?? _refusal ?? "handshake_failed";
                return;
            }

            readLoop = ReadLoopAsync(reader, token);
            await SendLoopAsync(welcome, token).ConfigureAwait(false);
            reason = _dropReason ?? reason;
        }
        catch (Exception) when (token.IsCancellationRequested || _dropReason is not null)
        {
            reason = _dropReason ?? FeedProtocol.ServerShutdown;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // IOException: a socket error as the network or TLS stream reports it.
            reason = _dropReason ?? "io_error";
        }
        finally
        {
            _server.Unregister(this);
            _graceTimer?.Dispose();
            TryCancel();
            try
            {
                // A peer that took no bye within the grace time is not reading: reset the connection, so the kernel
                // frees what it still queues for it at once instead of retrying to deliver it to a closed socket.
                if (_byeTimedOut) _socket.LingerState = new LingerOption(true, 0);
                else _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            _socket.Dispose();
            try
            {
                await readLoop.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The read loop ends with the socket; its errors are the connection's end, already recorded.
            }

            reader?.Dispose();
            await _stream.DisposeAsync().ConfigureAwait(false);
            _cts.Dispose();
            EndReason = reason;
            _server.OnDisconnected(this, reason, Cursor - 1);
        }
    }

    /// <summary>
    /// The stream the frames go through: the socket's, or with a server certificate the <see cref="SslStream"/> over it
    /// once the TLS handshake is done. Null when the peer is refused (counted, <see cref="_refusal"/> set): plain TCP to
    /// a TLS server (answered <c>tls_required</c>), a ClientHello to a plain server, a failed or too slow TLS handshake.
    /// </summary>
    private async Task<Stream?> OpenStreamAsync(CancellationTokenSource timeout, CancellationToken token)
    {
        var network = new NetworkStream(_socket, ownsSocket: false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        SslStream? tls = null;
        try
        {
            // The first byte tells a ClientHello from a hello ('{') without consuming it.
            var first = new byte[1];
            int n = await _socket.ReceiveAsync(first, SocketFlags.Peek, linked.Token).ConfigureAwait(false);
            if (n == 0) return network; // closed at once (a port probe): the hello read sees the end
            bool clientHello = first[0] == TlsHandshakeRecord;
            if (!_server.UsesTls)
            {
                if (!clientHello) return network;
                return RefuseTls("a TLS handshake, but this server has no certificate (FeedServerOptions.Certificate): connect without TLS");
            }

            if (!clientHello)
            {
                _stream = network;
                await SendErrorAsync(FeedProtocol.TlsRequired, "this server speaks pulse-feed/1 over TLS only: connect with TLS (FeedClientOptions.Tls)", token).ConfigureAwait(false);
                return RefuseTls("plain TCP, but this server requires TLS");
            }

            tls = new SslStream(network, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(_server.TlsOptions(), linked.Token).ConfigureAwait(false);
            return tls;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            if (tls is not null) await tls.DisposeAsync().ConfigureAwait(false);
            // Plain: the hello read times out at once and answers bad_hello as it always has.
            if (!_server.UsesTls) return network;
            return RefuseTls($"no TLS handshake within {_server.Options.HandshakeTimeout.TotalSeconds:0.###} s (HandshakeTimeout)");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException && !token.IsCancellationRequested)
        {
            if (tls is not null) await tls.DisposeAsync().ConfigureAwait(false);
            return RefuseTls($"TLS handshake failed: {ex.Message}");
        }
    }

    private Stream? RefuseTls(string message)
    {
        _refusal = TlsReason;
        _server.Reject(Remote, TlsReason, message);
        return null;
    }

    private async Task<byte[]?> HandshakeAsync(FeedLineReader reader, CancellationTokenSource timeout, CancellationToken token)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        FeedLineStatus status;
        try
        {
            status = await reader.ReadLineAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            await SendErrorAsync(FeedProtocol.BadHello, $"no hello within {_server.Options.HandshakeTimeout.TotalSeconds:0.###} s", token).ConfigureAwait(false);
            return null;
        }
        catch (IOException ex) when (_server.UsesTls && !token.IsCancellationRequested)
        {
            // A TLS client checks the server's certificate after the handshake; refusing it, it may send an alert.
            RefuseTls($"the TLS connection failed before the hello (did the client reject this server's certificate?): {ex.Message}");
            return null;
        }

        if (status != FeedLineStatus.Line)
        {
            if (status == FeedLineStatus.TooLong) await SendErrorAsync(FeedProtocol.BadHello, $"hello is longer than the limit of {_server.Options.MaxLineBytes} bytes", token).ConfigureAwait(false);
            // A TLS client checks the server's certificate after the handshake and, refusing it, closes before its hello.
            else if (_server.UsesTls) RefuseTls("the client closed the TLS connection before its hello (did it reject this server's certificate?)");
            return null;
        }

        Volatile.Write(ref _lastHeard, _server.TimeProvider.GetTimestamp());
        if (!FeedFrameCodec.TryDecode(reader.Line.Span, out var hello, out var code, out var error) || hello!.Type != FeedFrameType.Hello)
        {
            string message = hello is null ? $"{error} ({code})" : $"the first frame must be a hello, not '{hello.Type.ToString().ToLowerInvariant()}'";
            _server.Reject(Remote, "bad_hello", message);
            await SendErrorAsync(FeedProtocol.BadHello, message, token).ConfigureAwait(false);
            return null;
        }

        if (hello.Version != FeedProtocol.Version)
        {
            await SendErrorAsync(FeedProtocol.UnsupportedVersion, $"version {hello.Version} is not supported; this server speaks {FeedProtocol.Name} (version {FeedProtocol.Version})", token).ConfigureAwait(false);
            return null;
        }

        if (_server.Options.SubscriberSecret is { } expected && !SecretMatches(expected, hello.Secret))
        {
            // Counted, answered once, closed; the secret itself is never logged or echoed.
            _server.Reject(Remote, FeedProtocol.Unauthorized, hello.Secret is null ? "no subscriber secret in the hello" : "wrong subscriber secret");
            await SendErrorAsync(FeedProtocol.Unauthorized, "this server requires its subscriber secret in the hello (FeedClientOptions.Secret)", token).ConfigureAwait(false);
            return null;
        }

        ClientId = hello.ClientId ?? "";
        if (hello.Tenants.Count > 0) _tenants = new HashSet<string>(hello.Tenants, StringComparer.Ordinal);
        if (hello.Dns.Count > 0) _dns = new HashSet<string>(hello.Dns, StringComparer.Ordinal);
        foreach (var s in hello.Sources) _sourceMask |= 1 << (int)s;

        // A restarted server that replays the same upstream under the same stream id (a fixed
        // FeedServerOptions.StreamId) may not have reached the client's offset yet: give it the handshake
        // timeout to catch up, so the client resumes with no gap and no duplicate instead of resynchronising.
        if (hello.ResumeFrom is { } resume && hello.StreamId == _server.StreamId && resume > _server.NewestOffset)
        {
            var deadline = _server.TimeProvider.GetTimestamp();
            while (_server.NewestOffset < resume
                   && _server.TimeProvider.GetElapsedTime(deadline) < _server.Options.HandshakeTimeout
                   && !_server.UpstreamCompletion.IsCompleted)
                await Task.Delay(TimeSpan.FromMilliseconds(10), _server.TimeProvider, token).ConfigureAwait(false);
        }

        if (!_server.TryRegister(this, hello.ResumeFrom, hello.StreamId, out var welcomeOrError))
        {
            await SendAsync(welcomeOrError, token).ConfigureAwait(false);
            return null;
        }

        return welcomeOrError;
    }

    /// <summary>Called by the server under its lock, before the receiver becomes visible to the lag check.</summary>
    internal void Prepare(long cursor, long newest)
    {
        Volatile.Write(ref _cursor, cursor);
        CatchUpOffset = newest;
        Registered = true;
    }

    private async Task SendErrorAsync(string code, string message, CancellationToken token)
    {
        try
        {
            await SendAsync(FeedFrameCodec.EncodeError(code, message), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        // The heartbeat tick reads how long the write has waited on a full socket (IsStalled).
        Volatile.Write(ref _writeStartedAt, _server.TimeProvider.GetTimestamp());
        try
        {
            await _stream.WriteAsync(bytes, token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writeStartedAt, NotWriting);
        }
    }

    private async Task SendLoopAsync(byte[] welcome, CancellationToken token)
    {
        var ring = _server.Ring;
        await SendAsync(welcome, token).ConfigureAwait(false);
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (_dropReason is not null)
                {
                    if (!_dropImmediately) await SendAsync(FeedFrameCodec.EncodeBye(_dropReason), token).ConfigureAwait(false);
                    return;
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(SendBufferBytes);
                int length = 0;
                if (Interlocked.Exchange(ref _pongDue, 0) == 1) length = Append(buffer, length, FeedFrameCodec.Pong.Span);
                if (Interlocked.Exchange(ref _pingDue, 0) == 1) length = Append(buffer, length, FeedFrameCodec.Ping.Span);

                long newest = ring.Newest;
                long c = _cursor;
                byte[]? oversized = null;
                int frames = 0;
                while (c <= newest)
                {
                    if (!ring.TryGet(c, out var entry))
                    {
                        Drop(FeedProtocol.SlowConsumer);
                        break;
                    }

                    if (Matches(entry.Event))
                    {
                        var frame = entry.Frame;
                        if (length + frame.Length > buffer.Length)
                        {
                            if (length == 0)
                            {
                                oversized = frame;
                                frames++;
                                c++;
                            }

                            break;
                        }

                        frame.CopyTo(buffer.AsSpan(length));
                        length += frame.Length;
                        frames++;
                    }

                    c++;
                }

                if (length > 0) await SendAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
                if (oversized is not null) await SendAsync(oversized, token).ConfigureAwait(false);
                Volatile.Write(ref _cursor, c);
                if (frames > 0) _server.CountSent(frames);
                if (length > 0 || oversized is not null || c <= ring.Newest) continue;

                // Caught up: free the buffer while idle and wait for the next frame, a heartbeat tick or a drop.
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = null;
                var wait = _server.WaitForWork();
                if (c <= ring.Newest || Volatile.Read(ref _pingDue) != 0 || _dropReason is not null) continue;
                await wait.ConfigureAwait(false);
                token.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Append(byte[] buffer, int length, ReadOnlySpan<byte> frame)
    {
        frame.CopyTo(buffer.AsSpan(length));
        return length + frame.Length;
    }

    private async Task ReadLoopAsync(FeedLineReader reader, CancellationToken token)
    {
        while (true)
        {
            var status = await reader.ReadLineAsync(token).ConfigureAwait(false);
            Volatile.Write(ref _lastHeard, _server.TimeProvider.GetTimestamp());
            switch (status)
            {
                case FeedLineStatus.End:
                    Drop("peer_closed", immediately: true);
                    return;
                case FeedLineStatus.Truncated:
                    _server.Reject(Remote, "truncated_frame", "the connection closed in the middle of a frame");
                    Drop("peer_closed", immediately: true);
                    return;
                case FeedLineStatus.TooLong:
                    _server.Reject(Remote, "line_too_long", $"frame is longer than the limit of {_server.Options.MaxLineBytes} bytes (MaxLineBytes)");
                    continue;
            }

            if (!FeedFrameCodec.TryDecode(reader.Line.Span, out var frame, out var code, out var error))
            {
                _server.Reject(Remote, code, error);
                continue;
            }

            switch (frame!.Type)
            {
                case FeedFrameType.Ping:
                    // Answered with the next batch or heartbeat tick: any frame proves the server alive.
                    Volatile.Write(ref _pongDue, 1);
                    break;
                case FeedFrameType.Pong:
                    break;
                case FeedFrameType.Bye:
                    Drop("peer_bye", immediately: true);
                    return;
                default:
                    _server.Reject(Remote, "unexpected_frame", $"a client may not send '{frame.Type.ToString().ToLowerInvariant()}' after the handshake");
                    break;
            }
        }
    }

    /// <summary>Compares in constant time, so the answer's timing tells nothing about how much of the secret was right.</summary>
    private static bool SecretMatches(string expected, string? given) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given));
}
