using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>Values of a layout over REST (snapshot and history): a stale value says so, a current one is as it always was.</summary>
public sealed class LayoutValuesTests
{
    [Fact]
    public async Task A_stale_value_has_stale_true_with_its_last_number_and_a_current_one_has_no_stale_member()
    {
        await using var host = await ServiceHost.StartAsync();
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        var t0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        host.Scripted.Publish(
            ServiceHost.Change("t1", "q1", "Waiting", 3),
            ServiceHost.Change("t1", "q1", "ServiceLevel1", 0) with { Value = new StatisticValue(87.5) { Stale = true } });
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1)];
        host.Scripted.History.AddRange([new(t0, new StatisticValue(86) { Stale = true }), new(t0.AddSeconds(1), new StatisticValue(88))]);
        var alice = host.Client("alice@t1");

        var snapshot = await (await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();
        var history = await (await alice.GetAsync(
            $"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q1&alias=SL&resolution=1s&from=2026-11-26T10:00:00Z&to=2026-11-26T10:00:01Z")).ReadJsonAsync();

        var values = snapshot.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("alias").GetString()!);
        Assert.True(values["SL"].GetProperty("stale").GetBoolean());
        Assert.Equal(87.5, values["SL"].GetProperty("value").GetDouble());
        Assert.False(values["Waiting"].TryGetProperty("stale", out _));
        Assert.Equal(3, values["Waiting"].GetProperty("value").GetDouble());
        var points = history.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, points.Count);
        Assert.True(points[0].GetProperty("stale").GetBoolean());
        Assert.Equal(86, points[0].GetProperty("value").GetDouble());
        Assert.False(points[1].TryGetProperty("stale", out _));
    }
}
