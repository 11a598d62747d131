using Npgsql;

namespace Pulse.Testing;

/// <summary>
/// The throwaway server started by scripts/test.sh (<c>PULSE_TEST_POSTGRES</c>). Missing, the tests fail
/// (they never skip): run them through <c>bash scripts/test.sh</c>, or set the variable yourself.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "PULSE_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{Variable} is not set{(Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: a missing server fails the run)" : "")}: " +
                "run the tests with `bash scripts/test.sh`, which starts a throwaway PostgreSQL and sets it, or set it to a server where the tests may create databases " +
                "(for example Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres)");

    /// <summary>Creates a fresh, empty database; disposing the result drops it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = "pulse_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(ConnectionString))
        await using (var command = admin.CreateCommand($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
            await command.ExecuteNonQueryAsync();
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;
        return new TestDatabase(name, cs);
    }
}

/// <summary>A database of its own for a test or a test class; dropped on dispose.</summary>
public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(PostgresServer.ConnectionString);
        await using var command = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A class fixture: one migrated database per test class.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public NpgsqlDataSource DataSource => Database.DataSource;

    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        await new Pulse.Sdk.Postgres.Migrations.PulseSchemaMigrator(_database.DataSource).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
