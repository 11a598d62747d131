using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Hep.Tests.Support;
using Pulse.Sdk.Statistics;
using C = Pulse.Sdk.Statistics.StandardCatalogue;
using T = Pulse.Sdk.Events.PulseEventType;

namespace Pulse.Sdk.Hep.Tests;

public class SipDialogTrackerTests
{
    private readonly EngineHarness _h = new();
    private readonly ReplayClock _trackerClock = new(EngineHarness.T0);
    private readonly SipDialogTracker _tracker;
    private readonly List<PulseEvent> _events = [];
    private bool _twice;

    public SipDialogTrackerTests()
    {
        _tracker = new SipDialogTracker(_h.Provider, new SipDialogTrackerOptions { Tenant = "t1", TimeProvider = _trackerClock });
    }

    private void At(double seconds, string sip)
    {
        var time = EngineHarness.T0.AddSeconds(seconds);
        if (time > _trackerClock.GetUtcNow()) _trackerClock.AdvanceTo(time);
        var message = SipMessage.Parse(Sip.Bytes(sip));
        _tracker.Process(message, time, _events);
        if (_twice) _tracker.Process(message, time, _events); // a retransmission, or the copy seen on the other side of a proxy
    }

    private IEnumerable<T> Types() => _events.Select(e => e.Type);

    private void AnsweredThroughProxy(string callId = "c1", double start = 10)
    {
        At(start, Sip.Request("INVITE", callId, "8001", 1, body: Sip.Sdp()));
        At(start + 0.01, Sip.Response(100, "Trying", callId, 1, "INVITE", toTag: null));
        At(start + 5, Sip.Request("INVITE", callId, "5001", 1, body: Sip.Sdp())); // the proxy relays to the agent
        At(start + 5.1, Sip.Response(180, "Ringing", callId, 1, "INVITE"));
        At(start + 8, Sip.Response(200, "OK", callId, 1, "INVITE", body: Sip.Sdp()));
        At(start + 8.01, Sip.Request("ACK", callId, "5001", 1, toTag: "atag"));
    }

    [Fact]
    public void Answered_call_through_a_proxy_gives_the_canonical_flow_and_statistics()
    {
        var entered = _h.Open(C.Entered, ObjectType.Queue, "q1");
        var answered = _h.Open(C.Answered, ObjectType.Queue, "q1");
        var asa = _h.Open(C.Asa, ObjectType.Queue, "q1");
        var handled = _h.Open(C.Handled, ObjectType.Agent, "a1");
        _h.LoginAgents(EngineHarness.T0);
        AnsweredThroughProxy();
        At(70, Sip.Request("BYE", "c1", "caller", 2, from: "5001", to: "caller", toTag: "ftag"));
        At(70.01, Sip.Response(200, "OK", "c1", 2, "BYE"));

        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established, T.Released], Types());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), _events.Select(e => e.Seq));
        Assert.All(_events, e => Assert.Null(e.Validate()));
        Assert.Equal("8001", _events[0].Dn);
        Assert.Equal("caller", _events[0].OtherDn);
        Assert.Equal("5001", _events[1].ThirdPartyDn);
        Assert.Equal(("5001", "a1", "8001"), (_events[2].Dn, _events[2].Agent, _events[2].Queue));
        Assert.Equal(EngineHarness.T0.AddSeconds(18), _events[3].Time);

        _h.Apply(_events);
        Assert.All(_h.Outcomes, o => Assert.Equal(EventOutcome.Applied, o));
        Assert.Equal(1, _h.Value(entered));
        Assert.Equal(1, _h.Value(answered));
        Assert.Equal(8, _h.Value(asa), 3);
        Assert.Equal(1, _h.Value(handled));
    }

    [Fact]
    public void Answer_without_a_relayed_leg_finds_the_agent_by_the_contact_of_the_response()
    {
        At(0, Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        At(1, Sip.Response(180, "Ringing", "c1", 1, "INVITE", contactUser: "5002"));
        At(3, Sip.Response(200, "OK", "c1", 1, "INVITE", contactUser: "5002", body: Sip.Sdp()));
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established], Types());
        Assert.Equal("a2", _events[3].Agent);
    }

    [Fact]
    public void Retransmissions_and_proxy_copies_add_no_event()
    {
        _twice = true;
        AnsweredThroughProxy();
        At(30, Sip.Request("INVITE", "c1", "caller", 2, from: "5001", to: "caller", toTag: "ftag", body: Sip.Sdp("sendonly")));
        At(40, Sip.Request("INVITE", "c1", "caller", 3, from: "5001", to: "caller", toTag: "ftag", body: Sip.Sdp("sendrecv")));
        At(70, Sip.Request("BYE", "c1", "caller", 4, from: "5001", to: "caller", toTag: "ftag"));
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established, T.Held, T.Retrieved, T.Released], Types());
    }

    [Fact]
    public void Cancel_while_queued_abandons_on_the_queue()
    {
        var abandoned = _h.Open(C.Abandoned, ObjectType.Queue, "q1");
        At(0, Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        At(6, Sip.Request("CANCEL", "c1", "8001", 1));
        At(6.01, Sip.Response(487, "Request Terminated", "c1", 1, "INVITE"));
        At(6.02, Sip.Request("ACK", "c1", "8001", 1, toTag: "atag"));
        Assert.Equal([T.Queued, T.Abandoned], Types());
        Assert.Equal("8001", _events[1].Dn);
        _h.Apply(_events);
        Assert.Equal(1, _h.Value(abandoned));
    }

    [Fact]
    public void Cancel_while_ringing_abandons_at_the_agent_and_counts_for_the_queue()
    {
        var abandoned = _h.Open(C.Abandoned, ObjectType.Queue, "q1");
        _h.LoginAgents(EngineHarness.T0);
        At(0, Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        At(2, Sip.Request("INVITE", "c1", "5001", 1, body: Sip.Sdp()));
        At(2.1, Sip.Response(180, "Ringing", "c1", 1, "INVITE"));
        At(9, Sip.Response(487, "Request Terminated", "c1", 1, "INVITE")); // the CANCEL itself was lost
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Abandoned], Types());
        Assert.Equal(("5001", "a1"), (_events[3].Dn, _events[3].Agent));
        _h.Apply(_events);
        Assert.All(_h.Outcomes, o => Assert.Equal(EventOutcome.Applied, o));
        Assert.Equal(1, _h.Value(abandoned));
    }

    [Fact]
    public void Hold_and_retrieve_by_reinvite_are_measured_as_hold_time()
    {
        var hold = _h.Open(C.HoldTime, ObjectType.Agent, "a1");
        _h.LoginAgents(EngineHarness.T0);
        AnsweredThroughProxy();
        At(30, Sip.Request("INVITE", "c1", "caller", 2, from: "5001", to: "caller", toTag: "ftag", body: Sip.Sdp("inactive")));
        At(30.01, Sip.Response(200, "OK", "c1", 2, "INVITE", body: Sip.Sdp("inactive")));
        At(45, Sip.Request("INVITE", "c1", "caller", 3, from: "5001", to: "caller", toTag: "ftag", body: Sip.Sdp()));
        At(60, Sip.Request("BYE", "c1", "caller", 4, from: "5001", to: "caller", toTag: "ftag"));
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established, T.Held, T.Retrieved, T.Released], Types());
        _h.Apply(_events);
        Assert.Equal(15, _h.Value(hold), 3);
    }

    [Fact]
    public void A_busy_agent_ends_its_ringing_and_the_call_can_ring_another_agent()
    {
        At(0, Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        At(1, Sip.Request("INVITE", "c1", "5001", 1, body: Sip.Sdp()));
        At(1.1, Sip.Response(180, "Ringing", "c1", 1, "INVITE"));
        At(5, Sip.Response(486, "Busy Here", "c1", 1, "INVITE"));
        At(6, Sip.Request("INVITE", "c1", "5002", 1, body: Sip.Sdp()));
        At(6.1, Sip.Response(180, "Ringing", "c1", 1, "INVITE", contactUser: "5002"));
        At(8, Sip.Response(200, "OK", "c1", 1, "INVITE", contactUser: "5002", body: Sip.Sdp()));
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Released, T.Ringing, T.Established], Types());
        Assert.Equal("5002", _events[^1].Dn);
    }

    [Fact]
    public void Calls_to_unknown_dns_are_not_tracked()
    {
        At(0, Sip.Request("INVITE", "c1", "1234", 1, to: "1234", body: Sip.Sdp()));
        At(1, Sip.Response(200, "OK", "c1", 1, "INVITE", contactUser: "5001"));
        Assert.Empty(_events);
        Assert.Equal(1, _tracker.UntrackedCalls);
    }

    [Fact]
    public void A_direct_call_to_an_agent_rings_and_is_established_without_queue_events()
    {
        At(0, Sip.Request("INVITE", "c1", "5001", 1, from: "5002", to: "5001", body: Sip.Sdp()));
        At(1, Sip.Response(180, "Ringing", "c1", 1, "INVITE"));
        At(2, Sip.Response(200, "OK", "c1", 1, "INVITE"));
        At(9, Sip.Request("BYE", "c1", "5001", 2, from: "5002", to: "5001", toTag: "atag"));
        Assert.Equal([T.Ringing, T.Established, T.Released], Types());
        Assert.Equal(CallType.Internal, _events[0].CallType);
    }

    [Fact]
    public void Half_open_dialogs_end_after_the_timeouts()
    {
        At(0, Sip.Request("INVITE", "c1", "8001", 1, body: Sip.Sdp()));
        AnsweredThroughProxy("c2", 1);
        _trackerClock.Advance(TimeSpan.FromMinutes(11));
        _tracker.Expire(_events);
        Assert.Equal(T.Abandoned, _events[^1].Type);
        Assert.Equal("c1", _events[^1].ConnId);
        _trackerClock.Advance(TimeSpan.FromHours(4));
        _tracker.Expire(_events);
        Assert.Equal(T.Released, _events[^1].Type);
        Assert.Equal("c2", _events[^1].ConnId);
        _trackerClock.Advance(TimeSpan.FromMinutes(1));
        _tracker.Expire(_events);
        Assert.Equal(0, _tracker.DialogCount);
    }

    [Fact]
    public void Refer_then_the_new_invite_gives_party_changed()
    {
        _h.LoginAgents(EngineHarness.T0);
        AnsweredThroughProxy();
        At(30, Sip.Request("REFER", "c1", "caller", 2, from: "5001", to: "caller", toTag: "ftag", extra: "Refer-To: <sip:5002@127.0.0.1>\r\nReferred-By: <sip:5001@127.0.0.1>\r\n"));
        At(31, Sip.Request("INVITE", "c2", "5002", 1, to: "5002", body: Sip.Sdp(), extra: "Referred-By: <sip:5001@127.0.0.1>\r\n"));
        At(32, Sip.Response(180, "Ringing", "c2", 1, "INVITE", contactUser: "5002"));
        At(33, Sip.Response(200, "OK", "c2", 1, "INVITE", contactUser: "5002"));
        At(34, Sip.Request("BYE", "c1", "caller", 3, from: "5001", to: "caller", toTag: "ftag"));
        Assert.Equal([T.Queued, T.Diverted, T.Ringing, T.Established, T.PartyChanged, T.Released, T.Ringing, T.Established], Types());
        var changed = _events[4];
        Assert.Equal(("c2", "c1", "a1"), (changed.ConnId, changed.PreviousConnId, changed.Agent));
        _h.Apply(_events);
        Assert.All(_h.Outcomes, o => Assert.Equal(EventOutcome.Applied, o));
    }

    public static TheoryData<SipDialogTrackerOptions, string> InvalidOptions => new()
    {
        { new SipDialogTrackerOptions(), "SipDialogTrackerOptions.Tenant is required" },
        { new SipDialogTrackerOptions { Tenant = "t1", TimeProvider = null! }, "SipDialogTrackerOptions.TimeProvider must not be null" },
        { new SipDialogTrackerOptions { Tenant = "t1", UnansweredTimeout = TimeSpan.Zero }, "SipDialogTrackerOptions.UnansweredTimeout must be positive" },
        { new SipDialogTrackerOptions { Tenant = "t1", AnsweredTimeout = TimeSpan.Zero }, "SipDialogTrackerOptions.AnsweredTimeout must be positive" },
        { new SipDialogTrackerOptions { Tenant = "t1", EndedRetention = TimeSpan.FromSeconds(-1) }, "SipDialogTrackerOptions.EndedRetention must not be negative" },
        { new SipDialogTrackerOptions { Tenant = "t1", MaxDialogs = 0 }, "SipDialogTrackerOptions.MaxDialogs must be at least 1" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_invalid_option_is_refused_at_construction_naming_the_setting(SipDialogTrackerOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new SipDialogTracker(_h.Provider, options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_option_is_reported_together()
    {
        var e = Assert.Throws<ArgumentException>(() => new SipDialogTracker(_h.Provider, new SipDialogTrackerOptions { AnsweredTimeout = TimeSpan.Zero, MaxDialogs = 0 }));
        Assert.Equal(
            "SipDialogTrackerOptions.Tenant is required: set it to the tenant id of the configuration whose queue and agent DNs the SIP calls use; "
            + "SipDialogTrackerOptions.AnsweredTimeout must be positive, for example 4 hours; "
            + "SipDialogTrackerOptions.MaxDialogs must be at least 1, for example 100000 (Parameter 'options')",
            e.Message);
    }
}
