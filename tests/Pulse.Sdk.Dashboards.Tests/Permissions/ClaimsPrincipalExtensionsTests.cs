using System.Security.Claims;

using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Dashboards.Tests.Permissions;

public sealed class ClaimsPrincipalExtensionsTests
{
    private static ClaimsPrincipal Principal(string? authenticationType, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType));

    [Fact]
    public void Reads_tenant_and_sub()
    {
        Assert.Equal(new PulseIdentity("t1", "alice"), Principal("Pulse", ("sub", "alice"), ("tenant", "t1")).GetPulseIdentity());
    }

    [Fact]
    public void Anything_missing_doubled_or_unauthenticated_gives_null()
    {
        Assert.Null(Principal(null, ("sub", "alice"), ("tenant", "t1")).GetPulseIdentity());
        Assert.Null(Principal("Pulse", ("sub", "alice")).GetPulseIdentity());
        Assert.Null(Principal("Pulse", ("tenant", "t1")).GetPulseIdentity());
        Assert.Null(Principal("Pulse", ("sub", "alice"), ("tenant", "t1"), ("tenant", "t2")).GetPulseIdentity());
        Assert.Null(Principal("Pulse", ("sub", ""), ("tenant", "t1")).GetPulseIdentity());
        Assert.Null(new ClaimsPrincipal().GetPulseIdentity());
    }
}
