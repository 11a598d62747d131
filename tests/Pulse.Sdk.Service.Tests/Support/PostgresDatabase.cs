using Npgsql;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>A fresh database on the server scripts/test.sh starts (<c>PULSE_TEST_POSTGRES</c>); a missing server fails the test, never skips it.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _name;

    private PostgresDatabase(string name, string connectionString)
    {
        _name = name;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    private static string Server =>
        Environment.GetEnvironmentVariable("PULSE_TEST_POSTGRES") is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException("PULSE_TEST_POSTGRES is not set" + (Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: a missing server fails the run)" : "")
            + ": run the tests with `bash scripts/test.sh`, which starts a throwaway PostgreSQL");

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "pulse_service_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(Server))
        await using (var command = admin.CreateCommand($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
            await command.ExecuteNonQueryAsync();
        return new PostgresDatabase(name, new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    public async Task<bool> TableExistsAsync(string table)
    {
        await using var command = DataSource.CreateCommand($"SELECT to_regclass('{table}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(Server);
        await using var command = admin.CreateCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }
}
