using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Sdk.Metadata;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Tests.Support;
using static Pulse.Sdk.Service.Tests.Support.HttpJson;

namespace Pulse.Sdk.Service.Tests.Api;

/// <summary>Issue 11: inputs that were 500s (or a cut socket) are 400s naming the parameter and its range; what is still a bug is a logged 500 with a correlation id.</summary>
public sealed class InputRangeTests
{
    private static async Task<(ServiceHost Host, Layout Layout, HttpClient Alice)> StartAsync(IMetadataStore? store = null, LogCapture? logs = null)
    {
        var host = await ServiceHost.StartAsync(store: store, services: s => { if (logs is not null) s.AddSingleton<ILoggerProvider>(logs); });
        host.Permissions.Set("t1", "alice", PulsePrivilege.ManageTabs, all: true);
        host.Scripted.HistoryResolutions = [TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)];
        var (_, layout, _) = await host.SeedAsync();
        return (host, layout, host.Client("alice@t1"));
    }

    [Theory]
    [InlineData("resolution=9223372036854775807h", "resolution: '9223372036854775807h' is not a history tier; the tiers are 1s, 1m")]
    [InlineData("resolution=99999999999999999ms", "resolution: '99999999999999999ms' is not a history tier")]
    [InlineData("to=0001-01-01T00:00:00Z", "to: '0001-01-01T00:00:00Z' is not an ISO 8601 time from 1970-01-01T00:00:00Z to 9999-12-31T00:00:00Z")]
    [InlineData("from=0001-01-01T00:00:00Z", "from: '0001-01-01T00:00:00Z' is not an ISO 8601 time from 1970-01-01T00:00:00Z")]
    [InlineData("to=9999-12-31T23:59:59Z", "to: '9999-12-31T23:59:59Z' is not an ISO 8601 time")]
    public async Task History_parameters_outside_their_range_are_400_naming_it(string query, string expected)
    {
        var (host, layout, alice) = await StartAsync();
        await using var _ = host;

        var response = await alice.GetAsync($"/api/wbrt/layouts/{layout.Id}/history?object=Queue:q1&alias=Waiting&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, await response.MessageAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-300")]
    [InlineData("0.001")]
    [InlineData("5000")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    public async Task An_sse_maxRate_outside_its_range_is_400_naming_it(string rate)
    {
        var (host, layout, alice) = await StartAsync();
        await using var _ = host;

        var response = await alice.GetAsync($"/api/live/sse?layouts={layout.Id}&maxRate={rate}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("maxRate: from 0.01 to 1000 messages per second", await response.MessageAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-300")]
    [InlineData("1e400")]
    [InlineData("5000")]
    public async Task A_websocket_maxRate_outside_its_range_is_an_error_message_and_the_socket_stays_open(string rate)
    {
        var (host, layout, _) = await StartAsync();
        await using var _ = host;
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendRawAsync(Encoding.UTF8.GetBytes($$"""{"op":"subscribe","sub":"s1","layouts":["{{layout.Id}}"],"maxRate":{{rate}}}"""));
        var error = await live.ReceiveAsync("error");
        await live.SendAsync(new { op = "ping" });

        Assert.Equal("s1", error.GetProperty("sub").GetString());
        Assert.StartsWith("maxRate:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("heartbeat", (await live.ReceiveAsync()).GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, live.State);
    }

    [Fact]
    public async Task A_body_of_invalid_utf8_is_400_naming_the_field()
    {
        var (host, _, alice) = await StartAsync();
        await using var _ = host;
        var body = new ByteArrayContent([.. "{\"name\":\""u8, 0xff, 0xfe, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } };

        var response = await alice.PostAsync("/api/wbrt/tabs", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("name: not valid UTF-8", await response.MessageAsync());
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_whose_correlation_id_is_in_the_log()
    {
        var logs = new LogCapture();
        var (host, _, alice) = await StartAsync(new FailingStore(), logs);
        await using var _ = host;

        var response = await alice.GetAsync("/api/wbrt/tabs");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("correlationId").GetString()!;
        Assert.NotEmpty(id);
        Assert.Equal($"internal error: the service logged it with correlation id {id}", body.GetProperty("message").GetString());
        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(id, StringComparison.Ordinal));
        Assert.Equal("Unhandled exception on GET /api/wbrt/tabs; correlation id " + id, entry.Message);
        Assert.IsType<FailingStore.Failure>(entry.Exception);
    }

    [Fact]
    public async Task An_unexpected_exception_on_the_live_socket_closes_it_with_1011_and_a_logged_correlation_id()
    {
        var logs = new LogCapture();
        var (host, layout, _) = await StartAsync(new FailingStore(), logs);
        await using var _ = host;
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });

        Assert.Equal(WebSocketCloseStatus.InternalServerError, await live.WaitForCloseAsync());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is FailingStore.Failure && e.Message.StartsWith("Unhandled exception on GET /api/live; correlation id ", StringComparison.Ordinal));
    }

    /// <summary>An in-memory store whose reads of changes and layouts fail as a broken database would (writes work, for seeding).</summary>
    private sealed class FailingStore(InMemoryMetadataStore inner) : IMetadataStore
    {
        public FailingStore() : this(new InMemoryMetadataStore()) { }

        public sealed class Failure() : Exception("the store is broken (test)");

        public Task<MetadataChanges> GetChangesAsync(string tenant, long sinceUscn, CancellationToken cancellationToken = default) => throw new Failure();
        public Task<Layout?> GetLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => throw new Failure();

        public Task<long> GetUscnAsync(string tenant, CancellationToken cancellationToken = default) => inner.GetUscnAsync(tenant, cancellationToken);
        public Task<WidgetTemplate> SaveTemplateAsync(WidgetTemplate template, CancellationToken cancellationToken = default) => inner.SaveTemplateAsync(template, cancellationToken);
        public Task<WidgetTemplate?> GetTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => inner.GetTemplateAsync(tenant, id, cancellationToken);
        public Task<IReadOnlyList<WidgetTemplate>> GetTemplatesAsync(string tenant, CancellationToken cancellationToken = default) => inner.GetTemplatesAsync(tenant, cancellationToken);
        public Task<bool> DeleteTemplateAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => inner.DeleteTemplateAsync(tenant, id, cancellationToken);
        public Task<Layout> SaveLayoutAsync(Layout layout, CancellationToken cancellationToken = default) => inner.SaveLayoutAsync(layout, cancellationToken);
        public Task<IReadOnlyList<Layout>> GetLayoutsAsync(string tenant, bool activeOnly = false, CancellationToken cancellationToken = default) => inner.GetLayoutsAsync(tenant, activeOnly, cancellationToken);
        public Task<bool> DeleteLayoutAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => inner.DeleteLayoutAsync(tenant, id, cancellationToken);
        public Task<Tab> SaveTabAsync(Tab tab, CancellationToken cancellationToken = default) => inner.SaveTabAsync(tab, cancellationToken);
        public Task<Tab?> GetTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => inner.GetTabAsync(tenant, id, cancellationToken);
        public Task<IReadOnlyList<Tab>> GetTabsAsync(string tenant, string owner, CancellationToken cancellationToken = default) => inner.GetTabsAsync(tenant, owner, cancellationToken);
        public Task<bool> DeleteTabAsync(string tenant, Guid id, CancellationToken cancellationToken = default) => inner.DeleteTabAsync(tenant, id, cancellationToken);
        public Task<UserPreferences> SavePreferencesAsync(UserPreferences preferences, CancellationToken cancellationToken = default) => inner.SavePreferencesAsync(preferences, cancellationToken);
        public Task<UserPreferences?> GetPreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default) => inner.GetPreferencesAsync(tenant, user, cancellationToken);
        public Task<bool> DeletePreferencesAsync(string tenant, string user, CancellationToken cancellationToken = default) => inner.DeletePreferencesAsync(tenant, user, cancellationToken);
    }
}
