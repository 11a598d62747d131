using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// One subscriber of the harness: a real <see cref="ClientWebSocket"/> on <c>/api/live</c> with a bearer token, one
/// subscription to one layout. Its receive loop stamps each complete message with <see cref="MarkerLedger.Now"/>
/// before reading it, hands marker values to the <see cref="MarkerLedger"/>, and counts messages, bytes and seq gaps.
/// </summary>
public sealed class LatencyClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly int _index;
    private readonly MarkerLedger _ledger;
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private long _messages;
    private long _bytes;
    private long _seqGaps;
    private long _lastSeq;

    private LatencyClient(int index, MarkerLedger ledger)
    {
        _index = index;
        _ledger = ledger;
    }

    public long Messages => Volatile.Read(ref _messages);

    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Deltas whose seq was not the previous message's plus one.</summary>
    public long SeqGaps => Volatile.Read(ref _seqGaps);

    /// <summary>Set when the receive loop failed (other than by the socket closing).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Connects, subscribes to <paramref name="layout"/> at <paramref name="maxRate"/> and waits for the snapshot.</summary>
    public static async Task<LatencyClient> ConnectAsync(int index, Uri live, string token, Guid layout, double maxRate, MarkerLedger ledger,
        CancellationToken cancellationToken)
    {
        var client = new LatencyClient(index, ledger);
        client._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        client._socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        await client._socket.ConnectAsync(live, cancellationToken).ConfigureAwait(false);
        client._receiving = Task.Run(client.ReceiveAsync, CancellationToken.None);
        var subscribe = Encoding.UTF8.GetBytes($$"""{"op":"subscribe","sub":"s","layouts":["{{layout}}"],"maxRate":{{maxRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        await client._socket.SendAsync(subscribe, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        await client._snapshot.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                var received = _ledger.Now();
                var scan = LiveMessageScan.Read(buffer.WrittenSpan);
                if (scan.Type is "snapshot" or "delta")
                {
                    if (scan.Type == "delta" && scan.Seq != _lastSeq + 1) Interlocked.Increment(ref _seqGaps);
                    _lastSeq = scan.Seq;
                    if (scan.MarkerValue >= 0) _ledger.Receive(_index, scan.MarkerValue, received);
                    if (scan.Type == "snapshot") _snapshot.TrySetResult();
                }
                else if (scan.Type == "error")
                {
                    throw new InvalidOperationException("the service answered an error: " + Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
                Volatile.Write(ref _messages, _messages + 1);
                Volatile.Write(ref _bytes, _bytes + buffer.WrittenCount);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException && _socket.State != WebSocketState.Open)
        {
            // Closed or aborted at the end of the run.
        }
        catch (Exception e)
        {
            Failure = e;
            _snapshot.TrySetException(e);
        }
    }

    /// <summary>Closes politely (within a second), then releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        _socket.Abort();
        _socket.Dispose();
        await _receiving.ConfigureAwait(false);
    }
}
