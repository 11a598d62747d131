using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>The one-process topology: no database, the engine's flushes feed the service through <see cref="InProcessStatisticValueSource"/>.</summary>
public sealed class InProcessValuesTests
{
    [Fact]
    public async Task Values_computed_by_an_engine_reach_the_snapshot_and_the_live_subscribers()
    {
        await using var inProcess = await ServiceHost.StartAsync(values: new InProcessStatisticValueSource());
        var source = (InProcessStatisticValueSource)inProcess.Values;
        inProcess.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await inProcess.SeedAsync();
        var clock = new ReplayClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var engine = new StatisticsEngine(ServiceHost.Configuration, new StatisticsEngineOptions { TimeProvider = clock });
        engine.AddSink(source);
        engine.Open(new StatisticRequest(StandardCatalogue.Waiting, new ObjectRef("t1", ObjectType.Queue, "q1")));
        engine.Flush();
        await using var live = await LiveClient.ConnectAsync(inProcess, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id }, maxRate = 10 });
        var snapshot = await live.ReceiveAsync("snapshot");

        clock.AdvanceTo(clock.GetUtcNow().AddSeconds(1));
        Assert.Equal(EventOutcome.Applied, engine.Apply(new PulseEvent { Seq = 1, Type = PulseEventType.Queued, Source = EventSourceKind.Voice, Tenant = "t1", Time = clock.GetUtcNow(), ConnId = "c1", Dn = "7001" }));
        engine.Flush();
        var delta = await live.ReceiveAsync("delta");
        var rest = await (await inProcess.Client("alice@t1").GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot")).ReadJsonAsync();

        Assert.Equal(0, Assert.Single(snapshot.GetProperty("values").EnumerateArray()).GetProperty("value").GetDouble());
        var value = Assert.Single(delta.GetProperty("values").EnumerateArray());
        Assert.Equal(1, value.GetProperty("value").GetDouble());
        Assert.Equal(clock.GetUtcNow(), value.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(1, Assert.Single(rest.GetProperty("values").EnumerateArray()).GetProperty("value").GetDouble());
    }
}
