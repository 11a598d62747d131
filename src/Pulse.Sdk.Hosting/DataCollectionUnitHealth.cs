using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Hosting;

/// <summary>
/// The Data Collection Unit's part of <c>/health/detail</c>: unhealthy when an engine partition stopped on an error,
/// degraded while a stream is stale (docs/statistics.md, "Data quality") or a sink fails (docs/architecture.md, "Faults").
/// </summary>
public sealed class DataCollectionUnitHealth(DataCollectionUnit unit) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (unit.Failure is { } failure)
            return Task.FromResult(HealthCheckResult.Unhealthy("an engine partition stopped: " + failure.Message));
        var problems = new List<string>();
        if (unit.StaleStreams is { Count: > 0 } stale)
            problems.Add("stale streams (their statistics show N/A): " + string.Join(", ", stale.Select(EventSourceNames.Of)));
        foreach (var sink in unit.SinkFailures)
            problems.Add(sink.Disabled
                ? $"statistic sink {sink.Sink} disabled after {sink.Failures} failures: {sink.LastError}"
                : $"statistic sink {sink.Sink}: {sink.Failures} failed flushes, last: {sink.LastError}");
        return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
