using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pulse.Sdk.Authentication.Throttling;

namespace Pulse.Sdk.Authentication.Tests.Throttling;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Attempts_in_flight_count_so_concurrent_guesses_cannot_pass_the_limit()
    {
        var throttle = new LoginThrottle(new LoginThrottleOptions { MaxFailuresPerUser = 2, MaxFailuresPerAddress = 2 }, new FakeTimeProvider(Start));
        using var a = throttle.Begin("alice", IPAddress.Loopback);
        using var b = throttle.Begin("alice", IPAddress.Parse("10.0.0.1"));
        Assert.Null(a.Refusal);
        Assert.Null(b.Refusal);
        using var c = throttle.Begin("alice", IPAddress.Parse("10.0.0.2"));
        Assert.Equal("user_locked", c.Refusal?.Reason);
        using var d = throttle.Begin("bob", IPAddress.Loopback);
        using var e = throttle.Begin("carol", IPAddress.Loopback);
        Assert.Equal("address_limit", e.Refusal?.Reason);
    }

    [Fact]
    public void An_ipv6_slash_64_is_one_address_and_unlimited_addresses_have_no_budget()
    {
        var throttle = new LoginThrottle(new LoginThrottleOptions { MaxFailuresPerAddress = 1, UnlimitedAddresses = [IPAddress.Parse("10.1.1.1")] }, new FakeTimeProvider(Start));
        throttle.Begin("a", IPAddress.Parse("2001:db8::1")).Failed();
        Assert.Equal("address_limit", throttle.Begin("b", IPAddress.Parse("2001:db8::ffff:2")).Refusal?.Reason);
        Assert.Null(throttle.Begin("c", IPAddress.Parse("2001:db8:0:1::1")).Refusal);
        for (var i = 0; i < 3; i++) throttle.Begin("u" + i, IPAddress.Parse("::ffff:10.1.1.1")).Failed();
        Assert.Null(throttle.Begin("d", IPAddress.Parse("10.1.1.1")).Refusal);
    }

    [Fact]
    public void Records_are_forgotten_once_they_hold_nothing()
    {
        var clock = new FakeTimeProvider(Start);
        var throttle = new LoginThrottle(new LoginThrottleOptions { MaxLockout = TimeSpan.FromMinutes(30) }, clock);
        for (var i = 0; i < 100; i++) throttle.Begin("user" + i, IPAddress.Parse("10.0.0." + i)).Failed();
        Assert.Equal((100, 100), throttle.Count());
        clock.Advance(TimeSpan.FromMinutes(30));
        throttle.Begin("late", IPAddress.Loopback).Succeeded();
        Assert.Equal((1, 1), throttle.Count());
    }
}
