using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pulse.Sdk.Service.Live;

/// <summary>
/// Accepts the live WebSocket over a stream that closes gracefully. When the framework refuses what a client sent (a
/// text frame that is not UTF-8) it sends its close frame (1007) and aborts at once, which reset the connection and, on
/// a busy server, destroyed that close frame before the client read it. Here the abort only marks the stream; the
/// endpoint then lets the client read, and closes the connection itself (<see cref="DisposeAsync"/>).
/// </summary>
internal sealed class LingeringWebSocket : IAsyncDisposable
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly DeferredDisposeStream? _stream;

    private LingeringWebSocket(WebSocket socket, DeferredDisposeStream? stream)
    {
        Socket = socket;
        _stream = stream;
    }

    public WebSocket Socket { get; }

    /// <summary>The handshake (RFC 6455 §4.2.2) over HTTP/1.1's upgrade; the framework's own accept elsewhere (HTTP/2).</summary>
    public static async Task<LingeringWebSocket> AcceptAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
            return new LingeringWebSocket(await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false), null);
        var key = http.Request.Headers.SecWebSocketKey.ToString();
        http.Response.Headers.Connection = "Upgrade";
        http.Response.Headers.Upgrade = "websocket";
#pragma warning disable CA5350 // RFC 6455 defines Sec-WebSocket-Accept as SHA-1 of the key; it proves the handshake, it protects nothing
        http.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
#pragma warning restore CA5350
        var stream = new DeferredDisposeStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = WebSocket.DefaultKeepAliveInterval });
        return new LingeringWebSocket(socket, stream);
    }

    /// <summary>
    /// Ends the connection: at once after a close handshake; after an abort, once the client has read what was sent (its
    /// end of the connection, or 2 s).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var aborted = Socket.State == WebSocketState.Aborted;
        Socket.Dispose();
        if (_stream is null) return;
        if (aborted) await _stream.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await _stream.Inner.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A stream whose disposal by the WebSocket is deferred to its owner.</summary>
    private sealed class DeferredDisposeStream(Stream inner) : Stream
    {
        public Stream Inner => inner;

        public async Task DrainAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            var scratch = new byte[4096];
            try
            {
                await inner.FlushAsync(timeout.Token).ConfigureAwait(false);
                while (await inner.ReadAsync(scratch, timeout.Token).ConfigureAwait(false) > 0) { }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException) { }
        }

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        // The WebSocket disposes its stream when it aborts; the owner ends the connection instead (DisposeAsync above).
#pragma warning disable CA2215 // deliberately not disposed here (above); Stream's own Dispose(bool) holds nothing to release
        protected override void Dispose(bool disposing) { }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
#pragma warning restore CA2215
    }
}
