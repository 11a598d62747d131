using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>A real <see cref="ClientWebSocket"/> on <c>/api/live</c>, reading server messages as JSON.</summary>
internal sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;

    private readonly System.Threading.Channels.Channel<(JsonElement? Message, WebSocketCloseStatus? Close)> _messages =
        System.Threading.Channels.Channel.CreateUnbounded<(JsonElement?, WebSocketCloseStatus?)>();
    private readonly Task _pump;

    private LiveClient(ClientWebSocket socket)
    {
        _socket = socket;
        _pump = PumpAsync();
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _messages.Writer.TryWrite((null, result.CloseStatus));
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                _messages.Writer.TryWrite((JsonDocument.Parse(message.ToArray()).RootElement.Clone(), null));
                message.SetLength(0);
            }
        }
        catch (WebSocketException e)
        {
            CutBy = e;
            _messages.Writer.TryWrite((null, null));
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public WebSocketState State => _socket.State;

    /// <summary>Why the socket was cut (no close frame), for the failure messages of tests; null otherwise.</summary>
    public WebSocketException? CutBy { get; private set; }

    public static async Task<LiveClient> ConnectAsync(ServiceHost host, string? who)
    {
        var socket = new ClientWebSocket();
        if (who is not null) socket.Options.SetRequestHeader("Authorization", $"{TestAuthenticationHandler.SchemeName} {who}");
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(host.LiveUri, timeout.Token);
        return new LiveClient(socket);
    }

    /// <summary>A socket opened with these request headers (a browser's cookie and Origin, say).</summary>
    public static async Task<LiveClient> ConnectWithHeadersAsync(ServiceHost host, IReadOnlyDictionary<string, string> headers)
    {
        var socket = new ClientWebSocket();
        foreach (var (name, value) in headers) socket.Options.SetRequestHeader(name, value);
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(host.LiveUri, timeout.Token);
        return new LiveClient(socket);
    }

    public async Task SendAsync(object message)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next server message; fails after <see cref="Wait"/>. A background pump reads the socket, so giving up here never aborts it.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? Wait);
        var item = await _messages.Reader.ReadAsync(timeout.Token);
        return item.Message ?? throw new WebSocketException($"closed by the server: {item.Close}");
    }

    /// <summary>The next message of <paramref name="type"/>, skipping heartbeats.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        while (true)
        {
            var m = await ReceiveAsync();
            var t = m.GetProperty("type").GetString();
            if (t == type) return m;
            if (t != "heartbeat") throw new InvalidOperationException($"expected a {type} message, got {m}");
        }
    }

    /// <summary>
    /// The next message of <paramref name="type"/> (heartbeats skipped), moving the fake clock by <paramref name="step"/>
    /// until it comes: a published change reaches the connection on another thread, so a single step may land before the
    /// change does, and its send would then wait for a clock that never moves again. Fails after <see cref="Wait"/>.
    /// </summary>
    public async Task<JsonElement> ReceiveAdvancingAsync(string type, FakeTimeProvider time, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            time.Advance(step);
            while (await TryReceiveAsync(TimeSpan.FromMilliseconds(300)) is { } m)
            {
                var t = m.GetProperty("type").GetString();
                if (t == type) return m;
                if (t != "heartbeat") throw new InvalidOperationException($"expected a {type} message, got {m}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {type} message within {Wait} while the clock moved by {step} steps");
        }
    }

    /// <summary>Whether a message arrives within <paramref name="wait"/> (used only where none is expected).</summary>
    public async Task<JsonElement?> TryReceiveAsync(TimeSpan wait)
    {
        try
        {
            return await ReceiveAsync(wait);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>How the server closed the socket (null when it was aborted), skipping the messages before.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var item = await _messages.Reader.ReadAsync(timeout.Token);
            if (item.Message is null) return item.Close;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        _socket.Dispose();
        await _pump;
    }
}
