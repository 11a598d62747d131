using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Pulse.Sdk.Feed;

/// <summary>
/// The listening socket of a <see cref="FeedClient"/> in the push direction (<see cref="FeedClientOptions.Listen"/>):
/// accepts upstream connections on its own task and hands the client one at a time; one arriving while the client
/// holds another is closed at once and reported (docs/protocol.md, "Push direction (the upstream connects)"). Accepting
/// on its own task is what lets it refuse: a connection left in the kernel's backlog would look connected to the
/// upstream, which would wait for a hello until its handshake timeout.
/// </summary>
internal sealed class FeedClientListener : IAsyncDisposable
{
    private readonly FeedClient _client;
    private readonly Socket _socket;
    private readonly Channel<Socket> _accepted = Channel.CreateUnbounded<Socket>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>1 from the hand-over of a connection until the client <see cref="Release"/>s it.</summary>
    private int _held;

    private FeedClientListener(FeedClient client, Socket socket)
    {
        _client = client;
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The address listened on (with the real port when <see cref="FeedClientOptions.Listen"/> has port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds <paramref name="endPoint"/> and starts accepting.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static FeedClientListener Start(FeedClient client, IPEndPoint endPoint)
    {
        var socket = FeedSockets.Listen(endPoint, 16);
        var listener = new FeedClientListener(client, socket);
        listener._loop = Task.Run(listener.AcceptLoopAsync, CancellationToken.None);
        return listener;
    }

    /// <summary>The next upstream connection; the client holds it until <see cref="Release"/>.</summary>
    public ValueTask<Socket> AcceptAsync(CancellationToken cancellationToken) => _accepted.Reader.ReadAsync(cancellationToken);

    /// <summary>The connection handed over has ended: the next one may be accepted.</summary>
    public void Release() => Volatile.Write(ref _held, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var left)) left.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // The peer reset before it was accepted.
                continue;
            }

            if (Interlocked.CompareExchange(ref _held, 1, 0) == 0) _accepted.Writer.TryWrite(socket);
            else _client.Refuse(socket);
        }
    }
}
