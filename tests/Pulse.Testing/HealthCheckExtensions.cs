using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Testing;

/// <summary>Runs one health check as the health checks service would, for tests that look at one component's health.</summary>
public static class HealthCheckExtensions
{
    /// <summary>The check's result, run with a registration of its own.</summary>
    public static Task<HealthCheckResult> CheckAsync(this IHealthCheck check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("test", check, null, null) }, cancellationToken);
    }
}
