using System.Net;

namespace Pulse.Sdk.Feed.Tests;

/// <summary>The feed's options follow the one convention: every problem listed, each named <c>&lt;OptionsType&gt;.&lt;Setting&gt;</c>.</summary>
public sealed class FeedOptionsValidationTests
{
    public static TheoryData<FeedClientOptions, string> InvalidClientOptions => new()
    {
        { new FeedClientOptions(), "FeedClientOptions.Port is 0" },
        { new FeedClientOptions { Port = 8000, Host = " " }, "FeedClientOptions.Host must not be empty" },
        { new FeedClientOptions { Port = 8000, ClientId = "" }, "FeedClientOptions.ClientId must not be empty" },
        { new FeedClientOptions { Port = 8000, ResumeFrom = -1 }, "FeedClientOptions.ResumeFrom is -1" },
        { new FeedClientOptions { Port = 8000, ConnectTimeout = TimeSpan.Zero }, "FeedClientOptions.ConnectTimeout must be positive" },
        { new FeedClientOptions { Port = 8000, Jitter = 2 }, "FeedClientOptions.Jitter is 2" },
        { new FeedClientOptions { Port = 8000, MaxLineBytes = 10 }, "FeedClientOptions.MaxLineBytes is 10" },
        { new FeedClientOptions { Port = 8000, Tls = new FeedClientTlsOptions { ServerName = " " } }, "FeedClientOptions.Tls.ServerName must not be blank" },
    };

    [Theory]
    [MemberData(nameof(InvalidClientOptions))]
    public void A_client_option_out_of_range_is_refused_at_construction_naming_the_setting(FeedClientOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new FeedClient(options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Every_invalid_option_is_reported_together()
    {
        var lds = new LdsOptions
        {
            Upstream = new FeedClientOptions { Port = 8000, HeartbeatInterval = TimeSpan.Zero },
            Server = new FeedServerOptions { MaxReceivers = 0, PushTo = [new DnsEndPoint("dcu", 0)] },
        };
        Assert.Equal(
            [
                "FeedClientOptions.HeartbeatInterval must be at least 1 ms (default 5 s).",
                "FeedServerOptions.MaxReceivers must be at least 1 (default 10,000).",
                "FeedServerOptions.PushTo holds dcu:0: set the port the receiver listens on, 1 to 65535 (the seed's DCU: 2060).",
            ],
            lds.Validate());
        Assert.Empty(new LdsOptions { Upstream = new FeedClientOptions { Port = 8000 } }.Validate());
    }
}
