using System.Net;
using Pulse.Sdk.Authentication.Tests.Support;
using static Pulse.Sdk.Authentication.Tests.Support.AuthTestApps;

namespace Pulse.Sdk.Authentication.Tests;

/// <summary>The meter is process-wide: these tests run alone, after the parallel ones, so they count only their own logins.</summary>
[CollectionDefinition(nameof(AuthenticationMetricsTests), DisableParallelization = true)]
public sealed class AuthenticationMetricsCollection;

[Collection(nameof(AuthenticationMetricsTests))]
public sealed class AuthenticationMetricsTests
{
    [Fact]
    public async Task Failed_logins_are_counted_by_endpoint_and_issued_tokens_too()
    {
        await using var apps = await StartAsync();
        using var failed = new CounterRecorder("pulse.auth.failed_logins");
        using var issued = new CounterRecorder("pulse.auth.issued_tokens");

        using (var r = await apps.RoleClient().PostAsync("/auth/token", Json("""{"username":"nobody","password":"x"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(1, failed.Total("endpoint", "token"));
        Assert.Equal(0, failed.Total("endpoint", "session"));

        // A failed session login is refused by the role too: counted once at each.
        using (var r = await apps.PulseClient().PostAsync("/api/session/login", Json("""{"username":"alice","password":"nope"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(2, failed.Total("endpoint", "token"));
        Assert.Equal(1, failed.Total("endpoint", "session"));

        using (var r = await apps.PulseClient().PostAsync("/api/session/login", Json("""{"username":"alice","password":"alice-secret"}""")))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(1, failed.Total("endpoint", "session"));
        Assert.Equal(1, issued.Total());
    }
}
