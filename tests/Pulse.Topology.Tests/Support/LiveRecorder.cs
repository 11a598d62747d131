using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Topology.Tests.Support;

/// <summary>
/// A wallboard's live connection through the ingress: one subscription over some layouts, reconnecting when the
/// socket drops (a replica killed). It keeps the values as the messages leave them and checks the protocol's promise:
/// each connection starts with a snapshot and every delta's <c>seq</c> is the previous one plus 1.
/// </summary>
internal sealed class LiveRecorder : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly string _cookie;
    private readonly Guid[] _layouts;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveValue> _values = [];
    private readonly List<string> _violations = [];
    private readonly string _origin;
    private Task _run = Task.CompletedTask;

    public LiveRecorder(Uri ingress, string cookie, IEnumerable<Guid> layouts)
    {
        _uri = new Uri(ingress, "api/live") is var u ? new UriBuilder(u) { Scheme = "ws" }.Uri : null!;
        _cookie = cookie;
        _origin = PulseApiClient.Origin(ingress);
        _layouts = layouts.ToArray();
    }

    public int Connections { get; private set; }

    public int Snapshots { get; private set; }

    public int Deltas { get; private set; }

    public IReadOnlyList<string> Violations { get { lock (_gate) return [.. _violations]; } }

    public Dictionary<string, LiveValue> Values { get { lock (_gate) return new(_values); } }

    public void Start() => _run = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await ConnectOnceAsync(_stop.Token);
            }
            catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or JsonException or InvalidOperationException && !_stop.IsCancellationRequested)
            {
                // The replica went away, or the ingress has no replica yet: connect again.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            try { await Task.Delay(200, _stop.Token); } // the reconnect interval
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task ConnectOnceAsync(CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Cookie", _cookie);
        ws.Options.SetRequestHeader("Origin", _origin);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await ws.ConnectAsync(_uri, connect.Token);
        }
        Connections++;
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { op = "subscribe", sub = "s1", layouts = _layouts, maxRate = 10 });
        await ws.SendAsync(subscribe, WebSocketMessageType.Text, true, ct);
        long? seq = null;
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (true)
        {
            message.SetLength(0);
            WebSocketReceiveResult r;
            do
            {
                r = await ws.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            var m = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!;
            var type = m["type"]?.GetValue<string>();
            if (type is not ("snapshot" or "delta")) continue;
            var s = m["seq"]!.GetValue<long>();
            lock (_gate)
            {
                if (type == "snapshot")
                {
                    Snapshots++;
                    if (seq is { } last && s != last + 1) _violations.Add($"connection {Connections}: snapshot seq {s} after {last}");
                    _values.Clear();
                }
                else
                {
                    Deltas++;
                    if (seq is null) _violations.Add($"connection {Connections}: a delta (seq {s}) before the first snapshot");
                    else if (s != seq + 1) _violations.Add($"connection {Connections}: delta seq {s} after {seq} (a gap without a resync)");
                }
                seq = s;
                foreach (var v in m["values"]!.AsArray())
                {
                    var value = LiveValue.From(v!);
                    if (value.Number is null && value.State is null) _values.Remove(value.Key);
                    else _values[value.Key] = value;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
