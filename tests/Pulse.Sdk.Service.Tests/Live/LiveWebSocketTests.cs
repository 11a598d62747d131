using System.Net.WebSockets;
using System.Text.Json;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>The live push over a real WebSocket, on a manual clock: rates, heartbeats and refreshes move only when the test advances it.</summary>
public sealed class LiveWebSocketTests
{
    private static readonly (ObjectType, string)[] OnlyQ1 = [(ObjectType.Queue, "q1")];

    private static async Task<(ServiceHost Host, FakeTimeProvider Time)> StartAsync(Action<PulseServiceOptions>? configure = null)
    {
        var time = new FakeTimeProvider(TestTime.Start);
        var host = await ServiceHost.StartAsync(o =>
        {
            o.HeartbeatInterval = TimeSpan.FromHours(1);
            o.PermissionRefreshInterval = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        }, time: time);
        return (host, time);
    }

    private static Dictionary<(string Object, string Alias), double?> Values(JsonElement message) =>
        message.GetProperty("values").EnumerateArray().ToDictionary(
            v => (v.GetProperty("object").GetProperty("id").GetString()!, v.GetProperty("alias").GetString()!),
            v => v.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : v.GetProperty("value").GetDouble());

    [Fact]
    public async Task A_subscription_gets_a_snapshot_then_deltas_with_seq_growing_by_one()
    {
        var (host, time) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q1", "ServiceLevel1", 80));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id }, maxRate = 4 });
        var snapshot = await live.ReceiveAsync("snapshot");
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 7));
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(250));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 4));
        var delta2 = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(250));

        Assert.Equal("s1", snapshot.GetProperty("sub").GetString());
        Assert.Equal(1, snapshot.GetProperty("seq").GetInt64());
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 3, [("q1", "SL")] = 80 }, Values(snapshot));
        var value = snapshot.GetProperty("values")[0];
        Assert.Equal(layout.Id, value.GetProperty("layout").GetGuid());
        Assert.Equal("Queue", value.GetProperty("object").GetProperty("type").GetString());
        Assert.Equal(2, delta.GetProperty("seq").GetInt64());
        Assert.Equal(new Dictionary<(string, string), double?> { [("q2", "Waiting")] = 7 }, Values(delta));
        Assert.Equal("Waiting", delta.GetProperty("values")[0].GetProperty("statistic").GetString());
        Assert.Equal(3, delta2.GetProperty("seq").GetInt64());
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 4 }, Values(delta2));
    }

    [Fact]
    public async Task A_stale_value_carries_stale_true_in_snapshots_and_deltas_and_a_current_one_no_stale_member()
    {
        var (host, time) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        static StatisticChange Stale(string queue, string statistic, double value) =>
            ServiceHost.Change("t1", queue, statistic, value) with { Value = new StatisticValue(value) { Stale = true } };
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), Stale("q1", "ServiceLevel1", 87.5));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        static JsonElement Value(JsonElement message, string alias) =>
            message.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("alias").GetString() == alias);

        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id }, maxRate = 4 });
        var snapshot = await live.ReceiveAsync("snapshot");
        host.Scripted.Publish(Stale("q1", "Waiting", 4));
        var staleDelta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(250));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 5));
        var currentDelta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(250));

        Assert.True(Value(snapshot, "SL").GetProperty("stale").GetBoolean());
        Assert.Equal(87.5, Value(snapshot, "SL").GetProperty("value").GetDouble());
        Assert.False(Value(snapshot, "Waiting").TryGetProperty("stale", out _));
        Assert.True(Value(staleDelta, "Waiting").GetProperty("stale").GetBoolean());
        Assert.Equal(4, Value(staleDelta, "Waiting").GetProperty("value").GetDouble());
        Assert.False(Value(currentDelta, "Waiting").TryGetProperty("stale", out _));
        Assert.Equal(5, Value(currentDelta, "Waiting").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_fast_stream_is_coalesced_to_the_latest_value_at_most_maxRate_messages_per_second()
    {
        var (host, time) = await StartAsync(o => (o.MaxPushRatePerSecond, o.DefaultPushRatePerSecond) = (2, 2));
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id }, maxRate = 100 }); // clamped to 2
        Assert.Empty(Values(await live.ReceiveAsync("snapshot")));

        for (var i = 1; i <= 1000; i++)
            host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", i), ServiceHost.Change("t1", "q2", "Waiting", -i));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Null(await live.TryReceiveAsync(TimeSpan.FromMilliseconds(300)));   // 500 ms after the snapshot at the earliest
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, delta.GetProperty("seq").GetInt64());
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 1000, [("q2", "Waiting")] = -1000 }, Values(delta));

        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1001));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Null(await live.TryReceiveAsync(TimeSpan.FromMilliseconds(300)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 1001 }, Values(await live.ReceiveAsync("delta")));
    }

    [Fact]
    public async Task Values_of_objects_outside_the_users_access_are_never_delivered_and_other_tenants_layouts_are_refused()
    {
        var (host, time) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, OnlyQ1);
        var (_, layout, _) = await host.SeedAsync();
        var (_, theirs, _) = await host.SeedAsync("t2");
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 99), ServiceHost.Change("t2", "q1", "Waiting", 98));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "subscribe", sub = "other", layouts = new[] { theirs.Id } });
        var refused = await live.ReceiveAsync("error");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        var snapshot = await live.ReceiveAsync("snapshot");
        for (var i = 0; i < 50; i++) host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", i), ServiceHost.Change("t2", "q1", "Waiting", i));
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 5));
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromSeconds(1));

        Assert.Equal("other", refused.GetProperty("sub").GetString());
        Assert.Equal($"layouts[0]: no layout {theirs.Id}", refused.GetProperty("message").GetString());
        Assert.Empty(Values(snapshot));
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 5 }, Values(delta));
    }

    [Fact]
    public async Task When_permissions_change_the_subscription_is_rerouted_with_a_new_snapshot()
    {
        var (host, time) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1), ServiceHost.Change("t1", "q2", "Waiting", 2));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        Assert.Equal(2, Values(await live.ReceiveAsync("snapshot")).Count);

        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, OnlyQ1);
        host.Hub.RefreshPermissions("t1", "alice");
        var again = await live.ReceiveAsync("snapshot");
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 20), ServiceHost.Change("t1", "q1", "Waiting", 10));
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromSeconds(1));

        Assert.Equal(2, again.GetProperty("seq").GetInt64());
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 1 }, Values(again));
        Assert.Equal(new Dictionary<(string, string), double?> { [("q1", "Waiting")] = 10 }, Values(delta));

        host.Permissions.Remove("t1", "alice");
        time.Advance(TimeSpan.FromHours(1)); // the periodic refresh
        Assert.Equal("the user's permissions were withdrawn", (await live.ReceiveAsync("error")).GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await live.WaitForCloseAsync());
    }

    [Fact]
    public async Task Lost_changes_and_a_clients_resync_are_answered_with_a_new_snapshot()
    {
        var (host, _) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");

        host.Scripted.SetSilently(ServiceHost.Change("t1", "q1", "Waiting", 2)); // a change the pub/sub lost
        host.Scripted.Gap("t1");
        var afterGap = await live.ReceiveAsync("snapshot");
        host.Scripted.SetSilently(ServiceHost.Change("t1", "q1", "Waiting", 3));
        await live.SendAsync(new { op = "resync", sub = "s1" });
        var afterResync = await live.ReceiveAsync("snapshot");
        await live.SendAsync(new { op = "resync", sub = "nope" });
        var unknown = await live.ReceiveAsync("error");

        Assert.Equal(2, afterGap.GetProperty("seq").GetInt64());
        Assert.Equal(2, Values(afterGap)[("q1", "Waiting")]);
        Assert.Equal(3, afterResync.GetProperty("seq").GetInt64());
        Assert.Equal(3, Values(afterResync)[("q1", "Waiting")]);
        Assert.Equal("sub: no such subscription", unknown.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Heartbeats_come_every_interval_and_answer_a_ping()
    {
        var (host, time) = await StartAsync(o => o.HeartbeatInterval = TimeSpan.FromSeconds(5));
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        var start = time.GetUtcNow();

        time.Advance(TimeSpan.FromSeconds(5));
        var beat = await live.ReceiveAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        var beat2 = await live.ReceiveAsync();
        await live.SendAsync(new { op = "ping" });
        var pong = await live.ReceiveAsync();

        Assert.Equal("heartbeat", beat.GetProperty("type").GetString());
        Assert.Equal(start.AddSeconds(5), beat.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(start.AddSeconds(10), beat2.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("heartbeat", pong.GetProperty("type").GetString());
        Assert.False(beat.TryGetProperty("seq", out _));
    }

    [Fact]
    public async Task Bad_client_messages_get_errors_naming_the_field_and_a_too_large_one_closes_the_socket()
    {
        var (host, _) = await StartAsync(o => o.MaxClientMessageBytes = 1024);
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        host.Permissions.Set("t1", "bob", PulsePrivilege.ViewDashboardRestricted, all: true);
        var (_, layout, _) = await host.SeedAsync();
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        async Task<string> ErrorFor(object message)
        {
            await live.SendAsync(message);
            return (await live.ReceiveAsync("error")).GetProperty("message").GetString()!;
        }

        await live.SendRawAsync("{nope"u8.ToArray());
        Assert.Equal("message: not valid JSON", (await live.ReceiveAsync("error")).GetProperty("message").GetString());
        Assert.Equal("op: one of subscribe, unsubscribe, resync, ping", await ErrorFor(new { op = "dance" }));
        Assert.Equal("sub: required", await ErrorFor(new { op = "subscribe", layouts = new[] { layout.Id } }));
        Assert.Equal("layouts[1]: not a GUID", await ErrorFor(new { op = "subscribe", sub = "s", layouts = new[] { layout.Id.ToString(), "x" } }));
        Assert.Equal("layouts: at least one layout id", await ErrorFor(new { op = "subscribe", sub = "s", layouts = Array.Empty<Guid>() }));
        Assert.Equal("maxRate: from 0.01 to 1000 messages per second (above MaxPushRatePerSecond, 10, it is lowered to it), was 0",
            await ErrorFor(new { op = "subscribe", sub = "s", layouts = new[] { layout.Id }, maxRate = 0 }));
        Assert.Equal(0, host.Hub.SubscriptionCount);

        // A restricted user sees layouts on shared tabs only: this one answers like a missing layout.
        await using var bob = await LiveClient.ConnectAsync(host, "bob@t1");
        await bob.SendAsync(new { op = "subscribe", sub = "s", layouts = new[] { layout.Id } });
        Assert.Equal($"layouts[0]: no layout {layout.Id}", (await bob.ReceiveAsync("error")).GetProperty("message").GetString());

        await live.SendRawAsync(new byte[4096]);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await live.WaitForCloseAsync());
    }

    [Fact]
    public async Task Unsubscribing_stops_the_values_and_closing_the_socket_releases_the_subscriptions()
    {
        var (host, time) = await StartAsync();
        await using var hosted = host;
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "a", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        await live.SendAsync(new { op = "subscribe", sub = "b", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        Assert.Equal(2, host.Hub.SubscriptionCount);

        await live.SendAsync(new { op = "unsubscribe", sub = "a" });
        await live.SendAsync(new { op = "ping" });
        await live.ReceiveAsync("heartbeat"); // the unsubscribe was handled before the ping
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1));
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromSeconds(1));
        Assert.Equal("b", delta.GetProperty("sub").GetString());
        Assert.Equal(1, host.Hub.SubscriptionCount);

        await live.DisposeAsync();
        await Eventually.HoldsAsync(() => host.Hub.SubscriptionCount == 0 && host.Hub.ConnectionCount == 0, TimeSpan.FromSeconds(15));
        Assert.Equal(0, host.Hub.SubscriptionCount);
        Assert.Equal(0, host.Hub.ConnectionCount);
    }
}
