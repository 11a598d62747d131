using System.Text.Json;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>A live subscription to a query instead of layouts (docs/api.md, "Query API"), filtered as everything else.</summary>
public sealed class LiveQueryTests
{
    private static readonly (ObjectType, string)[] OnlyQ1 = [(ObjectType.Queue, "q1")];

    private static Dictionary<string, double> Values(JsonElement message) =>
        message.GetProperty("values").EnumerateArray().ToDictionary(
            v => $"{v.GetProperty("object").GetProperty("id").GetString()}/{v.GetProperty("statistic").GetString()}", v => v.GetProperty("value").GetDouble());

    [Fact]
    public async Task A_query_subscription_gets_a_snapshot_then_deltas_of_the_visible_objects_only()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var host = await ServiceHost.StartAsync(o => { o.HeartbeatInterval = TimeSpan.FromHours(1); o.PermissionRefreshInterval = TimeSpan.FromHours(1); }, time: time);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, OnlyQ1);
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 3), ServiceHost.Change("t1", "q2", "Waiting", 99), ServiceHost.Change("t1", "q1", "Entered", 40));
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "subscribe", sub = "q", query = new { objectTypes = new[] { "Queue" }, statistics = new[] { "Waiting" } }, maxRate = 4 });
        var snapshot = await live.ReceiveAsync("snapshot");
        host.Scripted.Publish(ServiceHost.Change("t1", "q2", "Waiting", 100), ServiceHost.Change("t1", "q1", "Waiting", 4), ServiceHost.Change("t1", "q1", "Entered", 41));
        var delta = await live.ReceiveAdvancingAsync("delta", time, TimeSpan.FromMilliseconds(250));

        Assert.Equal(new Dictionary<string, double> { ["q1/Waiting"] = 3 }, Values(snapshot));
        var value = snapshot.GetProperty("values")[0];
        Assert.Equal(Guid.Empty, value.GetProperty("layout").GetGuid());
        Assert.Equal("Waiting", value.GetProperty("alias").GetString());
        Assert.Equal(new Dictionary<string, double> { ["q1/Waiting"] = 4 }, Values(delta));
        Assert.Equal(2, delta.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_bad_or_forbidden_query_subscription_is_an_error_naming_the_field_and_subscribes_nothing()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, OnlyQ1);
        host.Permissions.Set("t1", "carol", PulsePrivilege.ViewDashboardRestricted, all: true);
        await using var alice = await LiveClient.ConnectAsync(host, "alice@t1");
        await using var carol = await LiveClient.ConnectAsync(host, "carol@t1");

        foreach (var (query, message) in new (object, string)[]
        {
            (new { objects = new[] { new { type = "Queue", id = "q2" } }, statistics = new[] { "Waiting" } }, "query.objects[0]: no object Queue:q2"),
            (new { objectTypes = new[] { "Queue" }, statistics = new[] { "Nope" } }, "query.statistics[0]: no statistic 'Nope'"),
            (new { objectTypes = new[] { "Queue" }, statistics = new[] { "Waiting" }, colour = "red" }, "query.colour: unknown field"),
        })
        {
            await alice.SendAsync(new { op = "subscribe", sub = "q", query });
            var error = await alice.ReceiveAsync("error");
            Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        await alice.SendAsync(new { op = "unsubscribe", sub = "q" });
        Assert.Equal("sub: no such subscription", (await alice.ReceiveAsync("error")).GetProperty("message").GetString());

        await carol.SendAsync(new { op = "subscribe", sub = "q", query = new { objectTypes = new[] { "Queue" }, statistics = new[] { "Waiting" } } });
        Assert.Equal("missing privilege ViewDashboard", (await carol.ReceiveAsync("error")).GetProperty("message").GetString());
    }
}
