using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pulse.Sdk.Permissions;
using Pulse.Sdk.Service.Live;
using Pulse.Sdk.Service.Tests.Support;

namespace Pulse.Sdk.Service.Tests.Live;

/// <summary>The live push logs connections and refused client messages beside its metrics (docs/api.md, "Logging").</summary>
public sealed class LiveLoggingTests
{
    [Fact]
    public async Task A_refused_client_message_is_a_warning_naming_the_user_and_the_problem()
    {
        using var logs = new FakeLoggerProvider();
        await using var host = await ServiceHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        host.Permissions.Set("t1", "alice", PulsePrivilege.ViewDashboard, all: true);
        await using var live = await LiveClient.ConnectAsync(host, "alice@t1");

        await live.SendAsync(new { op = "dance", sub = "s1" });
        var error = await live.ReceiveAsync("error");

        Assert.Equal("op: one of subscribe, unsubscribe, resync, ping", error.GetProperty("message").GetString());
        var records = logs.Collector.GetSnapshot().Where(r => r.Category == typeof(LiveConnection).FullName).ToList();
        var refused = Assert.Single(records, r => r.Id.Id == 4);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("alice", refused.Message, StringComparison.Ordinal);
        Assert.Contains("t1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("op: one of subscribe", refused.Message, StringComparison.Ordinal);
        Assert.Contains(records, r => r.Id.Id == 1 && r.Level == LogLevel.Information);
    }
}
