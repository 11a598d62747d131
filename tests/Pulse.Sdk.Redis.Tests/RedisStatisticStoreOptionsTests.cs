using System.Net;

namespace Pulse.Sdk.Redis.Tests;

public sealed class RedisStatisticStoreOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new RedisStatisticStoreOptions().Validate());

    [Fact]
    public void Every_problem_names_the_option_and_what_to_set()
    {
        var o = new RedisStatisticStoreOptions
        {
            KeyPrefix = "a{b}",
            FlushInterval = TimeSpan.Zero,
            MaxBufferedValues = 0,
            MaxBufferedHistoryPoints = -1,
            HistoryTiers = [new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10))],
        };
        var errors = o.Validate();
        Assert.Contains(errors, e => e.StartsWith("RedisStatisticStoreOptions.KeyPrefix must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RedisStatisticStoreOptions.FlushInterval must be positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RedisStatisticStoreOptions.MaxBufferedValues must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RedisStatisticStoreOptions.MaxBufferedHistoryPoints", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("HistoryTiers[1].Resolution must be coarser", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("HistoryTiers[1].Retention must be at least", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(o.ThrowIfInvalid);
        Assert.Contains("FlushInterval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_without_a_port_gets_6380_and_password_and_tls_apply()
    {
        var c = new RedisStatisticStoreOptions { Password = "s3cret", UseTls = true, TlsHost = "redis.example" }.CreateConfiguration("redis1,redis2:7000");
        Assert.Equal(new EndPoint[] { new DnsEndPoint("redis1", 6380), new DnsEndPoint("redis2", 7000) }, c.EndPoints.ToArray());
        Assert.Equal("s3cret", c.Password);
        Assert.True(c.Ssl);
        Assert.Equal("redis.example", c.SslHost);
        Assert.False(c.AbortOnConnectFail);
    }
}
