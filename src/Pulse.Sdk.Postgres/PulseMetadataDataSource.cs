using Npgsql;

namespace Pulse.Sdk.Postgres;

/// <summary>
/// The data source of the metadata adapter in the container, with whether the container owns it: kept apart
/// from any <see cref="NpgsqlDataSource"/> the host registers for itself, and disposed only when ours.
/// </summary>
internal sealed class PulseMetadataDataSource(NpgsqlDataSource dataSource, bool owned) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public void Dispose()
    {
        if (owned) DataSource.Dispose();
    }

    public ValueTask DisposeAsync() => owned ? DataSource.DisposeAsync() : ValueTask.CompletedTask;
}
