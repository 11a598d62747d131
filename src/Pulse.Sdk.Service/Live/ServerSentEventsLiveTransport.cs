using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pulse.Sdk.Service.Live;

/// <summary>Sends live messages as Server-Sent Events: <c>event: snapshot|delta|heartbeat|error</c>, <c>id: seq</c> (for snapshots and deltas), <c>data: json</c>.</summary>
internal sealed class ServerSentEventsLiveTransport(HttpResponse response) : ILiveTransport
{
    public string Name => "sse";

    public async Task SendAsync(LiveMessage message, CancellationToken cancellationToken)
    {
        var head = new StringBuilder().Append("event: ").Append(message.Type).Append('\n');
        if (message.Seq is { } seq) head.Append("id: ").Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        head.Append("data: ");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        // The JSON is one line (no indentation), so one data field carries it.
        await response.Body.WriteAsync(message.ToUtf8(), cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
