namespace Pulse.Sdk.Diagnostics;

/// <summary>
/// A part of a deployment that reports its health to the Pulse service (<c>GET /health/detail</c>): the Redis store's
/// snapshot writing, the layout synchronisation of a Data Collection Unit, the live hub's delays. Register as many
/// as the host has; the service merges them (the worst status wins, the first known value of each field is shown).
/// </summary>
public interface IHealthDetailSource
{
    /// <summary>The part's health now; keep it cheap (it is read at every health request).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<HealthDetail> ReadAsync(CancellationToken cancellationToken = default);
}
