using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Live;

public sealed class ServerSentEventsTests
{
    /// <summary>Reads one event (its fields until the blank line).</summary>
    private static async Task<Dictionary<string, string>> ReadEventAsync(StreamReader reader)
    {
        var fields = new Dictionary<string, string>();
        using var timeout = new CancellationTokenSource(LiveClient.Wait);
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0) return fields;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            fields[line[..colon]] = line[(colon + 1)..].TrimStart();
        }
        throw new EndOfStreamException("the stream ended");
    }

    [Fact]
    public async Task The_stream_sends_a_snapshot_then_deltas_as_events_with_seq_ids_and_heartbeats()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var host = await ServiceHost.StartAsync(o => (o.HeartbeatInterval, o.PermissionRefreshInterval) = (TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)), time: time);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, [(Pulse.Sdk.Statistics.ObjectType.Queue, "q1")]);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 4));
        var client = host.Client("alice@t1");

        using var response = await client.GetAsync($"/api/live/sse?layouts={layout.Id}&maxRate=2", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var snapshot = await ReadEventAsync(reader);
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 40), ServiceHost.Change("t1", "q1", "Waiting", 30));
        time.Advance(TimeSpan.FromMilliseconds(500));
        var delta = await ReadEventAsync(reader);
        time.Advance(TimeSpan.FromSeconds(10));
        var heartbeat = await ReadEventAsync(reader);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("snapshot", snapshot["event"]);
        Assert.Equal("1", snapshot["id"]);
        var snapshotValue = Assert.Single(JsonDocument.Parse(snapshot["data"]).RootElement.GetProperty("values").EnumerateArray());
        Assert.Equal(3, snapshotValue.GetProperty("value").GetDouble());
        Assert.Equal("delta", delta["event"]);
        Assert.Equal("2", delta["id"]);
        var deltaValue = Assert.Single(JsonDocument.Parse(delta["data"]).RootElement.GetProperty("values").EnumerateArray());
        Assert.Equal(30, deltaValue.GetProperty("value").GetDouble());
        Assert.Equal("heartbeat", heartbeat["event"]);
        Assert.False(heartbeat.ContainsKey("id"));
    }

    [Fact]
    public async Task A_stream_on_a_layout_out_of_reach_is_404_and_without_a_view_privilege_403()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        host.Permissions.Set("t1", "bob", (PulsePrivilege)0, all: true, extra: PulsePrivilege.ManageUsers); // no view privilege at all
        var (_, theirs, _) = await host.SeedAsync("t2");

        var other = await host.Client("alice@t1").GetAsync($"/api/live/sse?layouts={theirs.Id}");
        var none = await host.Client("alice@t1").GetAsync($"/api/live/sse?layouts={Guid.NewGuid()}");
        var noView = await host.Client("bob@t1").GetAsync($"/api/live/sse?layouts={theirs.Id}");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal($"layouts[0]: no layout {theirs.Id}", await other.MessageAsync());
        Assert.Equal(HttpStatusCode.Forbidden, noView.StatusCode);
        Assert.Equal("missing privilege ViewDashboard", await noView.MessageAsync());
    }
}
