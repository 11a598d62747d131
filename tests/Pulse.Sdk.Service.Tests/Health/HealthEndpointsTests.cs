using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Redis;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Health;

public sealed class HealthEndpointsTests
{
    private sealed class FixedHealth(HealthCheckResult result) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(result);
    }

    private sealed class ThrowingHealth : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("probe broke");
    }

    [Fact]
    public async Task Health_is_anonymous_and_the_detail_merges_the_pulse_checks_with_the_worst_status()
    {
        await using var host = await ServiceHost.StartAsync(services: s =>
        {
            s.TryAddPulseHealthCheck("layouts", _ => new FixedHealth(HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["pendingLayoutStatusChangesCount"] = 2L })));
            s.TryAddPulseHealthCheck("redis", _ => new FixedHealth(HealthCheckResult.Degraded("Redis store 'default': not connected",
                data: new Dictionary<string, object> { ["snapshotWritingStatus"] = nameof(SnapshotWritingStatus.Buffering) })));
            // An application's own check, not tagged pulse: not in Pulse's health.
            s.AddHealthChecks().AddCheck("application", () => HealthCheckResult.Unhealthy("the application's own"));
        });
        var anonymous = host.Client(null);

        var health = await anonymous.GetAsync("/health");
        var detail = await (await anonymous.GetAsync("/health/detail")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", (await health.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal("Degraded", detail.GetProperty("status").GetString());
        Assert.Equal("Buffering", detail.GetProperty("snapshotWritingStatus").GetString());
        Assert.Equal(2, detail.GetProperty("pendingLayoutStatusChangesCount").GetInt64());
        Assert.Equal(0, detail.GetProperty("maxStatisticValueDelay").GetDouble());
        Assert.Equal(["Redis store 'default': not connected"], detail.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Unhealthy_is_503()
    {
        await using var host = await ServiceHost.StartAsync(services: s =>
        {
            s.TryAddPulseHealthCheck("redis", _ => new FixedHealth(HealthCheckResult.Unhealthy("buffer full",
                data: new Dictionary<string, object> { ["snapshotWritingStatus"] = nameof(SnapshotWritingStatus.Down) })));
            s.TryAddPulseHealthCheck("broken", _ => new ThrowingHealth());
        });

        var health = await host.Client(null).GetAsync("/health");
        var detail = await host.Client(null).GetAsync("/health/detail");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, detail.StatusCode);
        var body = await detail.ReadJsonAsync();
        Assert.Equal("Down", body.GetProperty("snapshotWritingStatus").GetString());
        Assert.Contains("broken failed: probe broke", body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task MaxStatisticValueDelay_is_the_largest_lag_of_routed_values_over_the_window()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var host = await ServiceHost.StartAsync(o => (o.HealthDelayWindow, o.HeartbeatInterval, o.PermissionRefreshInterval) =
            (TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), TimeSpan.FromHours(1)), time: time);
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        var (_, layout, _) = await host.SeedAsync();
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");
        await live.SendAsync(new { op = "subscribe", sub = "s1", layouts = new[] { layout.Id } });
        await live.ReceiveAsync("snapshot");
        async Task<double> DelayAsync() => (await (await host.Client(null).GetAsync("/health/detail")).ReadJsonAsync()).GetProperty("maxStatisticValueDelay").GetDouble();

        var now = time.GetUtcNow();
        host.Scripted.Publish(ServiceHost.Change("t1", "q1", "Waiting", 1, now.AddSeconds(-3)), ServiceHost.Change("t1", "q2", "Waiting", 1, now.AddSeconds(-1)));
        host.Scripted.Publish(ServiceHost.Change("t1", "q9", "Waiting", 1, now.AddSeconds(-30))); // routed to nobody: not counted
        var seen = await DelayAsync();
        time.Advance(TimeSpan.FromSeconds(61));
        var previousWindow = await DelayAsync();
        time.Advance(TimeSpan.FromSeconds(61));
        var gone = await DelayAsync();

        Assert.Equal(3, seen);
        Assert.Equal(3, previousWindow);
        Assert.Equal(0, gone);
    }

    [Fact]
    public async Task The_redis_store_reports_writing_while_it_writes()
    {
        await using var redis = await RedisTestEnvironment.ConnectAsync();
        await using var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = RedisTestEnvironment.UniquePrefix() });

        var detail = await new RedisSnapshotWritingHealth(store).CheckAsync();

        Assert.Equal(HealthStatus.Healthy, detail.Status);
        Assert.Equal(nameof(SnapshotWritingStatus.Writing), detail.Data[RedisSnapshotWritingHealth.SnapshotWritingStatusKey]);
    }

    [Fact]
    public async Task The_redis_store_reports_buffering_while_redis_is_down()
    {
        using var server = new RedisTestServer();
        await using var redis = await RedisTestEnvironment.ConnectAsync(server.Endpoint);
        await using var store = new RedisStatisticStore(redis, new RedisStatisticStoreOptions { KeyPrefix = RedisTestEnvironment.UniquePrefix() });
        server.Stop();
        await Eventually.HoldsAsync(() => !redis.IsConnected, TimeSpan.FromSeconds(15));

        var detail = await new RedisSnapshotWritingHealth(store).CheckAsync();

        Assert.Equal(HealthStatus.Degraded, detail.Status);
        Assert.Equal(nameof(SnapshotWritingStatus.Buffering), detail.Data[RedisSnapshotWritingHealth.SnapshotWritingStatusKey]);
        Assert.Contains("not connected", detail.Description, StringComparison.Ordinal);
    }
}
