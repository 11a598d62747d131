using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hep;

/// <summary>
/// An <see cref="IEventSource"/> that listens for HEP v3 packets over UDP and TCP (Kamailio <c>siptrace</c>,
/// sngrep <c>-H</c> ...), parses the SIP messages they carry and turns the calls into voice events with a
/// <see cref="SipDialogTracker"/>.
/// </summary>
/// <remarks>
/// A bad packet never stops a listener: it is counted in <see cref="RejectedCount"/> and in the
/// <c>pulse_events_rejected_total</c> metric (tags <c>source</c> = the listener, for example <c>hep-udp:0.0.0.0:9060</c>,
/// and <c>reason</c>: <c>not_hep</c>, <c>malformed_hep</c>, <c>unsupported_protocol</c>, <c>auth_failed</c>,
/// <c>malformed_sip</c>), reported to <see cref="HepSourceOptions.OnRejected"/>, and the next packet is read.
/// A TCP stream that stops being HEP is closed, since its framing is lost. Listeners parse in parallel; one reader
/// applies the messages to the tracker in arrival order. The source can be read once.
/// </remarks>
public sealed class HepEventSource : IEventSource
{
    private readonly IPulseConfigurationProvider _configuration;
    private readonly byte[]? _authKey;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IPEndPoint> _udpBound = [];
    private readonly List<IPEndPoint> _tcpBound = [];
    private int _started;
    private int _tcpConnections;
    private long _packets;
    private long _rejected;
    private readonly ILogger _logger;
    // When the last rejection was logged as a warning: a sender of bad packets gets one a second, the rest at Debug.
    private long _lastRejectWarning = long.MinValue;

    /// <summary>Creates the source; nothing listens until <see cref="ReadAllAsync"/> starts.</summary>
    /// <param name="configuration">Supplies the queue and agent DNs.</param>
    /// <param name="options">Options; validated.</param>
    /// <param name="name">The source name; default <c>hep</c>.</param>
    /// <param name="logger">
    /// Where rejected packets (naming the peer), TCP connections and the listening addresses are logged besides
    /// <see cref="HepSourceOptions.OnRejected"/> and the metrics (docs/hep.md, "Logging"); <see langword="null"/> logs nothing.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public HepEventSource(IPulseConfigurationProvider configuration, HepSourceOptions options, string name = "hep", ILogger<HepEventSource>? logger = null)
    {
        _logger = logger ?? NullLogger<HepEventSource>.Instance;
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(name);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));
        _configuration = configuration;
        Options = options;
        Name = name;
        _authKey = options.AuthKey is null ? null : Encoding.UTF8.GetBytes(options.AuthKey);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The options in force.</summary>
    public HepSourceOptions Options { get; }

    /// <summary>Packets received so far (valid and rejected).</summary>
    public long PacketCount => Interlocked.Read(ref _packets);

    /// <summary>Packets rejected so far.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>Completes when every listener is bound (after <see cref="ReadAllAsync"/> starts); faults when one cannot bind.</summary>
    public Task Listening => _listening.Task;

    /// <summary>The bound UDP endpoints (actual ports when 0 was asked), once <see cref="Listening"/> completed.</summary>
    public IReadOnlyList<IPEndPoint> UdpLocalEndpoints => _udpBound;

    /// <summary>The bound TCP endpoints, once <see cref="Listening"/> completed.</summary>
    public IReadOnlyList<IPEndPoint> TcpLocalEndpoints => _tcpBound;

    /// <summary>Listens and yields the events of the captured calls until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops listening.</param>
    /// <returns>The events, in the order the tracker produced them.</returns>
    /// <exception cref="InvalidOperationException">The source is read a second time.</exception>
    /// <exception cref="SocketException">An endpoint cannot be bound.</exception>
    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException($"the HEP source '{Name}' can be read only once");
        var tracker = new SipDialogTracker(_configuration, Options.Dialogs);
        var channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(Options.QueueCapacity)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sockets = new List<Socket>();
        var loops = new List<Task>();
        try
        {
            try
            {
                foreach (var ep in Options.UdpEndpoints)
                {
                    var udp = new Socket(ep.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(udp);
                    udp.ReceiveBufferSize = 4 * 1024 * 1024;
                    udp.Bind(ep);
                    var bound = (IPEndPoint)udp.LocalEndPoint!;
                    _udpBound.Add(bound);
                    loops.Add(Task.Run(() => UdpLoopAsync(udp, $"hep-udp:{bound}", channel.Writer, stop.Token), CancellationToken.None));
                }

                foreach (var ep in Options.TcpEndpoints)
                {
                    var tcp = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    sockets.Add(tcp);
                    tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    tcp.Bind(ep);
                    tcp.Listen(128);
                    var bound = (IPEndPoint)tcp.LocalEndPoint!;
                    _tcpBound.Add(bound);
                    loops.Add(Task.Run(() => AcceptLoopAsync(tcp, $"hep-tcp:{bound}", channel.Writer, stop.Token), CancellationToken.None));
                }

                loops.Add(Task.Run(() => TickLoopAsync(channel.Writer, stop.Token), CancellationToken.None));
            }
            catch (Exception e)
            {
                _listening.TrySetException(e);
                throw;
            }

            HepLog.Listening(_logger, Name, _udpBound, _tcpBound);
            _listening.TrySetResult();
            var events = new List<PulseEvent>();
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Clear();
                if (item.Message is null) tracker.Expire(events);
                else tracker.Process(item.Message, item.Time, events);
                foreach (var e in events) yield return e;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var s in sockets) s.Dispose();
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Loops end with the sockets; their errors after a stop do not matter.
            }
        }
    }

    /// <summary>Decodes one packet into a SIP message, counting and reporting it when rejected. Never throws.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="listener">The listener's label.</param>
    /// <param name="captureTime">The capture time the packet carries.</param>
    /// <param name="peer">Who sent it, for the log; <see langword="null"/> when unknown.</param>
    internal SipMessage? Decode(ReadOnlyMemory<byte> packet, string listener, out DateTimeOffset? captureTime, EndPoint? peer = null)
    {
        Interlocked.Increment(ref _packets);
        if (HepMetrics.Packets.Enabled) HepMetrics.Packets.Add(1, new KeyValuePair<string, object?>("listener", listener));
        captureTime = null;
        try
        {
            if (!HepPacket.TryDecode(packet, out var hep, out var error)) return Reject(listener, peer, error.Reason, error.Message);
            if (_authKey is not null && !hep.AuthKey.Span.SequenceEqual(_authKey))
                return Reject(listener, peer, "auth_failed", "the auth key (chunk 14) is missing or does not match HepSourceOptions.AuthKey");
            if (hep.ProtocolType is not (HepPacket.ProtocolTypeSip or 0))
                return Reject(listener, peer, "unsupported_protocol", $"protocol type {hep.ProtocolType} is not SIP (1)");
            if (!SipMessage.TryParse(hep.Payload.Span, out var sip, out var sipError)) return Reject(listener, peer, "malformed_sip", "malformed SIP: " + sipError);
            captureTime = hep.Timestamp;
            return sip;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Reject(listener, peer, "malformed_sip", "undecodable packet: " + e.Message);
        }
    }

    private SipMessage? Reject(string listener, EndPoint? peer, string reason, string message)
    {
        Interlocked.Increment(ref _rejected);
        PulseMetrics.CountRejected(listener, reason);
        if (_logger.IsEnabled(LogLevel.Debug)) LogRejected(listener, peer, reason, message);
        try
        {
            Options.OnRejected?.Invoke(new EventRejectedException(listener, 0, message));
        }
        catch (Exception)
        {
            // A failing callback must not stop the listener.
        }

        return null;
    }

    private async Task UdpLoopAsync(Socket socket, string listener, ChannelWriter<Item> writer, CancellationToken ct)
    {
        var buffer = new byte[HepPacket.MaxLength + 1];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. an ICMP port-unreachable reported on the socket
            }

            if (Decode(buffer.AsMemory(0, received.ReceivedBytes), listener, out var time, received.RemoteEndPoint) is { } sip)
            {
                try
                {
                    await writer.WriteAsync(new Item(sip, time), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task AcceptLoopAsync(Socket listenerSocket, string listener, ChannelWriter<Item> writer, CancellationToken ct)
    {
        var connections = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listenerSocket.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            if (Interlocked.Increment(ref _tcpConnections) > Options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _tcpConnections);
                Reject(listener, client.RemoteEndPoint, "too_many_connections", $"more than {Options.MaxTcpConnections} TCP connections (HepSourceOptions.MaxTcpConnections): closed {client.RemoteEndPoint}");
                client.Dispose();
                continue;
            }

            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(Task.Run(() => ConnectionLoopAsync(client, listener, writer, ct), CancellationToken.None));
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task ConnectionLoopAsync(Socket client, string listener, ChannelWriter<Item> writer, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HepPacket.MaxLength);
        var peer = client.RemoteEndPoint;
        var peerText = peer?.ToString() ?? "?";
        HepLog.TcpConnected(_logger, Name, peerText, listener);
        try
        {
            using var stream = new NetworkStream(client, ownsSocket: true);
            while (!ct.IsCancellationRequested)
            {
                if (!await ReadExactlyOrEndAsync(stream, buffer.AsMemory(0, HepPacket.HeaderLength), ct).ConfigureAwait(false)) return;
                int length = HepPacket.ReadDeclaredLength(buffer);
                if (length < HepPacket.HeaderLength)
                {
                    Decode(buffer.AsMemory(0, HepPacket.HeaderLength), listener, out _, peer); // counts not_hep / truncated
                    Reject(listener, peer, "stream_closed", "the TCP stream is not HEP3 framed any more: connection closed");
                    return;
                }

                if (!await ReadExactlyOrEndAsync(stream, buffer.AsMemory(HepPacket.HeaderLength, length - HepPacket.HeaderLength), ct).ConfigureAwait(false))
                {
                    Decode(buffer.AsMemory(0, HepPacket.HeaderLength), listener, out _, peer); // the stream ended inside a packet: truncated
                    return;
                }

                if (Decode(buffer.AsMemory(0, length), listener, out var time, peer) is { } sip)
                    await writer.WriteAsync(new Item(sip, time), ct).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The peer went away, or the source stopped: this connection ends, the listener goes on.
        }
        finally
        {
            Interlocked.Decrement(ref _tcpConnections);
            ArrayPool<byte>.Shared.Return(buffer);
            HepLog.TcpDisconnected(_logger, Name, peerText, listener);
        }
    }

    // The peer's text is made only when the warning is logged.
    private void LogRejected(string listener, EndPoint? peer, string reason, string message)
    {
        var time = Options.Dialogs.TimeProvider;
        long now = time.GetTimestamp();
        long last = Interlocked.Read(ref _lastRejectWarning);
        bool warn = (last == long.MinValue || time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1))
            && Interlocked.CompareExchange(ref _lastRejectWarning, now, last) == last;
        var sender = peer?.ToString() ?? "unknown";
        if (warn) HepLog.Rejected(_logger, Name, sender, listener, reason, message);
        else HepLog.RejectedAgain(_logger, Name, sender, listener, reason, message);
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        return read == buffer.Length;
    }

    private async Task TickLoopAsync(ChannelWriter<Item> writer, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(Options.ExpireInterval, Options.Dialogs.TimeProvider, ct).ConfigureAwait(false);
                await writer.WriteAsync(new Item(null, null), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly record struct Item(SipMessage? Message, DateTimeOffset? Time);
}
