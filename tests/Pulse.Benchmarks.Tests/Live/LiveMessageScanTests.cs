using System.Text;
using System.Text.Json;
using Pulse.Benchmarks.Live;

namespace Pulse.Benchmarks.Tests.Live;

public sealed class LiveMessageScanTests
{
    private static LiveMessageScan Read(string json) => LiveMessageScan.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_delta_gives_its_seq_and_the_highest_marker_value_whatever_the_field_order()
    {
        var scan = Read("""
            {"type":"delta","sub":"s","seq":18,"values":[
              {"layout":"5b0c6f0e-0000-0000-0000-000000000001","object":{"type":"Queue","id":"marker"},"alias":"Entered","statistic":"Entered","value":41,"state":null,"reason":null,"time":"2026-11-26T10:00:00+00:00"},
              {"value":7,"statistic":"Entered","object":{"id":"q1","type":"Queue"}},
              {"statistic":"Waiting","value":99,"object":{"type":"Queue","id":"marker"}},
              {"object":{"id":"marker","type":"Queue"},"value":42,"statistic":"Entered","extra":{"nested":[1,2,{"a":null}]}}]}
            """);

        Assert.Equal("delta", scan.Type);
        Assert.Equal(18, scan.Seq);
        Assert.Equal(42, scan.MarkerValue);
    }

    [Fact]
    public void Messages_without_the_marker_say_so()
    {
        Assert.Equal(new LiveMessageScan("snapshot", 1, -1), Read("""{"type":"snapshot","sub":"s","seq":1,"values":[]}"""));
        Assert.Equal(new LiveMessageScan("heartbeat", 0, -1), Read("""{"type":"heartbeat","time":"2026-11-26T10:00:00+00:00"}"""));
        Assert.Equal(-1, Read("""{"type":"delta","seq":2,"values":[{"object":{"type":"Queue","id":"marker"},"statistic":"Entered","value":null}]}""").MarkerValue);
        Assert.Equal("error", Read("""{"type":"error","message":"sub: required"}""").Type);
    }

    [Fact]
    public void A_truncated_message_is_an_error()
    {
        Assert.ThrowsAny<JsonException>(() => Read("""{"type":"delta","seq":2,"values":[{"object":"""));
    }
}
