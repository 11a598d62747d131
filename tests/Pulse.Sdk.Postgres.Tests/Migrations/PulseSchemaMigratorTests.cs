using Pulse.Sdk.Metadata;
using Npgsql;
using Pulse.Sdk.Postgres.Metadata;
using Pulse.Sdk.Postgres.Migrations;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Postgres.Tests.Migrations;

public sealed class PulseSchemaMigratorTests
{
    private static readonly int[] AllVersions = PulseSchema.Migrations.Select(m => m.Version).ToArray();

    [Fact]
    public async Task Migrates_an_empty_database_to_the_latest_version()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        var migrator = new PulseSchemaMigrator(db.DataSource);
        Assert.Equal(0, await migrator.GetVersionAsync());

        var result = await migrator.MigrateAsync();

        Assert.Equal(0, result.FromVersion);
        Assert.Equal(PulseSchema.LatestVersion, result.ToVersion);
        Assert.Equal(AllVersions, result.Applied);
        Assert.Equal(PulseSchema.LatestVersion, await migrator.GetVersionAsync());
        Assert.Equal(AllVersions, await VersionRowsAsync(db.DataSource));
        foreach (var table in new[] { "pulse_tenants", "pulse_widget_templates", "pulse_layouts", "pulse_tabs", "pulse_user_preferences" })
            Assert.True(await ScalarAsync<bool>(db.DataSource, $"SELECT to_regclass('{table}') IS NOT NULL"), table);
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        var migrator = new PulseSchemaMigrator(db.DataSource);
        await migrator.MigrateAsync();

        var again = await migrator.MigrateAsync();

        Assert.Equal(PulseSchema.LatestVersion, again.FromVersion);
        Assert.Equal(PulseSchema.LatestVersion, again.ToVersion);
        Assert.Empty(again.Applied);
        Assert.Equal(AllVersions, await VersionRowsAsync(db.DataSource));
    }

    public static TheoryData<int> EarlierVersions()
    {
        var data = new TheoryData<int>();
        for (var v = 1; v < PulseSchema.LatestVersion; v++) data.Add(v);
        return data;
    }

    [Theory]
    [MemberData(nameof(EarlierVersions))]
    public async Task Upgrades_from_each_earlier_version_keeping_the_data(int earlier)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        var migrator = new PulseSchemaMigrator(db.DataSource);
        await migrator.MigrateAsync(earlier);
        Assert.Equal(earlier, await migrator.GetVersionAsync());

        // Data written by a release at that version (every version has templates and layouts).
        var templateId = Guid.NewGuid();
        var layoutId = Guid.NewGuid();
        await ExecuteAsync(db.DataSource, $$"""
            INSERT INTO pulse_tenants (tenant, last_uscn) VALUES ('acme', 2);
            INSERT INTO pulse_widget_templates (tenant, id, name, widget_type, object_type, statistics, uscn)
                VALUES ('acme', '{{templateId}}', 'Old', 'Grid', 'Queue', '[{"alias":"W","statisticType":"Waiting","displayFormat":"Integer"}]', 1);
            INSERT INTO pulse_layouts (tenant, id, template_id, objects, uscn)
                VALUES ('acme', '{{layoutId}}', '{{templateId}}', '[{"type":"Queue","id":"Sales"}]', 2);
            """);

        var result = await migrator.MigrateAsync();

        Assert.Equal(earlier, result.FromVersion);
        Assert.Equal(PulseSchema.LatestVersion, result.ToVersion);
        Assert.Equal(AllVersions.Where(v => v > earlier), result.Applied);
        Assert.Equal(AllVersions, await VersionRowsAsync(db.DataSource));

        var store = new PulseMetadataStore(db.DataSource);
        var template = await store.GetTemplateAsync("acme", templateId);
        Assert.NotNull(template);
        Assert.Equal("Old", template.Name);
        Assert.Equal(new TemplateStatistic("W", "Waiting") { DisplayFormat = ValueFormat.Integer }, Assert.Single(template.Statistics));
        var layout = await store.GetLayoutAsync("acme", layoutId);
        Assert.NotNull(layout);
        Assert.Equal(new LayoutObject(ObjectType.Queue, "Sales"), Assert.Single(layout.Objects));
        Assert.True(layout.Active);

        // The upgraded schema works for new writes: the uscn continues after the old data's.
        var saved = await store.SaveLayoutAsync(layout with { Name = "renamed" });
        Assert.Equal(3, saved.Uscn);
        var tab = await store.SaveTabAsync(new Tab { Id = Guid.NewGuid(), Tenant = "acme", Owner = "ann", LayoutIds = [layoutId] });
        Assert.Equal(4, tab.Uscn);
    }

    [Fact]
    public async Task Two_migrators_at_once_apply_each_step_once()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        // Separate data sources: as two Init jobs in two pods.
        await using var a = NpgsqlDataSource.Create(db.ConnectionString);
        await using var b = NpgsqlDataSource.Create(db.ConnectionString);
        await using var c = NpgsqlDataSource.Create(db.ConnectionString);

        var results = await Task.WhenAll(
            Task.Run(() => new PulseSchemaMigrator(a).MigrateAsync()),
            Task.Run(() => new PulseSchemaMigrator(b).MigrateAsync()),
            Task.Run(() => new PulseSchemaMigrator(c).MigrateAsync()));

        Assert.All(results, r => Assert.Equal(PulseSchema.LatestVersion, r.ToVersion));
        Assert.Equal(AllVersions, results.SelectMany(r => r.Applied).Order());
        Assert.Equal(AllVersions, await VersionRowsAsync(db.DataSource));
        // The advisory lock was released by every migrator.
        Assert.Equal(0L, await ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_is_refused_with_a_message()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        var migrator = new PulseSchemaMigrator(db.DataSource);
        await migrator.MigrateAsync();
        await ExecuteAsync(db.DataSource, $"INSERT INTO pulse_schema_version (version, description) VALUES ({PulseSchema.LatestVersion + 1}, 'from the future')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync());

        Assert.Contains($"version {PulseSchema.LatestVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Init job of the newer release", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_step_leaves_nothing_half_done_and_a_fixed_release_retries_it()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        SchemaMigration[] broken = [.. PulseSchema.Migrations, new(PulseSchema.LatestVersion + 1, "broken", "CREATE TABLE pulse_half_done (x int); SELECT no_such_function();")];
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => new PulseSchemaMigrator(db.DataSource, broken, null).MigrateAsync());

        Assert.Equal(AllVersions, await VersionRowsAsync(db.DataSource));                     // the good steps stay
        Assert.False(await ScalarAsync<bool>(db.DataSource, "SELECT to_regclass('pulse_half_done') IS NOT NULL"));
        Assert.Equal(0L, await ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));

        SchemaMigration[] fixedSteps = [.. PulseSchema.Migrations, new(PulseSchema.LatestVersion + 1, "fixed", "CREATE TABLE pulse_half_done (x int);")];
        var result = await new PulseSchemaMigrator(db.DataSource, fixedSteps, null).MigrateAsync();
        Assert.Equal([PulseSchema.LatestVersion + 1], result.Applied);
    }

    [Fact]
    public void Versions_are_consecutive_from_one()
    {
        Assert.Equal(Enumerable.Range(1, PulseSchema.Migrations.Count), AllVersions);
        Assert.All(PulseSchema.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
    }

    private static async Task<int[]> VersionRowsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM pulse_schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return [.. versions];
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
