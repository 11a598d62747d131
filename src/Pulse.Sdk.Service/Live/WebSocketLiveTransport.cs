using System.Net.WebSockets;

namespace Pulse.Sdk.Service.Live;

/// <summary>Sends live messages as WebSocket text messages, each encoded into a pooled buffer.</summary>
internal sealed class WebSocketLiveTransport(WebSocket socket) : ILiveTransport
{
    public string Name => "websocket";

    public async Task SendAsync(LiveMessage message, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter();
        message.WriteTo(buffer);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }
}
