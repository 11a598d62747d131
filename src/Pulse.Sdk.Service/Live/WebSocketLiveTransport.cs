using System.Net.WebSockets;

namespace Pulse.Sdk.Service.Live;

/// <summary>Sends live messages as WebSocket text messages.</summary>
internal sealed class WebSocketLiveTransport(WebSocket socket) : ILiveTransport
{
    public string Name => "websocket";

    public Task SendAsync(LiveMessage message, CancellationToken cancellationToken) =>
        socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
