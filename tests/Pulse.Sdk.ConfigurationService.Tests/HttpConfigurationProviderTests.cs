using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService.Client;
using Pulse.Sdk.ConfigurationService.Tests.Support;

namespace Pulse.Sdk.ConfigurationService.Tests;

/// <summary>
/// <see cref="HttpConfigurationProvider"/> against a real configuration service: it follows the versions, survives the
/// service's restarts, starts from its last-known-good copy while the service is down, and refuses an invalid version.
/// </summary>
public sealed class HttpConfigurationProviderTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("pulse-config-client-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CopyPath => Path.Combine(_directory, "last-known-good.json");

    private ConfigurationServiceClientOptions Options(ConfigurationServiceHost host, bool copy = true) => new()
    {
        Address = host.Address,
        ReadSecret = ConfigurationServiceHost.ReadSecret,
        LastKnownGoodPath = copy ? CopyPath : null,
        Wait = TimeSpan.FromSeconds(20),
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    private static async Task<TestService> SeededAsync()
    {
        var service = await TestService.StartAsync();
        await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutAsync(Sites.Small(), 0));
        return service;
    }

    /// <summary>Records each configuration <see cref="HttpConfigurationProvider.Changed"/> gives, with the provider's version then.</summary>
    private sealed class ChangeLog
    {
        private readonly List<(long Version, PulseConfiguration Configuration)> _changes = [];
        private readonly HttpConfigurationProvider _provider;

        public ChangeLog(HttpConfigurationProvider provider)
        {
            _provider = provider;
            provider.Changed += c => { lock (_changes) _changes.Add((provider.Version, c)); };
        }

        public List<(long Version, PulseConfiguration Configuration)> Changes
        {
            get { lock (_changes) return [.. _changes]; }
        }

        public async Task WaitForVersionAsync(long version)
        {
            var deadline = DateTime.UtcNow + Limit;
            while (Changes.All(c => c.Version < version))
            {
                Assert.True(DateTime.UtcNow < deadline, $"version {version} never came (now {_provider.Version}; last error: {_provider.LastError})");
                await Task.Delay(10); // the poll interval (the failure names the provider's state then, hence not Eventually)
            }
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.UntilAsync(condition, what, Limit);

    [Fact]
    public async Task It_loads_at_start_and_raises_Changed_once_per_new_version()
    {
        await using var service = await SeededAsync();
        await using var provider = await HttpConfigurationProvider.StartAsync(Options(service.Host));
        Assert.Equal(1, provider.Version);
        Assert.False(provider.FromLastKnownGood);
        Assert.Equal(ConfigurationJson.Serialize(Sites.Small()), ConfigurationJson.Serialize(provider.Current));
        var log = new ChangeLog(provider);

        var v2 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4","dns":["1004"]}"""));
        await log.WaitForVersionAsync(v2);
        var v3 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "queues", "q1", """{"id":"q1","dn":"8001","shortAbandonThresholdSeconds":8}"""));
        await log.WaitForVersionAsync(v3);

        Assert.Equal([2L, 3L], log.Changes.Select(c => c.Version));
        Assert.Equal("a4", log.Changes[0].Configuration.Tenant().Agents[^1].Id);
        Assert.Equal(8, log.Changes[1].Configuration.Tenant().Queues[0].ShortAbandonThresholdSeconds);
        Assert.Same(log.Changes[1].Configuration, provider.Current);
        // The copy follows: the file format, usable as --config, naming the version.
        Assert.Equal(ConfigurationJson.Serialize(provider.Current), ConfigurationJson.Serialize(ConfigurationJson.Load(CopyPath)));
        Assert.StartsWith("// Pulse configuration version 3 ", File.ReadAllText(CopyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_reconnects_after_the_service_is_stopped_and_started_again()
    {
        await using var service = await SeededAsync();
        await using var provider = await HttpConfigurationProvider.StartAsync(Options(service.Host));
        var log = new ChangeLog(provider);

        await service.StopAsync();
        await WaitUntilAsync(() => provider.LastError is not null, "the provider to notice the service is gone");
        Assert.Equal(1, provider.Version);
        Assert.Empty(log.Changes);

        await service.RestartAsync();
        var v2 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4","dns":["1004"]}"""));
        await log.WaitForVersionAsync(v2);
        Assert.Null(provider.LastError);
        Assert.Single(log.Changes);
    }

    [Fact]
    public async Task It_starts_from_the_last_known_good_copy_while_the_service_is_down_and_follows_it_when_it_is_back()
    {
        await using var service = await SeededAsync();
        await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4","dns":["1004"]}"""));
        await using (var first = await HttpConfigurationProvider.StartAsync(Options(service.Host)))
            Assert.Equal(2, first.Version);
        await service.StopAsync();

        // No copy: the start fails, naming the URL.
        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => HttpConfigurationProvider.StartAsync(Options(service.Host, copy: false)));
        Assert.StartsWith($"{service.Host.Address}config/v1/configuration: cannot load the configuration: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no last-known-good copy", refused.Message, StringComparison.Ordinal);

        await using var provider = await HttpConfigurationProvider.StartAsync(Options(service.Host));
        Assert.True(provider.FromLastKnownGood);
        Assert.Equal(2, provider.Version);
        Assert.Equal("a4", provider.Current.Tenant().Agents[^1].Id);
        var log = new ChangeLog(provider);

        await service.RestartAsync();
        await WaitUntilAsync(() => !provider.FromLastKnownGood, "the provider to reach the service again");
        Assert.Empty(log.Changes); // the same version: nothing to apply
        var v3 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a5", """{"id":"a5","dns":["1005"]}"""));
        await log.WaitForVersionAsync(v3);
        Assert.Equal(["a1", "a2", "a3", "a4", "a5"], provider.Current.Tenant().Agents.Select(a => a.Id));
    }

    [Fact]
    public async Task It_refuses_an_invalid_version_with_the_file_messages_and_keeps_the_previous_one()
    {
        await using var service = await SeededAsync();
        await using var provider = await HttpConfigurationProvider.StartAsync(Options(service.Host));
        var log = new ChangeLog(provider);
        var before = provider.Current;

        // Written by hand in the store, past the service's validation: g1 names an agent that does not exist.
        var invalid = ConfigurationJson.Serialize(Sites.Small().With(t => t with { AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["ghost"] }] }));
        await using (var insert = service.Database.DataSource.CreateCommand("INSERT INTO pulse_config_versions (version, document, change) VALUES (2, $1, 'by hand')"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = invalid, NpgsqlDbType = NpgsqlDbType.Json });
            await insert.ExecuteNonQueryAsync();
        }
        await WaitUntilAsync(() => provider.LastError is not null, "the provider to refuse version 2");
        Assert.Equal($"{service.Host.Address}config/v1/configuration version 2: invalid configuration:{Environment.NewLine}" +
            "  tenants[0] ('t1') agentGroup 'g1'.agents: agent 'ghost' is not configured", provider.LastError);
        Assert.Same(before, provider.Current);
        Assert.Equal(1, provider.Version);
        Assert.Empty(log.Changes);
        Assert.StartsWith("// Pulse configuration version 1 ", File.ReadAllText(CopyPath), StringComparison.Ordinal);

        // The next valid version is taken.
        var v3 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutAsync(Sites.Small().With(t => t with { TimeZone = "Europe/Paris" }), 2));
        await log.WaitForVersionAsync(v3);
        Assert.Equal("Europe/Paris", provider.Current.Tenant().TimeZone);
        Assert.Single(log.Changes);
        Assert.Null(provider.LastError);
    }

    [Fact]
    public async Task A_wrong_read_secret_fails_the_start_even_with_a_copy()
    {
        await using var service = await SeededAsync();
        await using (await HttpConfigurationProvider.StartAsync(Options(service.Host))) { }
        var options = Options(service.Host);
        options.ReadSecret = "not-the-read-secret-at-all";
        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => HttpConfigurationProvider.StartAsync(options));
        Assert.Contains("refused the read secret (401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_options_are_checked_with_messages_that_say_what_to_set()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => HttpConfigurationProvider.StartAsync(new ConfigurationServiceClientOptions
        {
            Address = new Uri("ftp://config/"),
            RetryDelay = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        }));
        Assert.Contains("Address 'ftp://config/' is not an absolute http or https URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryDelay (00:00:01) is shorter than RetryDelay (00:00:05)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_requests_are_retried_after_waits_that_double_on_the_given_clock()
    {
        File.WriteAllText(CopyPath, ConfigurationJson.Serialize(Sites.Small()));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var handler = new RefusingHandler();
        await using var provider = await HttpConfigurationProvider.StartAsync(new ConfigurationServiceClientOptions
        {
            Address = new Uri("http://config.invalid:8888/"),
            LastKnownGoodPath = CopyPath,
            HttpHandler = handler,
            TimeProvider = clock,
            RetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(4),
        });
        Assert.True(provider.FromLastKnownGood);
        Assert.Equal(0, provider.Version); // a copy without its header line
        // Request 1 was the start's; 2 follows at once; then 1 s, 2 s, 4 s, 4 s.
        await WaitUntilAsync(() => handler.Requests == 2, "the first poll");
        foreach (var wait in new[] { 1, 2, 4, 4 })
        {
            var before = handler.Requests;
            await WaitUntilAsync(() => provider.RetryingIn == TimeSpan.FromSeconds(wait), $"a retry wait of {wait} s");
            clock.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(before, handler.Requests);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await WaitUntilAsync(() => handler.Requests == before + 1, $"the retry after {wait} s");
        }
    }

    [Fact]
    public async Task AddConfigurationService_registers_a_started_provider_the_container_disposes()
    {
        await using var service = await SeededAsync();
        var services = new ServiceCollection();
        services.AddPulseRoles().AddConfigurationService(service.Host.Address, o => o.ReadSecret = ConfigurationServiceHost.ReadSecret);
        HttpConfigurationProvider provider;
        await using (var container = services.BuildServiceProvider())
        {
            provider = Assert.IsType<HttpConfigurationProvider>(container.GetRequiredService<IPulseConfigurationProvider>());
            Assert.Equal(1, provider.Version);
        }
        var log = new ChangeLog(provider);
        await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4"}"""));
        // Disposed: it no longer follows the service. Checked against a live provider that does.
        await using var live = await HttpConfigurationProvider.StartAsync(Options(service.Host, copy: false));
        Assert.Equal(2, live.Version);
        Assert.Equal(1, provider.Version);
        Assert.Empty(log.Changes);
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            throw new HttpRequestException("connection refused", null, HttpStatusCode.ServiceUnavailable);
        }
    }
}
