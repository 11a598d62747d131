using Pulse.Sdk.Metadata;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>
/// A current state's media goes from the engine through Redis to the API: the snapshot's value has the engine's
/// <c>media</c>, its formatted text shows it, and the query API answers it (docs/api.md, "Display formats").
/// </summary>
public sealed class RedisMediaTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_current_states_media_reaches_the_snapshot_through_redis()
    {
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var connection = await RedisTestEnvironment.ConnectAsync();
        await using var store = new RedisStatisticStore(connection, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var sim = new SimulatedEngine();
        sim.Engine.AddSink(store);
        sim.Run(TimeSpan.FromMinutes(2));
        await store.FlushAsync().WaitAsync(Wait);

        // The engine's own current states: the expected values.
        var engine = sim.Opened.Where(o => o.Type.Category == StatisticCategory.CurrentState && o.Object.Type == ObjectType.Agent)
            .ToDictionary(o => o.Object.Id, o => sim.Engine.Read(o));
        Assert.Contains(engine.Values, v => v.Media is not null);
        var agents = engine.Keys.Order(StringComparer.Ordinal).ToList();

        var metadata = new InMemoryMetadataStore();
        var currentState = StandardCatalogue.Agent.First(t => t.Category == StatisticCategory.CurrentState).Name;
        var template = await metadata.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = "demo", Name = "Agents", ObjectType = ObjectType.Agent,
            Statistics = [new("State", currentState) { DisplayFormat = ValueFormat.Status, StatusDisplay = new StatusDisplay { Template = "${status}/${media}" } }],
        });
        var layout = await metadata.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "demo", TemplateId = template.Id, Objects = [.. agents.Select(a => new LayoutObject(ObjectType.Agent, a))],
        });
        var (host, replicaConnection, reader) = await RedisReplicasTests.ReplicaAsync(metadata, prefix, sim.Configuration);
        await using var disposeConnection = replicaConnection;
        await using var disposeReader = reader;
        await using var disposeHost = host;

        var snapshot = await (await host.Client("alice@demo").GetAsync($"/api/wbrt/layouts/{layout.Id}/snapshot?values=formatted")).ReadJsonAsync();

        var values = snapshot.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("object").GetProperty("id").GetString()!);
        Assert.Equal(agents, values.Keys.Order(StringComparer.Ordinal));
        foreach (var agent in agents)
        {
            var expected = engine[agent];
            var value = values[agent];
            Assert.Equal(expected.State.ToString(), value.GetProperty("state").GetString());
            // Absent, not null, when the state has no media: values without one read as before.
            Assert.Equal(expected.Media?.ToString(), value.TryGetProperty("media", out var media) ? media.GetString() : null);
            Assert.EndsWith("/" + expected.Media, value.GetProperty("formatted").GetString(), StringComparison.Ordinal);
        }

        // The query API answers the same media, flat and grouped by object.
        var query = $$"""{"objectTypes":["Agent"],"statistics":["{{currentState}}"]}""";
        var flat = (await (await host.Client("alice@demo").PostAsync("/api/wbrt/queries", HttpJson.Json(query))).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(v => v.GetProperty("object").GetProperty("id").GetString()!);
        var grouped = (await (await host.Client("alice@demo").PostAsync("/api/wbrt/queries", HttpJson.Json(query.Insert(1, "\"groupBy\":\"object\",")))).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToDictionary(v => v.GetProperty("object").GetProperty("id").GetString()!, v => v.GetProperty("values").GetProperty(currentState));
        foreach (var agent in agents)
        {
            var expected = engine[agent].Media?.ToString();
            Assert.Equal(expected, flat[agent].TryGetProperty("media", out var m) ? m.GetString() : null);
            Assert.Equal(expected, grouped[agent].TryGetProperty("media", out var g) ? g.GetString() : null);
        }
    }
}
