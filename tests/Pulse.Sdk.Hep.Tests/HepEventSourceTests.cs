using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using FsCheck.Xunit;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hep.Tests.Support;
using T = Pulse.Sdk.Events.PulseEventType;

namespace Pulse.Sdk.Hep.Tests;

public class HepEventSourceTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static byte[] Hep(string sip, double seconds = 0) => HepPacket.ForSip(Sip.Bytes(sip), Time.AddSeconds(seconds)).ToArray();

    private static List<byte[]> AnsweredCall(string callId) =>
    [
        Hep(Sip.Request("INVITE", callId, "8001", 1, body: Sip.Sdp())),
        Hep(Sip.Response(180, "Ringing", callId, 1, "INVITE"), 1),
        Hep(Sip.Response(200, "OK", callId, 1, "INVITE"), 2),
        Hep(Sip.Request("BYE", callId, "caller", 2, toTag: "atag"), 9),
    ];

    [Fact]
    public async Task Udp_listener_rejects_bad_packets_with_a_counted_reason_and_loses_no_valid_event()
    {
        var h = new EngineHarness();
        var rejects = new List<(string Source, string Reason)>();
        // The listener is process-wide: other tests' HEP listeners reject packets too, so only this run's port counts.
        string? mine = null;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (i, l) => { if (i.Name == "pulse.events.rejected") l.EnableMeasurementEvents(i); };
        meter.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var d = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (d["source"] == Volatile.Read(ref mine)) lock (rejects) rejects.Add((d["source"]!, d["reason"]!));
        });
        meter.Start();

        await using var run = new SourceRunner(h.Provider, tcp: false);
        await run.StartedAsync();
        using var udp = new UdpClient();
        var target = run.Source.UdpLocalEndpoints[0];
        Volatile.Write(ref mine, $"hep-udp:{target}");
        var bad = new List<byte[]>
        {
            "not a hep packet"u8.ToArray(),
            Hep("this is not SIP"),
            Hep(Sip.Request("INVITE", "x", "8001", 1))[..40],
            HepPacket.ForSip(Sip.Bytes("x"), Time) with { ProtocolType = 5 } is var rtcp ? rtcp.ToArray() : [],
        };
        var call = AnsweredCall("c1");
        for (int i = 0; i < call.Count; i++)
        {
            await udp.SendAsync(bad[i], target);
            await udp.SendAsync(call[i], target);
        }

        await run.WaitForAsync(() => run.Events.Count >= 5 && run.Source.RejectedCount >= 4, TimeSpan.FromSeconds(10), "5 events and 4 rejects");
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established, T.Released], run.Events.Select(e => e.Type));
        Assert.Equal(Time.AddSeconds(2), run.Events.ElementAt(3).Time);
        Assert.Equal(8, run.Source.PacketCount);
        Assert.Equal(["not_hep", "malformed_sip", "malformed_hep", "unsupported_protocol"], rejects.Select(r => r.Reason));
        Assert.All(run.Rejected, r => Assert.Equal(mine, r.SourceName));
        Assert.Contains(run.Rejected, r => r.Message.Contains("malformed SIP: request line"));
    }

    [Fact]
    public async Task Tcp_listener_reads_packets_split_and_coalesced_and_closes_a_stream_that_is_not_hep()
    {
        var h = new EngineHarness();
        await using var run = new SourceRunner(h.Provider, udp: false);
        await run.StartedAsync();
        var target = run.Source.TcpLocalEndpoints[0];
        var all = AnsweredCall("c1").SelectMany(b => b).ToArray();
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(target);
            var stream = tcp.GetStream();
            await stream.WriteAsync(all.AsMemory(0, 7)); // a packet split inside its header
            await stream.FlushAsync();
            // The listener has read the 7 bytes on their own before the rest is sent.
            await Eventually.UntilAsync(() => ProcNet.TcpQueuesEmpty((IPEndPoint)tcp.Client.LocalEndPoint!, (IPEndPoint)tcp.Client.RemoteEndPoint!),
                "the listener to read the first 7 bytes", TimeSpan.FromSeconds(10));
            await stream.WriteAsync(all.AsMemory(7));   // then the rest: several packets in one write
            await stream.WriteAsync("GARBAGE!"u8.ToArray());
            await run.WaitForAsync(() => run.Events.Count >= 5 && run.Source.RejectedCount >= 1, TimeSpan.FromSeconds(10), "5 events over TCP");
        }

        // A new connection is served after the bad one was closed.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(target);
            foreach (var p in AnsweredCall("c2")) await tcp.GetStream().WriteAsync(p);
            await run.WaitForAsync(() => run.Events.Count >= 10, TimeSpan.FromSeconds(10), "10 events over TCP");
        }

        Assert.Contains(run.Rejected, r => r.Message.Contains("not HEP3"));
        Assert.Equal(2, run.Events.Count(e => e.Type == T.Released));
    }

    public static TheoryData<HepSourceOptions, string> InvalidOptions => new()
    {
        { new HepSourceOptions(), "SipDialogTrackerOptions.Tenant is required" },
        { new HepSourceOptions { Dialogs = null! }, "HepSourceOptions.Dialogs must not be null" },
        { Valid() with { UdpEndpoints = [], TcpEndpoints = [] }, "HepSourceOptions.UdpEndpoints and TcpEndpoints: none given" },
        { Valid() with { UdpEndpoints = null! }, "HepSourceOptions.UdpEndpoints and TcpEndpoints must not be null" },
        { Valid() with { ExpireInterval = TimeSpan.Zero }, "HepSourceOptions.ExpireInterval must be positive" },
        { Valid() with { QueueCapacity = 0 }, "HepSourceOptions.QueueCapacity must be at least 1" },
        { Valid() with { MaxTcpConnections = 0 }, "HepSourceOptions.MaxTcpConnections must be at least 1" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_invalid_option_is_refused_at_construction_naming_the_setting(HepSourceOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new HepEventSource(new EngineHarness().Provider, options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void Every_invalid_option_is_reported_together()
    {
        var options = Valid() with { Dialogs = new SipDialogTrackerOptions { Tenant = "t1", MaxDialogs = 0 }, QueueCapacity = 0, MaxTcpConnections = 0 };
        Assert.Equal(
            [
                "SipDialogTrackerOptions.MaxDialogs must be at least 1, for example 100000",
                "HepSourceOptions.QueueCapacity must be at least 1, for example 65536",
                "HepSourceOptions.MaxTcpConnections must be at least 1, for example 256",
            ],
            options.Validate());
        Assert.Empty(Valid().Validate());
    }

    private static HepSourceOptions Valid() => new() { Dialogs = new SipDialogTrackerOptions { Tenant = "t1" } };

    [Fact]
    public void Auth_key_mismatch_is_rejected()
    {
        var h = new EngineHarness();
        var source = new HepEventSource(h.Provider, new HepSourceOptions { Dialogs = new SipDialogTrackerOptions { Tenant = "t1" }, AuthKey = "k" });
        Assert.Null(source.Decode(Hep(Sip.Request("INVITE", "c", "8001", 1)), "l", out _));
        var withKey = HepPacket.ForSip(Sip.Bytes(Sip.Request("INVITE", "c", "8001", 1)), Time) with { AuthKey = "k"u8.ToArray() };
        Assert.NotNull(source.Decode(withKey.ToArray(), "l", out _));
        Assert.Equal(1, source.RejectedCount);
    }

    [Property(MaxTest = 500)]
    public bool Random_bytes_never_throw_and_are_counted(byte[] bytes, bool withMagic)
    {
        var source = NewSource();
        var packet = withMagic ? "HEP3"u8.ToArray().Concat(bytes).ToArray() : bytes;
        var sip = source.Decode(packet, "fuzz", out _);
        return sip is not null || source.RejectedCount == 1;
    }

    [Fact]
    public void Every_truncation_and_every_flipped_byte_of_a_valid_packet_is_handled_without_throwing()
    {
        var source = NewSource();
        var valid = Hep(Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        for (int n = 0; n < valid.Length; n++) Assert.Null(source.Decode(valid.AsMemory(0, n), "fuzz", out _));
        Assert.Equal(valid.Length, source.RejectedCount);
        var random = new Random(42);
        for (int i = 0; i < 5000; i++)
        {
            var copy = (byte[])valid.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            source.Decode(copy, "fuzz", out _); // must not throw
        }

        Assert.Equal(valid.Length + 5000, source.PacketCount);
    }

    [Fact]
    public void Fuzzed_sip_payloads_never_throw()
    {
        var random = new Random(7);
        var text = Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp());
        for (int i = 0; i < 3000; i++)
        {
            var bytes = Sip.Bytes(text);
            for (int k = 0; k < 1 + random.Next(4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = bytes.AsSpan(0, random.Next(bytes.Length + 1));
            if (SipMessage.TryParse(cut, out var m, out _)) Assert.NotNull(m.CallId);
        }
    }

    private static HepEventSource NewSource() =>
        new(new EngineHarness().Provider, new HepSourceOptions { Dialogs = new SipDialogTrackerOptions { Tenant = "t1" } });
}
