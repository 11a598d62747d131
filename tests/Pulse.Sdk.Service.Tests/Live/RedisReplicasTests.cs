using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Service.Tests.Support;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Storage;
using StackExchange.Redis;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>
/// The production topology: a DCU writes Redis, two Pulse replicas (two service instances, each with its own connection)
/// read it and follow its pub/sub; every subscriber ends with the same values, equal to what Redis holds.
/// </summary>
public sealed class RedisReplicasTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>A subscriber's view: the snapshot, then each delta applied, checking seq grows by one.</summary>
    private sealed class View
    {
        public Dictionary<(string Object, string Alias), double?> Values { get; } = [];

        public long Seq { get; private set; }

        public void Apply(JsonElement message)
        {
            var type = message.GetProperty("type").GetString();
            if (type is not ("snapshot" or "delta")) return;
            var seq = message.GetProperty("seq").GetInt64();
            Assert.Equal(Seq + 1, seq);
            Seq = seq;
            if (type == "snapshot") Values.Clear();
            foreach (var v in message.GetProperty("values").EnumerateArray())
                Values[(v.GetProperty("object").GetProperty("id").GetString()!, v.GetProperty("alias").GetString()!)] =
                    v.GetProperty("value").ValueKind == JsonValueKind.Null ? null : v.GetProperty("value").GetDouble();
        }
    }

    /// <summary>A service instance with its own Redis connection reading the values under <paramref name="prefix"/> (and <paramref name="configuration"/>'s objects, for queries); alice@demo may view every dashboard.</summary>
    internal static async Task<(ServiceHost Host, IConnectionMultiplexer Connection, RedisStatisticStore Reader)> ReplicaAsync(IMetadataStore metadata, string prefix,
        Pulse.Sdk.Configuration.PulseConfiguration? configuration = null)
    {
        var connection = await RedisTestEnvironment.ConnectAsync();
        var reader = new RedisStatisticStore(connection, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var host = await ServiceHost.StartAsync(store: metadata, values: new RedisStatisticValueSource(connection, reader, prefix), configuration: configuration);
        host.Permissions.Set("demo", "alice", PulsePrivilege.ViewDashboard, all: true);
        return (host, connection, reader);
    }

    [Fact]
    public async Task Two_replicas_fed_through_redis_pub_sub_give_every_subscriber_the_same_values()
    {
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var dcuConnection = await RedisTestEnvironment.ConnectAsync();
        await using var dcuStore = new RedisStatisticStore(dcuConnection, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var sim = new SimulatedEngine();
        sim.Engine.AddSink(dcuStore);
        var queues = sim.Configuration.Tenants[0].Queues.Select(q => q.Id).ToArray();

        var metadata = new InMemoryMetadataStore(); // both replicas read the same metadata, as from one PostgreSQL
        var template = await metadata.SaveTemplateAsync(new WidgetTemplate
        {
            Id = Guid.NewGuid(), Tenant = "demo", Name = "Queues", ObjectType = ObjectType.Queue,
            Statistics = [new("Waiting", "Waiting"), new("Entered", "Entered"), new("SL", "ServiceLevel1")],
        });
        var layout = await metadata.SaveLayoutAsync(new Layout
        {
            Id = Guid.NewGuid(), Tenant = "demo", TemplateId = template.Id, Objects = [.. queues.Select(q => new LayoutObject(ObjectType.Queue, q))],
        });

        var a = await ReplicaAsync(metadata, prefix);
        var b = await ReplicaAsync(metadata, prefix);
        try
        {
            await using var liveA = await LiveClient.ConnectAsync(a.Host, "alice@demo");
            await using var liveB = await LiveClient.ConnectAsync(b.Host, "alice@demo");
            var viewA = new View();
            var viewB = new View();
            foreach (var live in new[] { liveA, liveB })
                await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id }, maxRate = 10 });
            viewA.Apply(await liveA.ReceiveAsync("snapshot"));
            viewB.Apply(await liveB.ReceiveAsync("snapshot"));

            sim.Run(TimeSpan.FromMinutes(3));
            await dcuStore.FlushAsync().WaitAsync(Wait);

            var expected = new Dictionary<(string, string), double?>();
            foreach (var q in queues)
            {
                var values = await dcuStore.GetValuesAsync(new ObjectRef("demo", ObjectType.Queue, q));
                foreach (var s in template.Statistics)
                    if (values.TryGetValue(s.StatisticType, out var v)) expected[(q, s.Alias)] = v.Number;
            }
            Assert.NotEmpty(expected);
            Assert.Contains(expected, e => e.Key.Item2 == "Entered" && e.Value > 0);

            async Task CatchUpAsync(LiveClient live, View view)
            {
                using var deadline = new CancellationTokenSource(Wait);
                while (!view.Values.OrderBy(v => v.Key).SequenceEqual(expected.OrderBy(v => v.Key)))
                {
                    deadline.Token.ThrowIfCancellationRequested();
                    view.Apply(await live.ReceiveAsync());
                }
            }
            await CatchUpAsync(liveA, viewA);
            await CatchUpAsync(liveB, viewB);

            Assert.Equal(expected.OrderBy(v => v.Key), viewA.Values.OrderBy(v => v.Key));
            Assert.Equal(viewA.Values.OrderBy(v => v.Key), viewB.Values.OrderBy(v => v.Key));
            Assert.True(viewA.Seq > 1 && viewB.Seq > 1, "the values arrived as deltas after the snapshot");
        }
        finally
        {
            foreach (var (host, connection, reader) in new[] { a, b })
            {
                await host.DisposeAsync();
                await reader.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_redis_value_source_reads_current_values_and_history_and_reports_pub_sub_changes()
    {
        var prefix = RedisTestEnvironment.UniquePrefix();
        await using var connection = await RedisTestEnvironment.ConnectAsync();
        await using var store = new RedisStatisticStore(connection, new RedisStatisticStoreOptions { KeyPrefix = prefix });
        var source = new RedisStatisticValueSource(connection, store, prefix);
        var received = new List<StatisticChange>();
        var gotOne = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new Observer(c => { lock (received) received.AddRange(c); gotOne.TrySetResult(); });
        await using var subscription = await source.SubscribeAsync("demo", observer);
        var sim = new SimulatedEngine();
        sim.Engine.AddSink(store);

        sim.Run(TimeSpan.FromSeconds(30));
        await store.FlushAsync().WaitAsync(Wait);
        await gotOne.Task.WaitAsync(Wait);
        var queue = new ObjectRef("demo", ObjectType.Queue, sim.Configuration.Tenants[0].Queues[0].Id);
        var current = await source.GetValuesAsync(queue);
        var history = await source.GetHistoryAsync(queue, "Entered", TimeSpan.FromSeconds(1), sim.Now.AddMinutes(-1), sim.Now);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)], source.HistoryResolutions);
        Assert.Contains(current, c => c.Statistic == "Waiting" && c.Time is null && c.Object == queue);
        Assert.NotEmpty(history);
        lock (received) Assert.Contains(received, c => c.Object.Tenant == "demo" && c.Time is not null);
    }

    private sealed class Observer(Action<IReadOnlyList<StatisticChange>> onChanges) : IStatisticChangeObserver
    {
        public void OnChanges(IReadOnlyList<StatisticChange> changes) => onChanges(changes);

        public void OnGap() { }
    }
}
