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
        using var buffer = new PooledBufferWriter();
        Write(buffer, "event: ");
        Write(buffer, message.Type);
        Write(buffer, "\n");
        if (message.Seq is { } seq)
        {
            Write(buffer, "id: ");
            Write(buffer, seq.ToString(CultureInfo.InvariantCulture));
            Write(buffer, "\n");
        }
        Write(buffer, "data: ");
        // The JSON is one line (no indentation), so one data field carries it.
        message.WriteTo(buffer);
        Write(buffer, "\n\n");
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Write(PooledBufferWriter buffer, string text)
    {
        var n = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(n);
    }
}
