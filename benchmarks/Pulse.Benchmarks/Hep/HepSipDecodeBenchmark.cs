using System.Text;
using BenchmarkDotNet.Attributes;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hep;

namespace Pulse.Benchmarks.Hep;

/// <summary>
/// HEP3 + SIP decode rate on one core, per packet: <see cref="HepOnly"/> decodes the HEP3 envelope;
/// <see cref="HepAndSip"/> also parses the SIP message (an INVITE with SDP of about 700 bytes, a 180, a 200 with SDP,
/// an ACK and a BYE, in turn); <see cref="HepSipAndTracker"/> also runs the dialog tracker, turning the five messages
/// of each call into events (Queued, Diverted, Ringing, Established, Released) — the whole path of the source after
/// the socket read. The tracker keeps ended dialogs for 32 s, so after the first pass the replayed Call-IDs hit ended
/// dialogs and add no event: that row measures the lookup path, not event creation.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HepSipDecodeBenchmark
{
    private const int Calls = 1_000;
    private byte[][] _packets = null!;
    private SipDialogTracker _tracker = null!;
    private readonly List<PulseEvent> _events = new(16);

    [GlobalSetup]
    public void Setup()
    {
        var t0 = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var packets = new List<byte[]>();
        for (int c = 0; c < Calls; c++)
        {
            string id = $"bench-{c:D6}@10.0.0.1";
            foreach (var text in CallMessages(id))
                packets.Add(HepPacket.ForSip(Encoding.UTF8.GetBytes(text), t0.AddMilliseconds(packets.Count)).ToArray());
        }

        _packets = [.. packets];
        var config = new PulseConfiguration
        {
            Tenants =
            [
                new TenantConfig
                {
                    Id = "t1", Agents = [new AgentConfig { Id = "a1", Dns = ["5001"] }],
                    Queues = [new QueueConfig { Id = "q1", Dn = "8001" }],
                },
            ],
        };
        _tracker = new SipDialogTracker(new StaticConfigurationProvider(config), new SipDialogTrackerOptions { Tenant = "t1" });
    }

    [Benchmark(OperationsPerInvoke = Calls * 5)]
    public long HepOnly()
    {
        long sum = 0;
        foreach (var p in _packets)
        {
            HepPacket.TryDecode(p, out var hep, out _);
            sum += hep.Payload.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls * 5)]
    public long HepAndSip()
    {
        long sum = 0;
        foreach (var p in _packets)
        {
            HepPacket.TryDecode(p, out var hep, out _);
            if (SipMessage.TryParse(hep.Payload.Span, out var sip, out _)) sum += sip.CSeq;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls * 5)]
    public long HepSipAndTracker()
    {
        long count = 0;
        foreach (var p in _packets)
        {
            HepPacket.TryDecode(p, out var hep, out _);
            if (!SipMessage.TryParse(hep.Payload.Span, out var sip, out _)) continue;
            _events.Clear();
            _tracker.Process(sip, hep.Timestamp, _events);
            count += _events.Count;
        }

        _events.Clear();
        _tracker.Expire(_events); // ended dialogs are forgotten after EndedRetention; keep the table from growing
        return count;
    }

    private static IEnumerable<string> CallMessages(string id)
    {
        const string sdp = "v=0\r\no=- 53655765 2353687637 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
        string Head(string start, string cseq, string? toTag) =>
            $"{start}\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-{id}-{cseq.Length}\r\nMax-Forwards: 70\r\n"
            + $"From: \"Caller\" <sip:+14155550100@10.0.0.1>;tag=abc123\r\nTo: <sip:8001@10.0.0.2>{(toTag is null ? "" : ";tag=" + toTag)}\r\n"
            + $"Call-ID: {id}\r\nCSeq: {cseq}\r\nContact: <sip:5001@10.0.0.2:5060>\r\nUser-Agent: bench\r\nAllow: INVITE, ACK, CANCEL, BYE, REFER\r\n";
        yield return Head("INVITE sip:8001@10.0.0.2 SIP/2.0", "1 INVITE", null) + $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        yield return Head("SIP/2.0 180 Ringing", "1 INVITE", "xyz") + "Content-Length: 0\r\n\r\n";
        yield return Head("SIP/2.0 200 OK", "1 INVITE", "xyz") + $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        yield return Head("ACK sip:5001@10.0.0.2 SIP/2.0", "1 ACK", "xyz") + "Content-Length: 0\r\n\r\n";
        yield return Head("BYE sip:5001@10.0.0.2 SIP/2.0", "2 BYE", "xyz") + "Content-Length: 0\r\n\r\n";
    }
}
