using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Tests.Configuration;

public class ConfigurationJsonTests
{
    [Fact]
    public void Fixture_parses_with_every_object_kind()
    {
        var config = ConfigurationJson.Load(ConfigTestFiles.FixturePath);

        var tenant = Assert.Single(config.Tenants);
        Assert.Equal("demo", tenant.Id);
        Assert.Equal("Europe/Paris", tenant.TimeZone);

        Assert.Equal(["Sales", "Support", "Billing"], tenant.Queues.Select(q => q.Id));
        Assert.Equal(["8001", "8002", "8003"], tenant.Queues.Select(q => q.Dn));
        Assert.Equal([20.0, 30.0, 20.0], tenant.Queues.Select(q => q.ServiceLevelThresholdSeconds));
        Assert.All(tenant.Queues, q => Assert.Equal(5.0, q.ShortAbandonThresholdSeconds));
        Assert.Equal(["VQ_Sales", "VQ_Support"], tenant.VirtualQueues.Select(q => q.Id));
        Assert.Equal(["9001", "9002"], tenant.VirtualQueues.Select(q => q.Dn));
        Assert.Equal("7000", Assert.Single(tenant.RoutePoints).Dn);
        Assert.Equal(["iq_chat", "iq_email"], tenant.InteractionQueues.Select(q => q.Id));

        Assert.Equal(12, tenant.Agents.Count);
        Assert.Equal(Enumerable.Range(1001, 12).Select(n => $"a{n}"), tenant.Agents.Select(a => a.Id));
        Assert.Equal(Enumerable.Range(5001, 12).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            tenant.Agents.Select(a => Assert.Single(a.Dns)));
        Assert.Contains(tenant.Agents, a => a.Media.SequenceEqual([MediaType.Voice, MediaType.Chat]));
        Assert.Contains(tenant.Agents, a => a.Media.SequenceEqual([MediaType.Voice, MediaType.EMail]));
        Assert.Equal(8, tenant.Agents[0].Skills["Sales"]);

        Assert.Equal(["Sales Team", "Support Team", "Digital Team"], tenant.AgentGroups.Select(g => g.Id));
        Assert.All(tenant.AgentGroups, g => Assert.Equal(4, g.Agents.Count));
        var queueGroup = Assert.Single(tenant.QueueGroups);
        Assert.Equal("All Voice Queues", queueGroup.Id);
        Assert.Equal(["Sales", "Support", "Billing"], queueGroup.Queues);

        Assert.Equal(["admin", "supervisor_sales", "agent_view"], tenant.Users.Select(u => u.Id));
        Assert.True(tenant.Users[0].Access.All);
        Assert.Contains("ManageUsers", tenant.Users[0].Privileges);
        Assert.Equal(["Sales"], tenant.Users[1].Access.Queues);
        Assert.Equal(["Sales Team"], tenant.Users[1].Access.AgentGroups);
        Assert.False(tenant.Users[2].Access.All);
        Assert.Equal(["a1001"], tenant.Users[2].Access.Agents);
        Assert.Empty(tenant.Users[2].Access.Queues);
    }

    [Fact]
    public void Demo_config_of_the_host_is_valid()
    {
        var config = ConfigurationJson.Load(RepositoryFiles.Find(Path.Combine("samples", "Pulse.Host", "demo-config.json")));
        Assert.Equal("demo", Assert.Single(config.Tenants).Id);
    }

    [Fact]
    public void Complete_example_of_the_documentation_is_valid()
    {
        var doc = File.ReadAllText(RepositoryFiles.Find(Path.Combine("docs", "configuration.md")));
        const string fence = "```jsonc";
        var start = doc.LastIndexOf(fence, StringComparison.Ordinal) + fence.Length;
        var end = doc.IndexOf("```", start, StringComparison.Ordinal);
        var config = ConfigurationJson.Parse(doc[start..end], "docs/configuration.md");

        var tenant = Assert.Single(config.Tenants);
        Assert.Equal("acme", tenant.Id);
        Assert.Empty(tenant.Agents[2].Dns);
        Assert.Equal([MediaType.Voice, MediaType.Chat], tenant.Agents[1].Media);
    }

    [Fact]
    public void Iana_time_zone_of_the_tenant_resolves()
    {
        var config = ConfigurationJson.Load(ConfigTestFiles.FixturePath);
        Assert.True(ConfigurationValidator.TryFindTimeZone(config.Tenants[0].TimeZone, out var zone));
        Assert.Equal(TimeSpan.FromHours(1), zone.BaseUtcOffset);
        // Summer time in Paris is UTC+2.
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Defaults_apply_to_omitted_properties()
    {
        var config = ConfigurationJson.Parse("""{ "tenants": [ { "id": "t", "queues": [ { "id": "q", "dn": "1" } ], "agents": [ { "id": "a" } ] } ] }""", "config.json");
        var tenant = config.Tenants[0];
        Assert.Equal("UTC", tenant.TimeZone);
        Assert.Equal(20, tenant.Queues[0].ServiceLevelThresholdSeconds);
        Assert.Equal(5, tenant.Queues[0].ShortAbandonThresholdSeconds);
        Assert.Null(tenant.Queues[0].Name);
        Assert.Equal([MediaType.Voice], tenant.Agents[0].Media);
        Assert.Empty(tenant.Agents[0].Dns);
        Assert.Empty(tenant.Users);
    }

    [Fact]
    public void Enums_are_read_case_insensitively()
    {
        var config = ConfigurationJson.Parse("""{ "tenants": [ { "id": "t", "agents": [ { "id": "a", "media": ["voice", "Chat", "EMAIL", "workitem"] } ] } ] }""", "config.json");
        Assert.Equal([MediaType.Voice, MediaType.Chat, MediaType.EMail, MediaType.WorkItem], config.Tenants[0].Agents[0].Media);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        const string json = """
            // leading comment
            {
              /* block comment */
              "tenants": [
                { "id": "t", "queues": [ { "id": "q", "dn": "1", }, ], }, // trailing commas
              ],
            }
            """;
        Assert.Equal("q", ConfigurationJson.Parse(json, "config.json").Tenants[0].Queues[0].Id);
    }

    [Fact]
    public void Byte_order_mark_is_ignored()
    {
        Assert.Single(ConfigurationJson.Parse("\uFEFF" + ConfigTestFiles.Minimal(), "config.json").Tenants);
    }

    [Fact]
    public void Missing_required_field_names_file_line_and_path()
    {
        const string json = """
            {
              "tenants": [
                {
                  "id": "t1",
                  "queues": [
                    { "id": "q1", "dn": "8001" },
                    { "id": "q2",
                      "serviceLevelThresholdSeconds": 30
                    }
                  ]
                }
              ]
            }
            """;
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        // The queue without a dn starts on line 7.
        Assert.Equal("config.json:7: $.tenants[0].queues[1].dn: required property is missing", ex.Message);
    }

    [Fact]
    public void Missing_tenant_id_is_reported_at_the_tenant()
    {
        const string json = "{\n  \"tenants\": [\n    { \"timeZone\": \"UTC\" }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "c.json"));
        Assert.Equal("c.json:3: $.tenants[0].id: required property is missing", ex.Message);
    }

    [Fact]
    public void Load_reports_missing_required_field_with_the_file_name()
    {
        var dir = Directory.CreateTempSubdirectory("pulse-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, "{\n \"tenants\": [\n  { \"id\": \"t\",\n    \"routePoints\": [\n      { \"id\": \"rp\" }\n    ]\n  }\n ]\n}");
            var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Load(path));
            Assert.Equal($"{path}:5: $.tenants[0].routePoints[0].dn: required property is missing", ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Syntax_error_names_line_and_path()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\" \"timeZone\": \"UTC\" }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.StartsWith("config.json:3: $.tenants[0]: invalid JSON:", ex.Message);
        Assert.DoesNotContain("LineNumber", ex.Message);
    }

    [Fact]
    public void Unknown_property_is_rejected_with_its_path()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\",\n      \"queues\": [ { \"id\": \"q\", \"dn\": \"1\", \"serviceLevelThreshold\": 30 } ] }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.StartsWith("config.json:4: $.tenants[0].queues[0].serviceLevelThreshold: unknown property", ex.Message);
    }

    [Fact]
    public void Wrong_value_type_is_explained()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\",\n      \"queues\": [ { \"id\": \"q\", \"dn\": 8001 } ] }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.StartsWith("config.json:4: $.tenants[0].queues[0].dn: expected a string", ex.Message);
    }

    [Fact]
    public void Unknown_enum_value_lists_the_valid_names()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\",\n      \"agents\": [ { \"id\": \"a\", \"media\": [\"Voice\", \"Fax\"] } ] }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.StartsWith("config.json:4: $.tenants[0].agents[0].media[1]: 'Fax' is not a valid MediaType; expected one of: Voice, VoIP, EMail", ex.Message);
    }

    [Fact]
    public void Numeric_enum_value_is_rejected()
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            ConfigurationJson.Parse("""{ "tenants": [ { "id": "t", "agents": [ { "id": "a", "media": [5] } ] } ] }""", "config.json"));
        Assert.Contains("$.tenants[0].agents[0].media[0]: expected a string, one of: Voice", ex.Message);
    }

    [Fact]
    public void Null_required_value_is_rejected()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\",\n      \"queues\": [ { \"id\": \"q\", \"dn\": null } ] }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.Equal("config.json:4: $.tenants[0].queues[0].dn: null is not allowed here", ex.Message);
    }

    [Fact]
    public void Null_list_element_is_rejected_with_its_line()
    {
        const string json = "{\n  \"tenants\": [\n    { \"id\": \"t\",\n      \"agents\": [\n        null\n      ] }\n  ]\n}";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.Equal("config.json:5: $.tenants[0].agents[0]: null is not allowed in this list", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("[]")]
    public void Empty_or_non_object_document_is_rejected(string json)
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.StartsWith("config.json:1: $", ex.Message);
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-missing-{Guid.NewGuid():N}.json");
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Load(path));
        Assert.StartsWith($"{path}: cannot read the configuration file", ex.Message);
        Assert.IsType<FileNotFoundException>(ex.InnerException);
    }

    [Fact]
    public void Parse_runs_the_validator_with_the_origin()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(ConfigTestFiles.Minimal(threshold: -1), "config.json"));
        Assert.StartsWith("config.json: invalid configuration:", ex.Message);
        Assert.Contains("tenants[0] ('t1') queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more", ex.Message);
    }

    [Fact]
    public void Infinite_threshold_is_rejected()
    {
        var json = ConfigTestFiles.Minimal().Replace("\"serviceLevelThresholdSeconds\": 20", "\"serviceLevelThresholdSeconds\": 1e400", StringComparison.Ordinal);
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse(json, "config.json"));
        Assert.Contains("queue 'q1'.serviceLevelThresholdSeconds: must be 0 or more", ex.Message);
    }

    [Fact]
    public void Serialize_writes_the_file_format()
    {
        var json = ConfigurationJson.Serialize(ConfigurationJson.Parse(ConfigTestFiles.Minimal(), "config.json"));
        Assert.Contains("\"tenants\": [", json);
        Assert.Contains("\"timeZone\": \"Europe/Paris\"", json);
        Assert.Contains("\"serviceLevelThresholdSeconds\": 20", json);
        Assert.Contains("\"media\": [", json);
        Assert.Contains("\"Voice\"", json);
        Assert.DoesNotContain("\"name\"", json); // null names are omitted
        Assert.Contains(Environment.NewLine + "  ", json); // indented
    }

    [Fact]
    public void Serialize_then_parse_round_trips_the_content()
    {
        var original = ConfigurationJson.Load(ConfigTestFiles.FixturePath);
        var json = ConfigurationJson.Serialize(original);
        var parsed = ConfigurationJson.Parse(json, "roundtrip.json");

        ConfigTestFiles.AssertContentEqual(original, parsed);
        Assert.Equal(json, ConfigurationJson.Serialize(parsed));
    }

    [Fact]
    public void Round_trip_of_a_configuration_built_in_code()
    {
        var original = new PulseConfiguration
        {
            Tenants =
            [
                new TenantConfig
                {
                    Id = "t",
                    TimeZone = "America/New_York",
                    Agents = [new AgentConfig { Id = "a", Name = "Ann", Dns = ["1", "2"], Media = [MediaType.Chat], Skills = new Dictionary<string, int> { ["French lang"] = 3 } }],
                    Queues = [new QueueConfig { Id = "q", Dn = "10", ServiceLevelThresholdSeconds = 12.5, ShortAbandonThresholdSeconds = 0 }],
                    VirtualQueues = [new QueueConfig { Id = "vq", Dn = "11" }],
                    QueueGroups = [new QueueGroupConfig { Id = "qg", Queues = ["q", "vq"] }],
                    Users = [new UserConfig { Id = "u", Privileges = ["ViewDashboard"], Access = new ObjectAccess { Queues = ["q"], QueueGroups = ["qg"] } }],
                },
            ],
        };
        var parsed = ConfigurationJson.Parse(ConfigurationJson.Serialize(original), "roundtrip.json");
        ConfigTestFiles.AssertContentEqual(original, parsed);
    }

    [Fact]
    public void Options_are_read_only()
    {
        Assert.True(ConfigurationJson.Options.IsReadOnly);
    }
}
