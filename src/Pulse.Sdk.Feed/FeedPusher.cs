using System.Net;
using System.Net.Sockets;

namespace Pulse.Sdk.Feed;

/// <summary>
/// One <see cref="FeedServerOptions.PushTo"/> receiver of a <see cref="FeedServer"/>: dials it, serves the connection
/// as an accepted one (a <see cref="FeedReceiver"/>: the peer says hello, the server welcomes and streams), and dials
/// again when the connection cannot be made or ends, waiting <see cref="FeedServerOptions.PushInitialBackoff"/> doubled
/// at each consecutive failure up to <see cref="FeedServerOptions.PushMaxBackoff"/> (docs/protocol.md, "Push direction
/// (the upstream connects)"). Runs until the server stops.
/// </summary>
internal sealed class FeedPusher
{
    private readonly FeedServer _server;
    private readonly KeyValuePair<string, object?>[] _tags;
    private int _welcomed;
    private long _connections;
    private long _failures;
    private string? _lastFailure;
    private long _retryDelayTicks = -1;

    public FeedPusher(FeedServer server, DnsEndPoint target)
    {
        _server = server;
        Target = target;
        _tags = [new("server", server.Name), new("target", $"{target.Host}:{target.Port}")];
    }

    public DnsEndPoint Target { get; }

    /// <summary>Completes when the server has stopped and the last connection has ended.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken token) => Completion = Task.Run(() => RunAsync(token), CancellationToken.None);

    public FeedPushStatus Status()
    {
        long retry = Interlocked.Read(ref _retryDelayTicks);
        return new FeedPushStatus(Target, Volatile.Read(ref _welcomed) != 0, Interlocked.Read(ref _connections), Interlocked.Read(ref _failures),
            Volatile.Read(ref _lastFailure), retry < 0 ? null : TimeSpan.FromTicks(retry));
    }

    /// <summary>The server welcomed this pusher's receiver (called from <see cref="FeedServer.TryRegister"/>).</summary>
    public void OnWelcomed()
    {
        Volatile.Write(ref _welcomed, 1);
        FeedMetrics.ServerPushConnected.Add(1, _tags);
    }

    private async Task RunAsync(CancellationToken token)
    {
        int failures = 0;
        while (!token.IsCancellationRequested)
        {
            if (failures > 0)
            {
                var delay = Backoff(failures);
                Interlocked.Exchange(ref _retryDelayTicks, delay.Ticks);
                try
                {
                    await Task.Delay(delay, _server.TimeProvider, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    Interlocked.Exchange(ref _retryDelayTicks, -1);
                }
            }

            var socket = await DialAsync(token).ConfigureAwait(false);
            if (socket is null)
            {
                failures++;
                continue;
            }

            Interlocked.Increment(ref _connections);
            FeedReceiver? receiver;
            try
            {
                receiver = _server.Serve(socket, this);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
            {
                // Whatever one connection does while it is set up, the target is dialled again.
                socket.Dispose();
                receiver = null;
            }

            if (receiver is null)
            {
                if (token.IsCancellationRequested) return;
                Fail("unreachable", "the connection was reset as it was set up");
                failures++;
                continue;
            }

            try
            {
                await receiver.Completion.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Connection errors end the connection only; its reason is counted by the server.
            }

            if (Interlocked.Exchange(ref _welcomed, 0) != 0)
            {
                FeedMetrics.ServerPushConnected.Add(-1, _tags);
                // Served, then lost: dial again after the first wait.
                failures = 1;
            }
            else
            {
                if (token.IsCancellationRequested) return;
                Fail("handshake", $"connected, but the connection ended before the welcome ({receiver.EndReason}): another upstream may hold the receiver, or the secret or TLS does not match");
                failures++;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var options = _server.Options;
        double ms = options.PushInitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, options.PushMaxBackoff.TotalMilliseconds));
    }

    /// <summary>A connected socket, or <see langword="null"/> when the attempt failed (counted) or the server stops.</summary>
    private async Task<Socket?> DialAsync(CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(_server.Options.HandshakeTimeout, _server.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            await socket.ConnectAsync(Target, linked.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            socket.Dispose();
            var (reason, what) = ex switch
            {
                OperationCanceledException => ("timeout", $"not connected within {_server.Options.HandshakeTimeout.TotalSeconds:0.###} s (HandshakeTimeout)"),
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } => ("refused", "connection refused: is the receiver listening (FeedClientOptions.Listen)?"),
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => ("dns", $"the name is not resolved: {ex.Message}"),
                _ => ("unreachable", ex.Message),
            };
            Fail(reason, what);
            return null;
        }
        catch (Exception)
        {
            // The server is stopping.
            socket.Dispose();
            return null;
        }
    }

    private void Fail(string reason, string what)
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastFailure, $"{Target.Host}:{Target.Port}: {what}");
        FeedMetrics.ServerPushFailures.Add(1, _tags[0], _tags[1], new("reason", reason));
        _server.LogPushFailed(Target, reason, what);
    }
}
