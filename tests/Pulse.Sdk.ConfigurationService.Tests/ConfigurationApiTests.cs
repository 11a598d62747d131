using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.ConfigurationService.Tests.Support;

namespace Pulse.Sdk.ConfigurationService.Tests;

/// <summary>The HTTP API of the configuration service (docs/api.md, "Configuration service") over PostgreSQL.</summary>
public class ConfigurationApiTests
{
    private static async Task<(TestService Service, long Version)> SeededAsync(Action<ConfigurationServiceOptions>? configure = null)
    {
        var service = await TestService.StartAsync(configure);
        var version = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutAsync(Sites.Small(), 0));
        return (service, version);
    }

    private static async Task<(long Version, PulseConfiguration Configuration, EntityTagHeaderValue? ETag)> ReadAsync(ConfigurationServiceHost host)
    {
        using var response = await host.Reader.GetAsync("config/v1/configuration");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var configuration = ConfigurationJson.Parse(json.RootElement.GetProperty("configuration").GetRawText(), "answer");
        return (json.RootElement.GetProperty("version").GetInt64(), configuration, response.Headers.ETag);
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("message").GetString()!;
    }

    private static void AssertSame(PulseConfiguration expected, PulseConfiguration actual) =>
        Assert.Equal(ConfigurationJson.Serialize(expected), ConfigurationJson.Serialize(actual));

    [Fact]
    public async Task An_empty_store_answers_404_and_a_put_over_version_0_seeds_it()
    {
        await using var service = await TestService.StartAsync();
        using (var empty = await service.Host.Reader.GetAsync("config/v1/configuration"))
        {
            Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
            Assert.Contains("empty", await ErrorOfAsync(empty), StringComparison.Ordinal);
        }
        using var put = await service.Host.PutAsync(Sites.Small(), 0);
        Assert.Equal(1, await ConfigurationServiceHost.VersionOfAsync(put));
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);

        var (version, configuration, etag) = await ReadAsync(service.Host);
        Assert.Equal(1, version);
        Assert.Equal("\"1\"", etag?.Tag);
        AssertSame(Sites.Small(), configuration);
    }

    [Fact]
    public async Task A_whole_put_needs_If_Match_and_a_stale_version_is_refused_with_412()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        var edited = Sites.Small().With(t => t with { TimeZone = "Europe/Paris" });

        using (var noIfMatch = await service.Host.PutAsync(ConfigurationJson.Serialize(edited), version: null))
            Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        var v2 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutAsync(edited, v1));
        Assert.Equal(v1 + 1, v2);

        // A second writer that read v1 too: refused, told the newest version, nothing written.
        using var stale = await service.Host.PutAsync(Sites.Small().With(t => t with { TimeZone = "Asia/Tokyo" }), v1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal($"\"{v2}\"", stale.Headers.ETag?.Tag);
        Assert.Contains($"version {v1} is not the newest ({v2})", await ErrorOfAsync(stale), StringComparison.Ordinal);
        var (version, configuration, _) = await ReadAsync(service.Host);
        Assert.Equal(v2, version);
        Assert.Equal("Europe/Paris", configuration.Tenant().TimeZone);
    }

    [Fact]
    public async Task A_put_of_the_same_configuration_writes_no_version()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var again = await service.Host.PutAsync(Sites.Small(), v1);
        var text = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"changed\":false", text, StringComparison.Ordinal);
        Assert.Equal(v1, (await ReadAsync(service.Host)).Version);
    }

    [Fact]
    public async Task Reads_answer_304_to_the_current_ETag_and_200_after_a_change()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "config/v1/configuration");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{v1}\""));
        using (var notModified = await service.Host.Reader.SendAsync(conditional))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal($"\"{v1}\"", notModified.Headers.ETag?.Tag);
        }
        await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a9", """{"id":"a9","dns":["1009"]}"""));
        using var again = new HttpRequestMessage(HttpMethod.Get, "config/v1/configuration");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{v1}\""));
        using var changed = await service.Host.Reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal($"\"{v1 + 1}\"", changed.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Agents_agent_groups_and_queues_change_one_by_one_each_change_a_new_version()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        var host = service.Host;

        // A new agent (201), then into group g2; a1 moves from g1 to g2; q1's service level threshold goes to 30 s.
        using (var created = await host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4","name":"New","dns":["1004"],"media":["Voice","Chat"]}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(v1 + 1, await ConfigurationServiceHost.VersionOfAsync(created));
        }
        Assert.Equal(v1 + 2, await ConfigurationServiceHost.VersionOfAsync(await host.PutObjectAsync("t1", "agentGroups", "g1", """{"id":"g1","agents":["a2"]}""")));
        Assert.Equal(v1 + 3, await ConfigurationServiceHost.VersionOfAsync(await host.PutObjectAsync("t1", "agentGroups", "g2", """{"id":"g2","agents":["a3","a4","a1"]}""")));
        using (var queue = await host.PutObjectAsync("t1", "queues", "q1", """{"id":"q1","dn":"8001","serviceLevelThresholdSeconds":30}"""))
        {
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
            Assert.Equal(v1 + 4, await ConfigurationServiceHost.VersionOfAsync(queue));
        }

        var expected = Sites.Small().With(t => t with
        {
            Agents = [.. t.Agents, new AgentConfig { Id = "a4", Name = "New", Dns = ["1004"], Media = [Events.MediaType.Voice, Events.MediaType.Chat] }],
            AgentGroups = [new AgentGroupConfig { Id = "g1", Agents = ["a2"] }, new AgentGroupConfig { Id = "g2", Agents = ["a3", "a4", "a1"] }],
            Queues = [new QueueConfig { Id = "q1", Dn = "8001", ServiceLevelThresholdSeconds = 30 }],
        });
        var (version, configuration, _) = await ReadAsync(host);
        Assert.Equal(v1 + 4, version);
        AssertSame(expected, configuration);

        // One object reads back in the file format.
        using var agent = await host.Reader.GetAsync("config/v1/tenants/t1/agents/a4");
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
        Assert.Equal(expected.Tenant().Agents[^1], ConfigurationJson.ParseObject<AgentConfig>(await agent.Content.ReadAsStringAsync(), "answer"),
            new AgentComparer());

        // The history names each change.
        using var changes = await host.Reader.GetAsync($"config/v1/changes?after={v1}");
        using var list = JsonDocument.Parse(await changes.Content.ReadAsStringAsync());
        Assert.Equal(["PUT tenants/t1/agents/a4", "PUT tenants/t1/agentGroups/g1", "PUT tenants/t1/agentGroups/g2", "PUT tenants/t1/queues/q1"],
            list.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("change").GetString()!).ToArray());
    }

    [Fact]
    public async Task Deleting_an_agent_takes_it_out_of_its_groups_and_of_the_users_access()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var deleted = await service.Host.Admin.DeleteAsync("config/v1/tenants/t1/agents/a1");
        Assert.Equal(v1 + 1, await ConfigurationServiceHost.VersionOfAsync(deleted));
        var tenant = (await ReadAsync(service.Host)).Configuration.Tenant();
        Assert.Equal(["a2", "a3"], tenant.Agents.Select(a => a.Id));
        Assert.Equal(["a2"], tenant.AgentGroups[0].Agents);
        Assert.Empty(tenant.Users[0].Access.Agents);

        using var again = await service.Host.Admin.DeleteAsync("config/v1/tenants/t1/agents/a1");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("tenant 't1' has no agent 'a1'", await ErrorOfAsync(again));
        using var noTenant = await service.Host.PutObjectAsync("t9", "agents", "a1", """{"id":"a1"}""");
        Assert.Equal(HttpStatusCode.NotFound, noTenant.StatusCode);
    }

    [Theory]
    [InlineData("queues", "q1", """{"id":"q1","dn":"8001","serviceLevelThresholdSeconds":-5}""",
        "body: invalid configuration:", "tenants[0] ('t1') queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more (got -5)")]
    [InlineData("agentGroups", "g1", """{"id":"g1","agents":["a1","nobody"]}""", "body: invalid configuration:", "agentGroup 'g1'.agents: agent 'nobody' is not configured")]
    [InlineData("agents", "a4", """{"id":"a4","dns":["1001"]}""", "body: invalid configuration:", "tenants[0] ('t1') agent 'a4'.dns: DN '1001' is already used by agent 'a1'")]
    [InlineData("agents", "a4", """{"id":"a4","dns":"1004"}""", "body:1: $.dns: expected an array", null)]
    [InlineData("agents", "a4", """{"id":"a4","dnz":[]}""", "body:1: $.dnz: unknown property", null)]
    [InlineData("agents", "a4", """{"id":"a5"}""", "body: $.id: 'a5' is not the agent of the path ('a4')", null)]
    [InlineData("queues", "q2", """{"id":"q2"}""", "body:1: $.dn: required property is missing", null)]
    public async Task An_invalid_change_is_refused_with_400_naming_the_field_and_writes_nothing(string kind, string id, string body, string message, string? detail)
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var refused = await service.Host.PutObjectAsync("t1", kind, id, body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorOfAsync(refused);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        if (detail is not null) Assert.Contains(detail, error, StringComparison.Ordinal);
        Assert.Equal(v1, (await ReadAsync(service.Host)).Version);
    }

    [Fact]
    public async Task A_whole_document_is_validated_with_the_file_format_messages()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var refused = await service.Host.PutAsync("""
            {
              "tenants": [
                { "id": "t1", "timeZone": "Mars/Olympus" }
              ]
            }
            """, v1);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal($"body: invalid configuration:{Environment.NewLine}  tenants[0] ('t1').timeZone: 'Mars/Olympus' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')",
            await ErrorOfAsync(refused));
        using var malformed = await service.Host.PutAsync("{\n \"tenants\": [ { \"id\": 7 } ] }", v1);
        Assert.Equal("body:2: $.tenants[0].id: expected a string (quote the value, for example \"8001\")", await ErrorOfAsync(malformed));
    }

    [Fact]
    public async Task Changes_need_the_admin_secret_and_reads_the_read_secret()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        var host = service.Host;
        using (var anonymousRead = await host.Anonymous.GetAsync("config/v1/configuration"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
            Assert.Equal("Bearer", anonymousRead.Headers.WwwAuthenticate.Single().Scheme);
        }
        using (var wrong = new HttpClient { BaseAddress = host.Address })
        {
            wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConfigurationServiceHost.AdminSecret + "x");
            using var refused = await wrong.GetAsync("config/v1/configuration");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var adminRead = await host.Admin.GetAsync("config/v1/configuration")) Assert.Equal(HttpStatusCode.OK, adminRead.StatusCode);

        using (var anonymousWrite = await host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4"}""", host.Anonymous))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousWrite.StatusCode);
        using (var readerWrite = await host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4"}""", host.Reader))
            Assert.Equal(HttpStatusCode.Forbidden, readerWrite.StatusCode);
        using (var readerPut = await host.PutAsync(ConfigurationJson.Serialize(Sites.Small()), v1, host.Reader))
            Assert.Equal(HttpStatusCode.Forbidden, readerPut.StatusCode);
        using (var readerDelete = await host.Reader.DeleteAsync("config/v1/tenants/t1/agents/a1"))
            Assert.Equal(HttpStatusCode.Forbidden, readerDelete.StatusCode);
        Assert.Equal(v1, (await ReadAsync(host)).Version);
    }

    [Fact]
    public async Task Without_a_read_secret_reads_are_open_and_changes_still_need_the_admin_secret()
    {
        var (service, v1) = await SeededAsync(o => o.ReadSecret = null);
        await using var _ = service;
        using (var read = await service.Host.Anonymous.GetAsync("config/v1/configuration")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var write = await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4"}""", service.Host.Anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_a_change_is_written_and_304_when_the_wait_ends()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        var host = service.Host;

        var started = System.Diagnostics.Stopwatch.StartNew();
        using (var timeout = await host.Reader.GetAsync($"config/v1/configuration?after={v1}&wait=0.5"))
        {
            Assert.Equal(HttpStatusCode.NotModified, timeout.StatusCode);
            Assert.Equal($"\"{v1}\"", timeout.Headers.ETag?.Tag);
        }
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(450), $"answered after {started.Elapsed}, before the wait ended");

        var poll = host.Reader.GetAsync($"config/v1/configuration?after={v1}&wait=30");
        await WaitForWaitingPollAsync(host, poll);
        Assert.False(poll.IsCompleted);
        var v2 = await ConfigurationServiceHost.VersionOfAsync(await host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4","dns":["1004"]}"""));
        using var answer = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(v2, json.RootElement.GetProperty("version").GetInt64());

        // Asked after an older version, it answers at once.
        using var behind = await host.Reader.GetAsync($"config/v1/configuration?after={v1}&wait=30").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, behind.StatusCode);
    }

    [Fact]
    public async Task A_change_through_one_replica_wakes_the_long_polls_of_another()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        await using var replica = await service.StartReplicaAsync();
        var poll = replica.Reader.GetAsync($"config/v1/configuration?after={v1}&wait=30");
        await WaitForWaitingPollAsync(replica, poll);
        var v2 = await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", "a4", """{"id":"a4"}"""));
        using var answer = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal($"\"{v2}\"", answer.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Two_replicas_writing_at_once_lose_no_change()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        await using var replica = await service.StartReplicaAsync();
        // 20 new agents, half through each replica, all at once: each is a read-modify-write of the whole document.
        var writes = Enumerable.Range(10, 20).Select(i =>
            ((i % 2 == 0) ? service.Host : replica).PutObjectAsync("t1", "agents", $"a{i}", $$"""{"id":"a{{i}}","dns":["2{{i}}"]}"""));
        var answers = await Task.WhenAll(writes);
        var versions = new List<long>();
        foreach (var a in answers) versions.Add(await ConfigurationServiceHost.VersionOfAsync(a));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => v1 + i), versions.Order());
        // Read from the first replica once it has the last version (a write through the other reaches it by notification).
        using var last = await service.Host.Reader.GetAsync($"config/v1/configuration?after={v1 + 19}&wait=10");
        using var json = JsonDocument.Parse(await last.Content.ReadAsStringAsync());
        Assert.Equal(v1 + 20, json.RootElement.GetProperty("version").GetInt64());
        var tenant = ConfigurationJson.Parse(json.RootElement.GetProperty("configuration").GetRawText(), "answer").Tenant();
        Assert.Equal(23, tenant.Agents.Count);
    }

    [Fact]
    public async Task The_file_export_is_the_configuration_file_format_and_imports_back_unchanged()
    {
        var (service, v1) = await SeededAsync();
        await using var _ = service;
        using var export = await service.Host.Reader.GetAsync("config/v1/configuration?format=file");
        var file = await export.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal($"\"{v1}\"", export.Headers.ETag?.Tag);
        // Exactly what the file format writes for the configuration seeded, and what the file reader takes.
        Assert.Equal(ConfigurationJson.Serialize(Sites.Small()), file);
        AssertSame(Sites.Small(), ConfigurationJson.Parse(file, "export.json"));
        using var reimport = await service.Host.PutAsync(file, v1);
        Assert.Contains("\"changed\":false", await reimport.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_newest_versions_are_kept()
    {
        var (service, v1) = await SeededAsync(o => o.RetainedVersions = 3);
        await using var _ = service;
        for (var i = 0; i < 5; i++)
            await ConfigurationServiceHost.VersionOfAsync(await service.Host.PutObjectAsync("t1", "agents", $"n{i}", $$"""{"id":"n{{i}}"}"""));
        using var changes = await service.Host.Reader.GetAsync("config/v1/changes");
        using var list = JsonDocument.Parse(await changes.Content.ReadAsStringAsync());
        Assert.Equal([v1 + 3, v1 + 4, v1 + 5], list.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("version").GetInt64()));
    }

    /// <summary>Waits until the service holds a long poll, so that a change made next is one the poll waits for.</summary>
    private static async Task WaitForWaitingPollAsync(ConfigurationServiceHost host, Task<HttpResponseMessage> poll)
    {
        var monitor = host.Service<ConfigurationVersionMonitor>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !poll.IsCompleted)
        {
            if (monitor.Waiting > 0) return;
            await Task.Delay(10); // the poll interval (it also stops when the poll is answered, hence not Eventually)
        }
        Assert.Fail(poll.IsCompleted ? $"the poll was answered at once: {(await poll).StatusCode}" : "the service never held the poll");
    }

    private sealed class AgentComparer : IEqualityComparer<AgentConfig>
    {
        public bool Equals(AgentConfig? x, AgentConfig? y) =>
            x is not null && y is not null && JsonSerializer.Serialize(x, ConfigurationJson.Options) == JsonSerializer.Serialize(y, ConfigurationJson.Options);

        public int GetHashCode(AgentConfig obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
