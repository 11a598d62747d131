using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Pulse.Host;

namespace Pulse.Host.Tests;

/// <summary>The host's web application: demo logins, dashboards filtered by permissions, live push of the simulator's values.</summary>
public class PulseWebHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_live_mode_serves_the_api_the_team_lead_sees_only_their_queue_and_values_arrive_over_the_websocket()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new StringWriter();
        var console = new HostConsole(new StringWriter(), error, () => Stream.Null, IsOutputRedirected: true);
        var live = new LiveCommand(console) { PlainInterval = TimeSpan.FromHours(1), WebStarted = started.SetResult };
        var run = live.RunAsync(new LiveOptions(Speed: 20, HttpPort: 0), stop.Token);
        try
        {
            var address = await started.Task.WaitAsync(Deadline);
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address };

            var refused = await http.PostAsJsonAsync("api/session/login", new { username = DemoSite.TeamLead, password = "wrong" });
            var anonymous = await http.GetAsync("api/wbrt/tabs");
            var login = await http.PostAsJsonAsync("api/session/login", new { username = DemoSite.TeamLead, password = DemoSite.Password });
            var tabs = await http.GetFromJsonAsync<JsonElement>("api/wbrt/tabs");
            var objects = await http.GetFromJsonAsync<JsonElement>("api/wbrt/objects?type=Queue");

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
            Assert.Contains($"wallboard: {address}", error.ToString(), StringComparison.Ordinal);
            var tab = Assert.Single(tabs.GetProperty("items").EnumerateArray());
            Assert.Equal("Contact center", tab.GetProperty("name").GetString());
            Assert.Equal(["q001"], objects.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));

            // The team lead's dashboard: a Queues widget on q001 and an Agent groups widget on g001, and nothing else.
            var layouts = tab.GetProperty("layoutIds").EnumerateArray().Select(l => l.GetString()!).ToArray();
            Assert.Equal(2, layouts.Length);
            foreach (var layout in layouts)
            {
                var snapshot = await http.GetFromJsonAsync<JsonElement>($"api/wbrt/layouts/{layout}/snapshot");
                var ids = snapshot.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("object").GetProperty("id").GetString()).Distinct().ToArray();
                Assert.True(ids is ["q001"] or ["g001"], string.Join(",", ids));
            }

            // Live push: a snapshot, then deltas with consecutive seq as the simulator runs (20x real time).
            using var socket = new ClientWebSocket();
            socket.Options.Cookies = cookies;
            await socket.ConnectAsync(new Uri(address, "api/live") is var u ? new UriBuilder(u) { Scheme = "ws" }.Uri : null!, stop.Token);
            var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { op = "subscribe", sub = "s1", layouts, maxRate = 10 });
            await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, stop.Token);
            var seqs = new List<long>();
            var buffer = new byte[1 << 20];
            using var enough = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            enough.CancelAfter(Deadline);
            while (seqs.Count < 3)
            {
                var message = await ReceiveAsync(socket, buffer, enough.Token);
                if (message.GetProperty("type").GetString() is "snapshot" or "delta")
                {
                    Assert.Equal(seqs.Count == 0 ? "snapshot" : "delta", message.GetProperty("type").GetString());
                    seqs.Add(message.GetProperty("seq").GetInt64());
                    foreach (var v in message.GetProperty("values").EnumerateArray())
                        Assert.Contains(v.GetProperty("object").GetProperty("id").GetString(), new[] { "q001", "g001" });
                }
            }
            Assert.Equal([seqs[0], seqs[0] + 1, seqs[0] + 2], seqs);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage) return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
        }
    }
}
