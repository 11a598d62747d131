using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using static Pulse.Sdk.Tests.Support.Types;
using C = Pulse.Sdk.Statistics.StandardCatalogue;
using Cat = Pulse.Sdk.Statistics.StatisticCategory;

namespace Pulse.Sdk.Tests.Statistics;

/// <summary>Growing resets (UTC, Europe/Paris, custom times, DST), statuses across a reset, ResetBased notification, SinceLogin.</summary>
public class TimeProfileTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private static Scenario At(DateTimeOffset start, string zone = "UTC") =>
        new(Scenario.DefaultTenant() with { TimeZone = zone }, start);

    /// <summary>Moves the clock to an absolute UTC instant.</summary>
    private static void Clock(Scenario s, DateTimeOffset t) => s.At((t - s.Start).TotalSeconds);

    private static double Sec(Scenario s, DateTimeOffset t) => (t - s.Start).TotalSeconds;

    // With a status subject a mask counts the agent's state, and LoggedIn alone is the lowest state: "time logged in" is every logged-in state.
    private static StatisticType LoggedInTime(TimeProfile p) => Make(Cat.TotalTime, LoggedInStatuses, StatisticSubject.AgentStatus, profile: p);

    private static StatisticType EnteredWith(TimeProfile p) => Make(Cat.TotalNumber, Of(StatAction.CallEntered), profile: p);

    [Fact]
    public void Default_profile_resets_at_midnight_utc()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 50, 0, TimeSpan.Zero);
        var s = At(start);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        var tenantEntered = s.Open(C.Entered, ObjectType.Tenant, "t1");
        s.Queue(60, "c1", "8001");
        s.Queue(120, "c2", "8001");
        s.At(599.999);                                    // 23:59:59.999
        Assert.Equal(2, s.Value(entered));
        Assert.Equal(2, s.Value(tenantEntered));
        s.At(600);                                        // 00:00:00
        Assert.Equal(0, s.Value(entered));
        Assert.Equal(0, s.Value(tenantEntered));
        s.Queue(601, "c3", "8001");
        Assert.Equal(1, s.Value(entered));
        s.At(600 + 86_399);                               // 23:59:59 the next day
        Assert.Equal(1, s.Value(entered));
        s.At(600 + 86_400);
        Assert.Equal(0, s.Value(entered));
    }

    [Fact]
    public void Default_profile_resets_at_midnight_in_the_tenants_zone()
    {
        // 2026-11-26 is winter time in Paris (UTC+1): local midnight is 23:00 UTC.
        var start = new DateTimeOffset(2026, 11, 26, 22, 50, 0, TimeSpan.Zero);
        var s = At(start, "Europe/Paris");
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Queue(300, "c1", "8001");                       // 22:55 UTC = 23:55 Paris
        s.At(599);
        Assert.Equal(1, s.Value(entered));
        s.At(600);                                        // 23:00 UTC = 00:00 Paris
        Assert.Equal(0, s.Value(entered));
        s.Queue(700, "c2", "8001");
        s.At(600 + 3600);                                 // 00:00 UTC: no reset in Paris time
        Assert.Equal(1, s.Value(entered));
    }

    [Fact]
    public void Growing_profile_with_custom_reset_times_and_its_own_zone()
    {
        var start = new DateTimeOffset(2026, 11, 26, 11, 50, 0, TimeSpan.Zero);
        var s = At(start);
        var noonAndSix = s.Open(EnteredWith(TimeProfile.Growing(new TimeOnly(12, 0), new TimeOnly(18, 0))), ObjectType.Queue, "q1");
        // Midnight in New York (UTC-5 in November) is 05:00 UTC.
        var newYork = s.Open(EnteredWith(new GrowingProfile([TimeOnly.MinValue], "America/New_York")), ObjectType.Queue, "q1");
        var utcMidnight = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Queue(60, "c1", "8001");
        s.At(599);
        Assert.Equal(1, s.Value(noonAndSix));
        s.At(600);                                         // 12:00 UTC
        Assert.Equal(0, s.Value(noonAndSix));
        s.Queue(700, "c2", "8001");
        s.At(600 + 6 * 3600 - 1);                          // 17:59:59
        Assert.Equal(1, s.Value(noonAndSix));
        s.At(600 + 6 * 3600);                              // 18:00
        Assert.Equal(0, s.Value(noonAndSix));
        Assert.Equal(2, s.Value(utcMidnight));
        Assert.Equal(2, s.Value(newYork));
        s.At(600 + 12 * 3600);                             // 00:00 UTC
        Assert.Equal(0, s.Value(utcMidnight));
        Assert.Equal(2, s.Value(newYork));
        s.At(600 + 17 * 3600);                             // 05:00 UTC = 00:00 New York
        Assert.Equal(0, s.Value(newYork));
    }

    [Fact]
    public void Spring_forward_reset_in_the_gap_happens_at_the_first_valid_instant_after_it()
    {
        // Europe/Paris, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC). 02:30 does not exist that day;
        // the reset happens at 03:00 local = 01:00 UTC, not at 00:30 UTC (02:30 read as CEST) nor 01:30 UTC (read as CET).
        var start = new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero);
        var s = At(start, "Europe/Paris");
        var p = TimeProfile.Growing(new TimeOnly(2, 30));
        var entered = s.Open(EnteredWith(p), ObjectType.Queue, "q1");
        var login = s.Open(LoggedInTime(p), ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(600, "c1", "8001");                        // 00:10 UTC
        Clock(s, start.AddMinutes(31));                    // 00:31 UTC: past 00:30, no reset
        Assert.Equal(1, s.Value(entered));
        s.Queue(Sec(s, start.AddMinutes(59)), "c2", "8001");
        Clock(s, start.AddHours(1) - S);                   // 00:59:59 UTC
        Assert.Equal(2, s.Value(entered));
        Assert.Equal(3599, s.Value(login));
        Clock(s, start.AddHours(1));                       // 01:00 UTC = 03:00 CEST
        Assert.Equal(0, s.Value(entered));
        Assert.Equal(0, s.Value(login));
        Clock(s, start.AddMinutes(70));
        Assert.Equal(600, s.Value(login));                 // counted from the reset only
        s.Queue(Sec(s, start.AddMinutes(89)), "c3", "8001");
        Clock(s, start.AddMinutes(91));                    // 01:31 UTC: past 01:30, no second reset
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(31 * 60, s.Value(login));
    }

    [Fact]
    public void Fall_back_reset_at_a_repeated_local_time_happens_at_its_first_occurrence_only()
    {
        // Europe/Paris, 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00 UTC). 02:30 happens twice:
        // 00:30 UTC (CEST) and 01:30 UTC (CET). The reset is at the first, 00:30 UTC, and only there.
        var start = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);
        var s = At(start, "Europe/Paris");
        var p = TimeProfile.Growing(new TimeOnly(2, 30));
        var entered = s.Open(EnteredWith(p), ObjectType.Queue, "q1");
        var login = s.Open(LoggedInTime(p), ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(20 * 60, "c1", "8001");
        Clock(s, start.AddMinutes(30) - S);
        Assert.Equal(1, s.Value(entered));
        Assert.Equal(30 * 60 - 1, s.Value(login));
        Clock(s, start.AddMinutes(30));
        Assert.Equal(0, s.Value(entered));
        Assert.Equal(0, s.Value(login));
        s.Queue(Sec(s, start.AddMinutes(35)), "c2", "8001");
        Clock(s, start.AddMinutes(40));
        Assert.Equal(600, s.Value(login));
        s.Queue(Sec(s, start.AddMinutes(95)), "c3", "8001");
        Clock(s, start.AddMinutes(100));                   // 01:40 UTC: past the second 02:30
        Assert.Equal(2, s.Value(entered));
        Assert.Equal(70 * 60, s.Value(login));
        Clock(s, start.AddHours(25));                      // 2026-10-26 01:00 UTC: before the next reset at 01:30 UTC (CET)
        Assert.Equal(2, s.Value(entered));
        Clock(s, start.AddHours(25.5));
        Assert.Equal(0, s.Value(entered));
    }

    [Fact]
    public void Status_in_progress_across_midnight_counts_only_after_the_reset()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 50, 0, TimeSpan.Zero);
        var s = At(start);
        var ready = s.Open(C.ReadyTime, ObjectType.Agent, "a1");
        var notReady = s.Open(C.NotReadyTime, ObjectType.Agent, "a1");
        var login = s.Open(C.LoginTime, ObjectType.Agent, "a1");
        var groupLogin = s.Open(C.LoginTime, ObjectType.GroupAgents, "g1");
        var waitTime = s.Open(Make(Cat.TotalTime, Of(StatAction.CallWait)), ObjectType.Queue, "q1");
        var maxReady = s.Open(Make(Cat.MaxTime, Of(StatAction.WaitForNextCall), StatisticSubject.AgentStatus), ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");                          // 23:50
        s.Queue(300, "c1", "8001");                        // 23:55
        s.At(540);
        Assert.Equal(540, s.Value(ready));
        s.At(1200);                                        // 00:10
        Assert.Equal(600, s.Value(ready));
        Assert.Equal(600, s.Value(login));
        Assert.Equal(600, s.Value(groupLogin));
        s.Send(1500, PulseEventType.Abandoned, connId: "c1", dn: "8001");            // 00:15, waited 1200 s
        s.Send(1800, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", reason: "Break"); // 00:20
        s.At(2400);                                        // 00:30
        Assert.Equal(1200, s.Value(ready));                // the completed ready period counts from midnight only
        Assert.Equal(1200, s.Value(maxReady));
        Assert.Equal(600, s.Value(notReady));
        Assert.Equal(1800, s.Value(login));
        Assert.Equal(1800, s.Value(groupLogin));
        Assert.Equal(1200, s.Value(waitTime));             // an action completing after the reset counts whole
    }

    [Fact]
    public void ResetBased_notification_sends_the_value_just_before_the_reset()
    {
        var start = new DateTimeOffset(2026, 11, 26, 23, 50, 0, TimeSpan.Zero);
        var s = At(start);
        var sink = new RecordingSink();
        s.Engine.AddSink(sink);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1", NotificationMode.ResetBased);
        var login = s.Open(C.LoginTime, ObjectType.Agent, "a1", NotificationMode.ResetBased);
        s.Login(0, "a1", "5001");
        s.Queue(60, "c1", "8001");
        s.Queue(120, "c2", "8001");
        s.At(300);
        s.Engine.Flush();
        Assert.Empty(sink.Updates);                        // nothing before the reset
        s.At(605);
        s.Engine.Flush();
        var e = Assert.Single(sink.For(entered));
        Assert.Equal(2, e.Value.Number);
        Assert.Equal(start.AddMinutes(10), e.Time);
        var l = Assert.Single(sink.For(login));
        Assert.Equal(600, l.Value.Number);                 // 23:50 to midnight
        Assert.Equal(0, s.Value(entered));
        Assert.Equal(5, s.Value(login));
        sink.Clear();
        s.At(605 + 86_400);                                // the next midnight
        s.Engine.Flush();
        Assert.Equal(0, Assert.Single(sink.For(entered)).Value.Number);
        Assert.Equal(86_400, Assert.Single(sink.For(login)).Value.Number);
    }

    [Fact]
    public void A_clock_jump_over_several_resets_reports_each_one()
    {
        var start = new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero);
        var s = At(start);
        var sink = new RecordingSink();
        s.Engine.AddSink(sink);
        var entered = s.Open(EnteredWith(TimeProfile.Growing(new TimeOnly(12, 0), new TimeOnly(13, 0))), ObjectType.Queue, "q1", NotificationMode.ResetBased);
        s.Queue(60, "c1", "8001");
        s.At(3 * 3600);                                    // 14:00: resets at 12:00 and 13:00 passed
        s.Engine.Flush();
        var updates = sink.For(entered);
        Assert.Equal(new[] { 1.0, 0.0 }, updates.Select(u => u.Value.Number));
        Assert.Equal(new[] { start.AddHours(1), start.AddHours(2) }, updates.Select(u => u.Time));
    }

    [Fact]
    public void SinceLogin_profile_resets_at_each_login()
    {
        var s = At(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var handled = s.Open(Make(Cat.TotalNumber, ActionMask.Parse("CallInbound, CallOutbound"), profile: TimeProfile.SinceLogin), ObjectType.Agent, "a1");
        var login = s.Open(LoggedInTime(TimeProfile.SinceLogin), ObjectType.Agent, "a1");
        var p50 = s.Open(Make(Cat.Percentile, ActionMask.Parse("CallInbound"), profile: TimeProfile.SinceLogin, percentile: 50), ObjectType.Agent, "a1");
        var groupHandled = s.Open(Make(Cat.TotalNumber, ActionMask.Parse("CallInbound, CallOutbound"), profile: TimeProfile.SinceLogin), ObjectType.GroupAgents, "g1");
        s.Login(100, "a1", "5001");
        s.Queue(110, "c1", "8001");
        s.Answer(110, 110, "c1", "8001", "a1", "5001");
        s.Release(150, "c1", "a1", "5001");              // 40 s
        s.Queue(160, "c2", "8001");
        s.Answer(160, 160, "c2", "8001", "a1", "5001");
        s.Release(180, "c2", "a1", "5001");              // 20 s
        s.At(200);
        Assert.Equal(2, s.Value(handled));
        Assert.Equal(100, s.Value(login));
        Assert.Equal(20, s.Value(p50));                   // 40 s, 20 s: rank 1
        s.Send(300, PulseEventType.AgentLogout, agent: "a1", dn: "5001");
        s.At(400);
        Assert.Equal(2, s.Value(handled));                 // kept until the next login
        Assert.Equal(200, s.Value(login));
        s.Login(500, "a1", "5001");
        Assert.Equal(0, s.Value(handled));
        Assert.Equal(0, s.Value(login));
        Assert.Equal(0, s.Value(p50));
        Assert.Equal(2, s.Value(groupHandled));            // a group's SinceLogin is growing from midnight
        s.Queue(510, "c3", "8001");
        s.Answer(510, 510, "c3", "8001", "a1", "5001");
        s.Release(520, "c3", "a1", "5001");
        s.At(600);
        Assert.Equal(1, s.Value(handled));
        Assert.Equal(100, s.Value(login));
        Assert.Equal(10, s.Value(p50));                   // only c3's 10 s since the new login
        Assert.Equal(3, s.Value(groupHandled));
    }

    [Fact]
    public void Sliding_window_drops_panes_as_the_clock_moves()
    {
        var s = At(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var p = TimeProfile.Sliding(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));
        var n = s.Open(Make(Cat.TotalNumber, Of(StatAction.CallAbandoned), profile: p), ObjectType.Queue, "q1");
        var t = s.Open(Make(Cat.TotalTime, Of(StatAction.CallAbandoned), profile: p), ObjectType.Queue, "q1");
        var perSecond = s.Open(Make(Cat.TotalNumberPerSecond, Of(StatAction.CallAbandoned), profile: p), ObjectType.Queue, "q1");
        s.Queue(0, "c1", "8001");
        s.Queue(0, "c2", "8001");
        s.Send(5, PulseEventType.Abandoned, connId: "c1", dn: "8001");   // pane 0
        s.Send(25, PulseEventType.Abandoned, connId: "c2", dn: "8001");  // pane 2
        s.At(59.9);                                                      // pane 5: panes 0-5 in the window
        Assert.Equal(2, s.Value(n));
        Assert.Equal(30, s.Value(t));
        Assert.Equal(2 / 60.0, s.Value(perSecond), 12);
        s.At(60);                                                        // pane 6: pane 0 left
        Assert.Equal(1, s.Value(n));
        Assert.Equal(25, s.Value(t));
        s.At(79.9);
        Assert.Equal(1, s.Value(n));
        s.At(80);                                                        // pane 8: pane 2 left
        Assert.Equal(0, s.Value(n));
        Assert.Equal(0, s.Value(t));
        s.At(10_000);
        Assert.Equal(0, s.Value(n));
    }

    [Fact]
    public void A_time_zone_changed_at_runtime_moves_the_next_reset()
    {
        // The tenant moves from UTC to Europe/Paris at 20:00 UTC; the next Default reset is Paris midnight (23:00 UTC).
        var start = new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);
        var s = At(start);
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Queue(10, "c1", "8001");
        s.At(20);
        s.Engine.ApplyConfiguration(new Pulse.Sdk.Configuration.PulseConfiguration { Tenants = [s.Tenant with { TimeZone = "Europe/Paris" }] });
        Clock(s, start.AddHours(3) - S);
        Assert.Equal(1, s.Value(entered));
        Clock(s, start.AddHours(3));
        Assert.Equal(0, s.Value(entered));
    }

    [Fact]
    public void An_unknown_profile_time_zone_is_rejected_and_the_engine_goes_on()
    {
        var s = At(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => s.Open(EnteredWith(new GrowingProfile([TimeOnly.MinValue], "Mars/Olympus_Mons")), ObjectType.Queue, "q1"));
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");
        s.Queue(1, "c1", "8001");
        Assert.Equal(1, s.Value(entered));
    }
}
