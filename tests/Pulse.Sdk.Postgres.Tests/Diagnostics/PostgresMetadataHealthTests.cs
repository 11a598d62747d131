using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Pulse.Sdk.Postgres.Diagnostics;

namespace Pulse.Sdk.Postgres.Tests.Diagnostics;

public sealed class PostgresMetadataHealthTests
{
    [Fact]
    public async Task A_reachable_server_is_healthy()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        var health = await new PostgresMetadataHealth(db.DataSource).CheckAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Null(health.Description);
    }

    [Fact]
    public async Task An_unreachable_server_is_degraded_with_a_reason_that_names_no_password()
    {
        // A port nothing listens on (bound and released), and a password that must not appear in the reason.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=pulse;Password=s3cret-pw;Database=pulse;Timeout=2");
        var health = await new PostgresMetadataHealth(dataSource).CheckAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("PostgreSQL metadata store: cannot reach the server", health.Description);
        Assert.DoesNotContain("s3cret-pw", health.Description);
    }
}
