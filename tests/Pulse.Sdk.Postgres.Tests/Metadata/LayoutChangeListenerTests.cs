using Pulse.Sdk.Metadata;
using System.Threading.Channels;
using Npgsql;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Metadata;

public sealed class LayoutChangeListenerTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Saving_and_deleting_a_layout_raises_events()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new PulseMetadataStore(database.DataSource);
        var events = Channel.CreateUnbounded<LayoutChangedEventArgs>();
        await using var listener = new LayoutChangeListener(database.DataSource);
        listener.LayoutChanged += (_, e) => { if (e.Tenant == tenant) events.Writer.TryWrite(e); };
        await listener.StartAsync().WaitAsync(Timeout);
        Assert.True(listener.IsConnected);

        var layout = await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid(), Objects = [new(ObjectType.Queue, "Q")] });
        await store.SaveLayoutAsync(layout with { Active = false });
        await store.DeleteLayoutAsync(tenant, layout.Id);

        Assert.Equal(new LayoutChangedEventArgs(tenant, layout.Id, 1, true, false), await events.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(new LayoutChangedEventArgs(tenant, layout.Id, 2, false, false), await events.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(new LayoutChangedEventArgs(tenant, layout.Id, 3, false, true), await events.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_killed_connection_is_reopened_and_events_flow_again()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var store = new PulseMetadataStore(database.DataSource);
        var events = Channel.CreateUnbounded<LayoutChangedEventArgs>();
        var connected = Channel.CreateUnbounded<bool>();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "pulse-listener-" + tenant }.ConnectionString);
        await using var listener = new LayoutChangeListener(dataSource, new LayoutChangeListenerOptions { ReconnectDelay = TimeSpan.FromMilliseconds(50) });
        listener.LayoutChanged += (_, e) => { if (e.Tenant == tenant) events.Writer.TryWrite(e); };
        listener.Connected += (_, _) => connected.Writer.TryWrite(true);
        listener.LayoutChanged += (_, _) => throw new InvalidOperationException("a failing subscriber does not stop the listener");
        await listener.StartAsync().WaitAsync(Timeout);
        await connected.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        await using (var kill = database.DataSource.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            kill.Parameters.Add(new() { Value = "pulse-listener-" + tenant });
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }
        await connected.Reader.ReadAsync().AsTask().WaitAsync(Timeout); // reconnected

        var layout = await store.SaveLayoutAsync(new Layout { Id = Guid.NewGuid(), Tenant = tenant, TemplateId = Guid.NewGuid() });

        Assert.Equal(layout.Id, (await events.Reader.ReadAsync().AsTask().WaitAsync(Timeout)).LayoutId);
        Assert.True(listener.IsConnected);
        await listener.StopAsync();
        Assert.False(listener.IsConnected);
    }
}
