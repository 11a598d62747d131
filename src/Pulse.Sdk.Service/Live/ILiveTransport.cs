namespace Pulse.Sdk.Service.Live;

/// <summary>How a <see cref="LiveConnection"/>'s messages leave: a WebSocket text message or a Server-Sent Event.</summary>
internal interface ILiveTransport
{
    /// <summary>"websocket" or "sse": the <c>transport</c> tag of <c>pulse_live_connections</c>.</summary>
    string Name { get; }

    /// <summary>Sends one message; only one send is in progress at a time.</summary>
    Task SendAsync(LiveMessage message, CancellationToken cancellationToken);
}
