using System.Net.Sockets;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Feed;

/// <summary>
/// One TCP connection of a <see cref="FeedClient"/>: frame reading, pings and pongs, the heartbeat timer. Frames go
/// through <see cref="_stream"/> (the socket's, or TLS over it); the socket is kept to cut the connection at once.
/// </summary>
internal sealed class FeedClientConnection : IDisposable
{
    private readonly FeedClient _client;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly FeedLineReader _reader;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastHeard;
    private ITimer? _heartbeat;
    private int _disposed;
    private long _lastBytes;

    public FeedClientConnection(FeedClient client, Socket socket, Stream stream)
    {
        _client = client;
        _socket = socket;
        _stream = stream;
        _reader = new FeedLineReader(stream, client.Options.MaxLineBytes, lowMemory: false);
        _lastHeard = client.Options.TimeProvider.GetTimestamp();
    }

    public void StartHeartbeat()
    {
        var interval = _client.Options.HeartbeatInterval;
        _heartbeat = _client.Options.TimeProvider.CreateTimer(static s => ((FeedClientConnection)s!).Tick(), this, interval, interval);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads up to the <c>welcome</c> or <c>error</c>; <see langword="null"/> when the connection ends first.</summary>
    public async Task<FeedFrame?> ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await NextFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame is null) return null;
            if (frame.Type is FeedFrameType.Welcome or FeedFrameType.Error) return frame;
            if (frame.Type == FeedFrameType.Bye) return null;
        }
    }

    /// <summary>The next event; <see langword="null"/> when the connection ended (bye, close, error, heartbeat timeout).</summary>
    public async Task<PulseEvent?> NextEventAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            FeedFrame? frame;
            try
            {
                frame = await NextFrameAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                return null;
            }

            if (frame is null) return null;
            switch (frame.Type)
            {
                case FeedFrameType.Event:
                    if (_client.LastOffset is { } last && frame.Offset <= last)
                    {
                        _client.Reject("duplicate_offset", $"offset {frame.Offset} is not after the last offset {last}");
                        continue;
                    }

                    _client.SetLastOffset(frame.Offset);
                    return frame.Event;
                case FeedFrameType.Bye:
                case FeedFrameType.Error:
                    return null;
                default:
                    continue;
            }
        }
    }

    private async Task<FeedFrame?> NextFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            long bytes = _reader.BytesRead - _lastBytes;
            _lastBytes = _reader.BytesRead;
            Volatile.Write(ref _lastHeard, _client.Options.TimeProvider.GetTimestamp());
            switch (status)
            {
                case FeedLineStatus.End:
                    return null;
                case FeedLineStatus.Truncated:
                    _client.Reject("truncated_frame", "the connection closed in the middle of a frame");
                    return null;
                case FeedLineStatus.TooLong:
                    _client.CountFrame(bytes);
                    _client.Reject("line_too_long", $"frame is longer than the limit of {_client.Options.MaxLineBytes} bytes (MaxLineBytes)");
                    continue;
            }

            _client.CountFrame(bytes);
            if (!FeedFrameCodec.TryDecode(_reader.Line.Span, out var frame, out var reason, out var error))
            {
                // An event frame whose event is invalid still moves the offset on: resuming must not ask for it again.
                if (frame is { Type: FeedFrameType.Event } bad && (_client.LastOffset is not { } last || bad.Offset > last)) _client.SetLastOffset(bad.Offset);
                _client.Reject(reason, error);
                continue;
            }

            if (frame!.Type == FeedFrameType.Ping)
            {
                await SendAsync(FeedFrameCodec.Pong, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (frame.Type == FeedFrameType.Pong) continue;
            return frame;
        }
    }

    private void Tick()
    {
        long now = _client.Options.TimeProvider.GetTimestamp();
        if (now - Volatile.Read(ref _lastHeard) > _client.SilenceLimit)
        {
            Abort();
            return;
        }

        _ = PingAsync();
    }

    private async Task PingAsync()
    {
        try
        {
            await SendAsync(FeedFrameCodec.Ping, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A failed ping means a failed connection: the read side notices and reconnects.
        }
    }

    private void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // Already closed.
        }

        _socket.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _heartbeat?.Dispose();
        // Best effort, and only when no ping is being written (a TLS stream takes one write at a time): the server notices the close anyway.
        if (_socket.Connected && _sendLock.Wait(0))
        {
            try
            {
                _stream.Write(FeedFrameCodec.EncodeBye(FeedProtocol.ClientClosing));
            }
            catch (Exception)
            {
            }
            finally
            {
                _sendLock.Release();
            }
        }

        Abort();
        _reader.Dispose();
        try
        {
            _stream.Dispose();
        }
        catch (Exception)
        {
            // The socket is closed already; nothing is left to flush.
        }
    }
}
