using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests;

/// <summary>
/// The tests that count on a process-wide listener (<see cref="Support.CounterRecorder"/>) run alone, after the parallel
/// ones, so they count only their own requests.
/// </summary>
[CollectionDefinition(nameof(AuthenticationMetricsTests), DisableParallelization = true)]
public sealed class AuthenticationMetricsCollection;

/// <summary>Each host counts on its own meter (its IMeterFactory): these tests need not run alone.</summary>
public sealed class AuthenticationMetricsTests
{
    private static MetricCollector<long> Collect(WebApplication app, string instrument) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), AuthenticationMeter.Name, instrument);

    private static long Total(MetricCollector<long> collector, string? endpoint = null) =>
        collector.GetMeasurementSnapshot().Where(m => endpoint is null || (m.Tags.TryGetValue("endpoint", out var e) && Equals(e, endpoint))).Sum(m => m.Value);

    [Fact]
    public async Task Failed_logins_are_counted_by_endpoint_and_issued_tokens_too_each_by_the_host_that_saw_them()
    {
        await using var apps = await StartAsync();
        using var roleFailed = Collect(apps.Role, "pulse.auth.failed_logins");
        using var pulseFailed = Collect(apps.Pulse, "pulse.auth.failed_logins");
        using var issued = Collect(apps.Role, "pulse.auth.issued_tokens");

        using (var r = await apps.RoleClient().PostAsync("/auth/token", Json("""{"username":"nobody","password":"x"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(1, Total(roleFailed, "token"));
        Assert.Equal(0, Total(pulseFailed));

        // A failed session login is refused by the role too: counted once at each, each on its own host's meter.
        using (var r = await apps.PulseClient().PostAsync("/api/session/login", Json("""{"username":"alice","password":"nope"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(2, Total(roleFailed, "token"));
        Assert.Equal(0, Total(roleFailed, "session"));
        Assert.Equal(1, Total(pulseFailed, "session"));
        Assert.Equal(0, Total(pulseFailed, "token"));

        using (var r = await apps.PulseClient().PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}""")))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(1, Total(pulseFailed, "session"));
        Assert.Equal(1, Total(issued));
    }

    [Fact]
    public async Task Two_hosts_count_apart()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        using var firstFailed = Collect(first.Role, "pulse.auth.failed_logins");
        using var secondFailed = Collect(second.Role, "pulse.auth.failed_logins");

        for (var i = 0; i < 3; i++)
        {
            using var r = await first.RoleClient().PostAsync("/auth/token", Json("""{"username":"nobody","password":"x"}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        using (var r = await second.RoleClient().PostAsync("/auth/token", Json("""{"username":"nobody","password":"x"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        Assert.Equal(3, Total(firstFailed, "token"));
        Assert.Equal(1, Total(secondFailed, "token"));
    }
}
