using Npgsql;

namespace Pulse.Sdk.ConfigurationService;

/// <summary>The service's own data source in the container (kept apart from any the host registers), disposed with it.</summary>
internal sealed class ConfigurationServiceDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
