using Npgsql;

namespace Pulse.Host.Tests;

/// <summary>The Init and Init Tenant jobs of the host, against the throwaway PostgreSQL of scripts/test.sh.</summary>
public sealed class InitCommandTests
{
    private const string Variable = "PULSE_TEST_POSTGRES";

    [Fact]
    public async Task Init_creates_the_schema_once_and_init_tenant_installs_the_six_templates_once()
    {
        var (database, connectionString) = await CreateDatabaseAsync();
        try
        {
            var first = await HostRunner.RunAsync(["init", "--postgres", connectionString]);
            var second = await HostRunner.RunAsync(["init", "--postgres", connectionString]);
            var tenant = await HostRunner.RunAsync(["init-tenant", "--postgres", connectionString, "--tenant", "t1"]);
            var again = await HostRunner.RunAsync(["init-tenant", "--postgres", connectionString, "--tenant", "t1"]);

            Assert.Equal((0, ""), (first.ExitCode, first.Error));
            Assert.Matches(@"^init: schema version 0 -> \d+ \(applied 1(, \d+)*\)", first.Out);
            Assert.StartsWith("init: schema already at version", second.Out, StringComparison.Ordinal);
            Assert.Equal(0, tenant.ExitCode);
            Assert.Contains("installed Agent KPIs, Agent Group Status, Queue KPIs, Virtual Queue KPIs, Interaction Queue KPIs, Tenant Summary;", tenant.Out, StringComparison.Ordinal);
            Assert.Contains("installed none; updated none; unchanged Agent KPIs", again.Out, StringComparison.Ordinal);
        }
        finally
        {
            await DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Demo_dashboards_are_given_once_to_each_demo_user_and_only_for_the_demo_tenant()
    {
        var (database, connectionString) = await CreateDatabaseAsync();
        try
        {
            var first = await HostRunner.RunAsync(["init-tenant", "--postgres", connectionString, "--tenant", "demo", "--demo-dashboards", "true"]);
            var again = await HostRunner.RunAsync(["init-tenant", "--postgres", connectionString, "--tenant", "demo", "--demo-dashboards", "true"]);
            var other = await HostRunner.RunAsync(["init-tenant", "--postgres", connectionString, "--tenant", "t1", "--demo-dashboards", "true"]);

            Assert.Equal(0, first.ExitCode);
            Assert.Contains("init-tenant demo: demo dashboards for admin, supervisor, teamlead", first.Out, StringComparison.Ordinal);
            Assert.Contains("init-tenant demo: demo dashboards for none", again.Out, StringComparison.Ordinal);
            Assert.Equal(1, other.ExitCode);
            Assert.Contains("the demo users belong to tenant 'demo', not 't1'", other.Error, StringComparison.Ordinal);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var count = dataSource.CreateCommand("SELECT owner, count(*) FROM pulse_tabs WHERE tenant = 'demo' GROUP BY owner ORDER BY owner");
            var tabs = new List<(string, long)>();
            await using (var reader = await count.ExecuteReaderAsync())
                while (await reader.ReadAsync()) tabs.Add((reader.GetString(0), reader.GetInt64(1)));
            Assert.Equal([("admin", 1L), ("supervisor", 1L), ("teamlead", 1L)], tabs);
        }
        finally
        {
            await DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_with_exit_code_1()
    {
        var result = await HostRunner.RunAsync(["init", "--postgres", "Host=127.0.0.1;Port=1;Username=x;Timeout=2"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("init: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_a_usage_error()
    {
        var result = await HostRunner.RunAsync(["init", "--postgres", "NoSuchKeyword=1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--postgres: the connection string is not valid", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "init" }, "init needs --postgres")]
    [InlineData(new[] { "init-tenant", "--postgres", "Host=x" }, "init-tenant needs --tenant")]
    [InlineData(new[] { "init-tenant", "--postgres", "Host=x", "--tenant", "t", "--overwrite-edited", "maybe" }, "--overwrite-edited: 'maybe' is not true or false")]
    public async Task Missing_or_wrong_options_name_what_to_change(string[] args, string message)
    {
        var result = await HostRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    private static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with `bash scripts/test.sh`, which starts a throwaway PostgreSQL");
        var name = "pulse_init_" + Guid.NewGuid().ToString("N");
        await using (var source = NpgsqlDataSource.Create(admin))
        await using (var command = source.CreateCommand($"CREATE DATABASE {name}"))
            await command.ExecuteNonQueryAsync();
        return (name, new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString);
    }

    private static async Task DropDatabaseAsync(string name)
    {
        await using var source = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable(Variable)!);
        await using var command = source.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }
}
