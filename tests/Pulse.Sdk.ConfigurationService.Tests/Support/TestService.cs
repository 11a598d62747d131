using Pulse.Sdk.Postgres.Migrations;

namespace Pulse.Sdk.ConfigurationService.Tests.Support;

/// <summary>A fresh migrated database and a configuration service over it; disposing stops the service and drops the database.</summary>
internal sealed class TestService : IAsyncDisposable
{
    private TestService(TestDatabase database, ConfigurationServiceHost host)
    {
        Database = database;
        Host = host;
    }

    public TestDatabase Database { get; }

    public ConfigurationServiceHost Host { get; private set; }

    public static async Task<TestService> StartAsync(Action<ConfigurationServiceOptions>? configure = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await new PulseSchemaMigrator(database.DataSource).MigrateAsync();
        return new TestService(database, await ConfigurationServiceHost.StartAsync(database.ConnectionString, configure: configure));
    }

    /// <summary>A second replica over the same database (another port).</summary>
    public Task<ConfigurationServiceHost> StartReplicaAsync() => ConfigurationServiceHost.StartAsync(Database.ConnectionString);

    /// <summary>Stops the service (its port refuses connections) until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
    }

    /// <summary>Starts the service again on the same port.</summary>
    public async Task RestartAsync() => Host = await ConfigurationServiceHost.StartAsync(Database.ConnectionString, Host.Port);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
