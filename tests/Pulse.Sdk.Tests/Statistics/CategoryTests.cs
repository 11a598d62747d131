using Pulse.Sdk.Engine;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;
using Pulse.Sdk.Tests.Support;
using static Pulse.Sdk.Tests.Support.Types;
using C = Pulse.Sdk.Statistics.StandardCatalogue;
using Cat = Pulse.Sdk.Statistics.StatisticCategory;

namespace Pulse.Sdk.Tests.Statistics;

/// <summary>
/// Every <see cref="StatisticCategory"/> against hand-computed values (docs/statistics.md §3).
/// The clock starts at midnight UTC, so the Growing interval starts at second 0.
/// <code>
/// 40  a1, a2 log in and are ready
/// c1: queued 110 (Language=Spanish), diverted to a1 120, established 125, held 130-140, released 185
/// c2: queued 130 (Language=English), abandoned 133
/// c3: queued 140 (Language=Spanish), diverted to a2 170, established 172, released 272
/// c4: queued 200 (no data), abandoned 225
/// c5: queued 250 (Language=Spanish), still waiting
/// c6: queued 290 (Language=English), still waiting
/// evaluated at 300
/// </code>
/// Completed CallWait: 10, 3, 30, 25 (sum 68); in progress: c5 50 s, c6 10 s.
/// CallAnswered: 15, 32. CallAbandoned: 3, 25. CallEntered: 6. CallHandled: 60, 100.
/// </summary>
public class CategoryTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> Spanish = new Dictionary<string, string> { ["Language"] = "Spanish" };
    private static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string> { ["Language"] = "English" };

    private static readonly ActionMask Wait = Of(StatAction.CallWait);
    private static readonly ActionMask Answered = Of(StatAction.CallAnswered);
    private static readonly ActionMask Abandoned = Of(StatAction.CallAbandoned);
    private static readonly ActionMask Entered = Of(StatAction.CallEntered);

    /// <summary>Plays the events after <paramref name="from"/> and at or before <paramref name="until"/>, and moves the clock there.</summary>
    private static void PlayDay(Scenario s, double until = 300, double from = -1)
    {
        if (40 > from && 40 <= until) s.Login(40, "a1", "5001");
        if (40 > from && 40 <= until) s.Login(40, "a2", "5002");
        if (110 > from && 110 <= until) s.Send(110, PulseEventType.Queued, connId: "c1", dn: "8001", callType: CallType.Inbound, data: Spanish);
        if (120 > from && 120 <= until) s.Send(120, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5001");
        if (120 > from && 120 <= until) s.Send(120, PulseEventType.Ringing, connId: "c1", dn: "5001", agent: "a1");
        if (125 > from && 125 <= until) s.Send(125, PulseEventType.Established, connId: "c1", dn: "5001", agent: "a1", callType: CallType.Inbound);
        if (130 > from && 130 <= until) s.Send(130, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1");
        if (130 > from && 130 <= until) s.Send(130, PulseEventType.Queued, connId: "c2", dn: "8001", callType: CallType.Inbound, data: English);
        if (133 > from && 133 <= until) s.Send(133, PulseEventType.Abandoned, connId: "c2", dn: "8001");
        if (140 > from && 140 <= until) s.Send(140, PulseEventType.Retrieved, connId: "c1", dn: "5001", agent: "a1");
        if (140 > from && 140 <= until) s.Send(140, PulseEventType.Queued, connId: "c3", dn: "8001", callType: CallType.Inbound, data: Spanish);
        if (170 > from && 170 <= until) s.Send(170, PulseEventType.Diverted, connId: "c3", dn: "8001", thirdPartyDn: "5002");
        if (170 > from && 170 <= until) s.Send(170, PulseEventType.Ringing, connId: "c3", dn: "5002", agent: "a2");
        if (172 > from && 172 <= until) s.Send(172, PulseEventType.Established, connId: "c3", dn: "5002", agent: "a2", callType: CallType.Inbound);
        if (185 > from && 185 <= until) s.Send(185, PulseEventType.Released, connId: "c1", dn: "5001", agent: "a1");
        if (200 > from && 200 <= until) s.Send(200, PulseEventType.Queued, connId: "c4", dn: "8001", callType: CallType.Inbound);
        if (225 > from && 225 <= until) s.Send(225, PulseEventType.Abandoned, connId: "c4", dn: "8001");
        if (250 > from && 250 <= until) s.Send(250, PulseEventType.Queued, connId: "c5", dn: "8001", callType: CallType.Inbound, data: Spanish);
        if (272 > from && 272 <= until) s.Send(272, PulseEventType.Released, connId: "c3", dn: "5002", agent: "a2");
        if (290 > from && 290 <= until) s.Send(290, PulseEventType.Queued, connId: "c6", dn: "8001", callType: CallType.Inbound, data: English);
        s.At(until);
    }

    private static Scenario NewScenario() => new(start: Midnight);

    [Fact]
    public void Historical_categories_on_a_queue()
    {
        var s = NewScenario();
        var soft = new SoftAssert();
        var checks = new List<(string What, OpenedStatistic Stat, double Expected)>();
        void Check(string what, StatisticType t, double expected, ObjectType ot = ObjectType.Queue, string id = "q1") =>
            checks.Add((what, s.Open(t, ot, id), expected));

        Check("TotalNumber(CallAnswered)", Make(Cat.TotalNumber, Answered), 2);
        Check("TotalTime(CallWait, DNAction)", Make(Cat.TotalTime, Wait), 68);
        Check("TotalTime(CallWait, DNStatus)", Make(Cat.TotalTime, Wait, StatisticSubject.DNStatus), 68 + 50 + 10);
        Check("AverageTime(CallAnswered)", Make(Cat.AverageTime, Answered), 23.5);
        Check("MaxTime(CallWait)", Make(Cat.MaxTime, Wait), 30);
        Check("MinTime(CallWait)", Make(Cat.MinTime, Wait), 3);
        Check("TotalAdjustedNumber(CallWait)", Make(Cat.TotalAdjustedNumber, Wait), 4 + 2);
        Check("TotalAdjustedTime(CallWait)", Make(Cat.TotalAdjustedTime, Wait), 68 + 50 + 10);
        Check("TotalNumberInTimeRange(CallWait, 0-10)", Make(Cat.TotalNumberInTimeRange, Wait, range: TimeRange.Seconds(0, 10)), 2);
        Check("TotalNumberInTimeRangePercentage(CallWait, 0-10)", Make(Cat.TotalNumberInTimeRangePercentage, Wait, range: TimeRange.Seconds(0, 10)), 50);
        Check("TotalTimeInTimeRange(CallWait, 0-10)", Make(Cat.TotalTimeInTimeRange, Wait, range: TimeRange.Seconds(0, 10)), 13);
        Check("TotalNumberInTimeRange(CallWait, 25-30)", Make(Cat.TotalNumberInTimeRange, Wait, range: TimeRange.Seconds(25, 30)), 2);
        Check("ServiceFactor1(answered | abandoned, 0-20)", Make(Cat.ServiceFactor1, Answered, range: TimeRange.Seconds(0, 20), relative: Abandoned), 50);
        Check("RelativeNumberPercentage(abandoned / entered)", Make(Cat.RelativeNumberPercentage, Abandoned, relative: Entered), 100.0 * 2 / 6);
        Check("RelativeTimePercentage(answered / wait)", Make(Cat.RelativeTimePercentage, Answered, relative: Wait), 100.0 * 47 / 68);
        Check("TotalNumberPerSecond(CallEntered)", Make(Cat.TotalNumberPerSecond, Entered), 6 / 300.0);
        Check("ElapsedTimePercentage(CallHandled)", Make(Cat.ElapsedTimePercentage, Of(StatAction.CallHandled)), 100.0 * 160 / 300);
        Check("Percentile 50 Selection(10) CallWait", Make(Cat.Percentile, Wait, profile: TimeProfile.Selection(10), percentile: 50), 10);
        Check("Percentile 75 Selection(10) CallWait", Make(Cat.Percentile, Wait, profile: TimeProfile.Selection(10), percentile: 75), 25);
        Check("Percentile 100 Selection(10) CallWait", Make(Cat.Percentile, Wait, profile: TimeProfile.Selection(10), percentile: 100), 30);
        Check("Percentile 1 Selection(10) CallWait", Make(Cat.Percentile, Wait, profile: TimeProfile.Selection(10), percentile: 1), 3);
        Check("Percentile 50 Selection(3) CallWait (last 3: 3, 30, 25)", Make(Cat.Percentile, Wait, profile: TimeProfile.Selection(3), percentile: 50), 25);
        Check("TotalNumber Selection(3) CallWait", Make(Cat.TotalNumber, Wait, profile: TimeProfile.Selection(3)), 3);
        Check("TotalTime Selection(3) CallWait", Make(Cat.TotalTime, Wait, profile: TimeProfile.Selection(3)), 58);
        Check("Formula 10·(answered + 2·abandoned) / entered",
            new StatisticType
            {
                Name = "F", Category = Cat.Formula,
                Formula = new StatisticFormula([new FormulaTerm(1, Make(Cat.TotalNumber, Answered)), new FormulaTerm(2, Make(Cat.TotalNumber, Abandoned))],
                    [new FormulaTerm(1, Make(Cat.TotalNumber, Entered))], 10),
            }, 10.0 * (2 + 2 * 2) / 6);
        Check("Formula with empty denominator: answered - abandoned + 5·entered",
            new StatisticType
            {
                Name = "G", Category = Cat.Formula,
                Formula = new StatisticFormula([new FormulaTerm(1, Make(Cat.TotalNumber, Answered)), new FormulaTerm(-1, Make(Cat.TotalNumber, Abandoned)),
                    new FormulaTerm(5, Make(Cat.TotalNumber, Entered))], []),
            }, 2 - 2 + 30);

        PlayDay(s);
        foreach (var (what, stat, expected) in checks) soft.Equal(expected, s.Value(stat), what);
        soft.Verify();
    }

    [Fact]
    public void ServiceFactor1_equals_the_ServiceLevel1_formula()
    {
        var s = NewScenario();
        var sf = s.Open(Make(Cat.ServiceFactor1, Answered, threshold: ThresholdKind.ServiceLevel, relative: Abandoned), ObjectType.Queue, "q1");
        var sl1 = s.Open(C.ServiceLevel1, ObjectType.Queue, "q1");
        PlayDay(s);
        // ansW: 15 (yes), 32 (no); abW: 3 (yes), 25 (no) with the 20 s threshold of q1.
        Assert.Equal(50, s.Value(sf), 9);
        Assert.Equal(s.Value(sl1), s.Value(sf), 9);
    }

    [Fact]
    public void Growing_percentile_is_the_exact_nearest_rank_value()
    {
        var s = NewScenario();
        var p50 = s.Open(Make(Cat.Percentile, Wait, percentile: 50), ObjectType.Queue, "q1");
        var p90 = s.Open(Make(Cat.Percentile, Answered, percentile: 90), ObjectType.Queue, "q1");
        PlayDay(s);
        Assert.Equal(10, s.Value(p50));  // waits 3, 10, 25, 30: rank ⌈0.5 · 4⌉ = 2
        Assert.Equal(32, s.Value(p90));  // answers 15, 32: rank ⌈0.9 · 2⌉ = 2
    }

    [Fact]
    public void TotalTime_of_an_action_counts_at_its_end_and_of_a_status_at_once()
    {
        var s = NewScenario();
        var loginAction = s.Open(Make(Cat.TotalTime, Of(StatAction.LoggedIn)), ObjectType.Agent, "a1");
        var loginStatus = s.Open(Make(Cat.TotalTime, LoggedInStatuses, StatisticSubject.AgentStatus), ObjectType.Agent, "a1");
        var holdAction = s.Open(Make(Cat.TotalTime, Of(StatAction.CallOnHold)), ObjectType.Agent, "a1");
        var holdStatus = s.Open(Make(Cat.TotalTime, Of(StatAction.CallOnHold), StatisticSubject.DNStatus), ObjectType.Agent, "a1");
        var holdAdjusted = s.Open(Make(Cat.TotalAdjustedTime, Of(StatAction.CallOnHold)), ObjectType.Agent, "a1");
        var holdAdjustedNumber = s.Open(Make(Cat.TotalAdjustedNumber, Of(StatAction.CallOnHold)), ObjectType.Agent, "a1");
        var holdNumber = s.Open(Make(Cat.TotalNumber, Of(StatAction.CallOnHold)), ObjectType.Agent, "a1");
        var elapsed = s.Open(Make(Cat.ElapsedTimePercentage, LoggedInStatuses, StatisticSubject.AgentStatus), ObjectType.Agent, "a1");
        PlayDay(s, until: 135);
        Assert.Equal(0, s.Value(loginAction));          // the session has not ended
        Assert.Equal(95, s.Value(loginStatus));         // 40-135
        Assert.Equal(0, s.Value(holdAction));
        Assert.Equal(5, s.Value(holdStatus));           // hold 130-135 in progress
        Assert.Equal(5, s.Value(holdAdjusted));
        Assert.Equal(1, s.Value(holdAdjustedNumber));
        Assert.Equal(0, s.Value(holdNumber));
        Assert.Equal(100.0 * 95 / 135, s.Value(elapsed), 9);
        PlayDay(s, from: 135, until: 300);
        Assert.Equal(10, s.Value(holdAction));
        Assert.Equal(10, s.Value(holdStatus));
        Assert.Equal(260, s.Value(loginStatus));
        Assert.Equal(100.0 * 260 / 300, s.Value(elapsed), 9);
    }

    [Fact]
    public void RelativeTimePercentage_of_statuses_counts_them_in_progress()
    {
        var s = NewScenario();
        var holdShare = s.Open(Make(Cat.RelativeTimePercentage, Of(StatAction.CallOnHold), StatisticSubject.AgentStatus, relative: LoggedInStatuses),
            ObjectType.Agent, "a1");
        PlayDay(s, until: 140);
        Assert.Equal(100.0 * 10 / 100, s.Value(holdShare), 9); // hold 10 of login 40-140
    }

    [Fact]
    public void Current_categories_on_a_queue()
    {
        var s = NewScenario();
        var soft = new SoftAssert();
        var number = s.Open(Make(Cat.CurrentNumber, Wait), ObjectType.Queue, "q1");
        var time = s.Open(Make(Cat.CurrentTime, Wait), ObjectType.Queue, "q1");
        var max = s.Open(Make(Cat.CurrentMaxTime, Wait), ObjectType.Queue, "q1");
        var min = s.Open(Make(Cat.CurrentMinTime, Wait), ObjectType.Queue, "q1");
        var avg = s.Open(Make(Cat.CurrentAverageTime, Wait), ObjectType.Queue, "q1");
        var inRange = s.Open(Make(Cat.CurrentNumberInTimeRange, Wait, range: TimeRange.Seconds(0, 20)), ObjectType.Queue, "q1");
        var inRangePct = s.Open(Make(Cat.CurrentNumberInTimeRangePercentage, Wait, range: TimeRange.Seconds(0, 20)), ObjectType.Queue, "q1");
        var entered = s.Open(Make(Cat.CurrentNumber, Of(StatAction.CallEntered, StatAction.CallAnswered)), ObjectType.Queue, "q1");
        var avgIdle = s.Open(Make(Cat.CurrentAverageTime, Wait), ObjectType.Queue, "q2");
        PlayDay(s);
        soft.Equal(2, s.Value(number), "CurrentNumber");
        soft.Equal(60, s.Value(time), "CurrentTime");
        soft.Equal(50, s.Value(max), "CurrentMaxTime");
        soft.Equal(10, s.Value(min), "CurrentMinTime");
        soft.Equal(30, s.Value(avg), "CurrentAverageTime");
        soft.Equal(1, s.Value(inRange), "CurrentNumberInTimeRange 0-20");
        soft.Equal(50, s.Value(inRangePct), "CurrentNumberInTimeRangePercentage 0-20");
        soft.Equal(0, s.Value(entered), "current categories ignore instantaneous and retrospective actions");
        soft.Equal(0, s.Value(avgIdle), "CurrentAverageTime with nothing in progress");
        s.At(310);
        soft.Equal(80, s.Value(time), "CurrentTime grows with the clock");
        soft.Equal(60, s.Value(max), "CurrentMaxTime grows with the clock");
        soft.Equal(1, s.Value(inRange), "CurrentNumberInTimeRange 0-20 at 310 (c6 at exactly 20 s: bounds included)");
        s.At(311);
        soft.Equal(0, s.Value(inRange), "CurrentNumberInTimeRange 0-20 at 311");
        soft.Verify();
    }

    [Fact]
    public void Current_range_bound_is_inclusive()
    {
        var s = NewScenario();
        var inRange = s.Open(Make(Cat.CurrentNumberInTimeRange, Wait, range: TimeRange.Seconds(0, 20)), ObjectType.Queue, "q1");
        s.Queue(0, "c1", "8001");
        s.At(20);
        Assert.Equal(1, s.Value(inRange));
        s.At(20.0001);
        Assert.Equal(0, s.Value(inRange));
    }

    [Fact]
    public void Current_categories_on_a_queue_group_use_each_members_threshold()
    {
        var s = NewScenario();
        var distinct = s.Open(Make(Cat.CurrentDistinctNumber, Wait), ObjectType.GroupQueues, "qg1");
        var inSl = s.Open(Make(Cat.CurrentNumberInTimeRange, Wait, threshold: ThresholdKind.ServiceLevel), ObjectType.GroupQueues, "qg1");
        var inSlPct = s.Open(Make(Cat.CurrentNumberInTimeRangePercentage, Wait, threshold: ThresholdKind.ServiceLevel), ObjectType.GroupQueues, "qg1");
        var max = s.Open(C.LongestWait, ObjectType.GroupQueues, "qg1");
        var ansW = s.Open(C.AnsweredWithinThreshold, ObjectType.GroupQueues, "qg1");
        s.Login(0, "a1", "5001");
        s.Queue(10, "c1", "8001");   // q1: SL 20 s
        s.Queue(10, "c2", "8001");
        s.Queue(10, "c3", "8002");   // q2: SL 30 s
        s.At(35);
        Assert.Equal(2, s.Value(distinct));   // both member queues have a call waiting
        Assert.Equal(1, s.Value(inSl));       // 25 s: over q1's 20 s, within q2's 30 s
        Assert.Equal(100.0 / 3, s.Value(inSlPct), 9);
        Assert.Equal(25, s.Value(max));
        s.Answer(35, 35, "c1", "8001", "a1", "5001");
        s.Answer(35, 35, "c3", "8002", "a1", "5001");
        Assert.Equal(1, s.Value(ansW));       // 25 s answered: out on q1, in on q2
        Assert.Equal(1, s.Value(distinct));
    }

    [Fact]
    public void CurrentDistinctNumber_on_an_agent_group_counts_members()
    {
        var s = NewScenario();
        var talking = s.Open(Make(Cat.CurrentDistinctNumber, ActionMask.Parse("CallInbound, CallOutbound, CallOnHold")), ObjectType.GroupAgents, "g1");
        var calls = s.Open(Make(Cat.CurrentNumber, ActionMask.Parse("CallInbound, CallOutbound")), ObjectType.GroupAgents, "g1");
        s.Login(0, "a1", "5001");
        s.Login(0, "a2", "5002");
        s.Queue(10, "c1", "8001");
        s.Queue(10, "c2", "8001");
        s.Answer(11, 11, "c1", "8001", "a1", "5001");
        s.Answer(12, 12, "c2", "8001", "a1", "5001");           // a1 has two calls
        s.Send(13, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1");
        s.At(20);
        Assert.Equal(1, s.Value(talking));
        Assert.Equal(2, s.Value(calls));
        s.Send(21, PulseEventType.Dialing, connId: "c3", dn: "5002", agent: "a2");
        s.Send(22, PulseEventType.Established, connId: "c3", dn: "5002", agent: "a2", callType: CallType.Outbound);
        Assert.Equal(2, s.Value(talking));
        Assert.Equal(3, s.Value(calls));
    }

    [Fact]
    public void CurrentState_and_CurrentStateReasons()
    {
        var s = NewScenario();
        var state = s.Open(C.CurrentState, ObjectType.Agent, "a1");
        var reasons = s.Open(new StatisticType { Name = "R", Category = Cat.CurrentStateReasons }, ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Send(10, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", workMode: WorkMode.AuxWork, reason: "Meeting");
        s.At(25);
        var v = s.Engine.Read(state);
        Assert.Equal(AgentStatus.NotReadyForNextCall, v.State);
        Assert.Equal("Meeting", v.Reason);
        Assert.Equal(15, v.Number);
        var r = s.Engine.Read(reasons);
        Assert.Null(r.State);
        Assert.Equal("Meeting", r.Reason);
        Assert.Equal(15, r.Number);
        s.Send(30, PulseEventType.AgentReady, agent: "a1", dn: "5001");
        Assert.Equal("", s.Engine.Read(reasons).Reason);
        Assert.Equal(AgentStatus.WaitForNextCall, s.Engine.Read(state).State);
        Assert.Null(s.Engine.Read(state).Reason);
    }

    [Fact]
    public void CurrentContinuousTime_does_not_restart_between_statuses_of_the_mask()
    {
        var s = NewScenario();
        var onCall = s.Open(Make(Cat.CurrentContinuousTime, ActionMask.Parse("CallRinging, CallInbound, CallOnHold")), ObjectType.Agent, "a1");
        // A held call shows the state CallOnHold, so the busy mask names it to stay continuous through the hold.
        var busy = s.Open(Make(Cat.CurrentContinuousTime, ActionMask.Parse("CallInbound, CallOnHold, AfterCallWork"), StatisticSubject.AgentStatus), ObjectType.Agent, "a1");
        s.Login(0, "a1", "5001");
        s.Queue(5, "c1", "8001");
        s.Send(10, PulseEventType.Diverted, connId: "c1", dn: "8001", thirdPartyDn: "5001");
        s.Send(10, PulseEventType.Ringing, connId: "c1", dn: "5001", agent: "a1");
        s.At(12);
        Assert.Equal(2, s.Value(onCall));
        Assert.Equal(0, s.Value(busy));
        s.Send(15, PulseEventType.Established, connId: "c1", dn: "5001", agent: "a1", callType: CallType.Inbound);
        s.Send(30, PulseEventType.Held, connId: "c1", dn: "5001", agent: "a1");
        s.Send(40, PulseEventType.Retrieved, connId: "c1", dn: "5001", agent: "a1");
        s.At(50);
        Assert.Equal(40, s.Value(onCall));                // since the ringing began at 10
        Assert.Equal(35, s.Value(busy));                  // since 15
        s.Send(60, PulseEventType.Released, connId: "c1", dn: "5001", agent: "a1");
        s.Send(60, PulseEventType.AgentNotReady, agent: "a1", dn: "5001", workMode: WorkMode.AfterCallWork);
        s.At(80);
        Assert.Equal(0, s.Value(onCall));
        Assert.Equal(65, s.Value(busy));                  // inbound then ACW without a break
        s.Send(90, PulseEventType.AgentReady, agent: "a1", dn: "5001");
        s.At(100);
        Assert.Equal(0, s.Value(busy));
        s.Queue(110, "c2", "8001");
        s.Answer(110, 110, "c2", "8001", "a1", "5001");
        s.At(130);
        Assert.Equal(20, s.Value(onCall));                // a new period, not since 10
    }

    [Fact]
    public void Attached_data_filters_PairExists_and_KeyExists()
    {
        var s = NewScenario();
        var spanishEntered = s.Open(Make(Cat.TotalNumber, Entered, filter: StatisticFilter.PairExists("Language", "Spanish")), ObjectType.Queue, "q1");
        var spanishAnswered = s.Open(Make(Cat.TotalNumber, Answered, filter: StatisticFilter.PairExists("Language", "Spanish")), ObjectType.Queue, "q1");
        var spanishWaiting = s.Open(Make(Cat.CurrentNumber, Wait, filter: StatisticFilter.PairExists("Language", "Spanish")), ObjectType.Queue, "q1");
        var spanishWaitingTenant = s.Open(Make(Cat.CurrentMaxTime, Wait, filter: StatisticFilter.PairExists("Language", "Spanish")), ObjectType.Tenant, "t1");
        var anyLanguage = s.Open(Make(Cat.TotalNumber, Entered, filter: new StatisticFilter { KeysExist = ["Language"] }), ObjectType.Queue, "q1");
        var frenchEntered = s.Open(Make(Cat.TotalNumber, Entered, filter: StatisticFilter.PairExists("Language", "French")), ObjectType.Queue, "q1");
        var spanishVoice = s.Open(Make(Cat.TotalNumber, Entered, filter: new StatisticFilter { Media = [MediaType.Voice], PairsExist = [new("Language", "Spanish")] }),
            ObjectType.Queue, "q1");
        PlayDay(s);
        Assert.Equal(3, s.Value(spanishEntered));        // c1, c3, c5
        Assert.Equal(2, s.Value(spanishAnswered));       // c1, c3
        Assert.Equal(1, s.Value(spanishWaiting));        // c5
        Assert.Equal(50, s.Value(spanishWaitingTenant)); // c5 waits since 250 (c6 is English)
        Assert.Equal(5, s.Value(anyLanguage));           // all but c4
        Assert.Equal(0, s.Value(frenchEntered));
        Assert.Equal(3, s.Value(spanishVoice));
    }

    [Fact]
    public void Media_filters_on_voice_and_interactions()
    {
        var s = NewScenario();
        var voice = s.Open(Make(Cat.TotalNumber, Entered, filter: StatisticFilter.ForMedia(MediaType.Voice)), ObjectType.Queue, "q1");
        var chatOnVoiceQueue = s.Open(Make(Cat.TotalNumber, Entered, filter: StatisticFilter.ForMedia(MediaType.Chat)), ObjectType.Queue, "q1");
        var chats = s.Open(C.IxnEnteredChat, ObjectType.StagingArea, "iq1");
        var emails = s.Open(C.IxnEnteredEmail, ObjectType.StagingArea, "iq1");
        var all = s.Open(C.IxnEntered, ObjectType.StagingArea, "iq1");
        var chatsWaiting = s.Open(C.IxnWaitingChat, ObjectType.StagingArea, "iq1");
        var emailsWaiting = s.Open(C.IxnWaitingEmail, ObjectType.StagingArea, "iq1");
        var chatOrEmail = s.Open(Make(Cat.TotalNumber, Of(StatAction.InteractionEntered), filter: StatisticFilter.ForMedia(MediaType.Chat, MediaType.EMail)),
            ObjectType.StagingArea, "iq1");
        var distributed = s.Open(C.IxnDistributed, ObjectType.StagingArea, "iq1");
        var cleared = s.Open(C.IxnCleared, ObjectType.StagingArea, "iq1");
        var longest = s.Open(C.IxnLongestWait, ObjectType.StagingArea, "iq1");
        PlayDay(s);
        s.Send(300, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", media: MediaType.Chat);
        s.Send(301, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i2", queue: "iq1", media: MediaType.Chat);
        s.Send(302, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i3", queue: "iq1", media: MediaType.EMail);
        s.Send(303, PulseEventType.PlacedInQueue, EventSourceKind.Ixn, interactionId: "i4", queue: "iq1", media: MediaType.WorkItem);
        s.Send(310, PulseEventType.TakenFromQueue, EventSourceKind.Ixn, interactionId: "i1", queue: "iq1", agent: "a3", media: MediaType.Chat);
        s.Send(312, PulseEventType.ProcessingStopped, EventSourceKind.Ixn, interactionId: "i4");
        s.At(320);
        Assert.Equal(6, s.Value(voice));
        Assert.Equal(0, s.Value(chatOnVoiceQueue));
        Assert.Equal(2, s.Value(chats));
        Assert.Equal(1, s.Value(emails));
        Assert.Equal(4, s.Value(all));
        Assert.Equal(3, s.Value(chatOrEmail));
        Assert.Equal(1, s.Value(chatsWaiting));
        Assert.Equal(1, s.Value(emailsWaiting));
        Assert.Equal(1, s.Value(distributed));
        Assert.Equal(1, s.Value(cleared));
        Assert.Equal(19, s.Value(longest));   // i2 since 301
    }

    /// <summary>
    /// Nearest rank: the smallest v with count(≤ v) ≥ ⌈p/100·n⌉, computed exactly. With durations 1..n seconds the
    /// answer is ⌈p·n/100⌉ seconds. These (p, n) pairs are those where p/100.0·n in binary floating point lands just
    /// above the integer p·n/100 (e.g. 0.28·25 = 7.000000000000001), so a rank taken as Math.Ceiling(p / 100.0 * n) is one too high.
    /// </summary>
    [Theory]
    [InlineData(28, 25)]
    [InlineData(56, 25)]
    [InlineData(14, 50)]
    [InlineData(7, 100)]
    [InlineData(55, 100)]
    [InlineData(50, 25)]   // control: no rounding issue
    public void Selection_percentile_uses_the_exact_nearest_rank(int p, int n)
    {
        var s = NewScenario();
        var pct = s.Open(Make(Cat.Percentile, Abandoned, profile: TimeProfile.Selection(n), percentile: p), ObjectType.Queue, "q1");
        for (var k = 1; k <= n; k++) s.Queue(0, $"c{k}", "8001");
        for (var k = 1; k <= n; k++) s.Send(k, PulseEventType.Abandoned, connId: $"c{k}", dn: "8001");
        var rank = (p * n + 99) / 100;
        Assert.Equal(rank, s.Value(pct));
    }

    [Theory]
    [InlineData(28, 25)]
    [InlineData(7, 100)]
    [InlineData(50, 25)]   // control
    public void Growing_percentile_uses_the_exact_nearest_rank(int p, int n)
    {
        var s = NewScenario();
        var pct = s.Open(Make(Cat.Percentile, Abandoned, percentile: p), ObjectType.Queue, "q1");
        for (var k = 1; k <= n; k++) s.Queue(0, $"c{k}", "8001");
        for (var k = 1; k <= n; k++) s.Send(k, PulseEventType.Abandoned, connId: $"c{k}", dn: "8001");
        var rank = (p * n + 99) / 100;   // the k-th abandon waited k s
        Assert.Equal(rank, s.Value(pct));
    }

    [Fact]
    public void Formula_keeps_updating_after_a_visible_statistic_it_shares_is_closed()
    {
        var s = NewScenario();
        var entered = s.Open(C.Entered, ObjectType.Queue, "q1");          // visible, opened first
        var rate = s.Open(C.AbandonRate, ObjectType.Queue, "q1");         // reuses Entered as a component
        s.Engine.Close(entered);
        Assert.False(s.Engine.IsOpen(entered));
        s.Login(0, "a1", "5001");
        s.Queue(10, "c1", "8001");
        s.Queue(10, "c2", "8001");
        s.Queue(10, "c3", "8001");
        s.Queue(10, "c4", "8001");
        s.Send(20, PulseEventType.Abandoned, connId: "c1", dn: "8001");  // 10 s: not a short abandon
        s.Send(20, PulseEventType.Abandoned, connId: "c2", dn: "8001");
        s.Answer(20, 20, "c3", "8001", "a1", "5001");
        s.Answer(20, 20, "c4", "8001", "a1", "5001");
        // (abandoned - short) / (entered - short) = 2 / 4
        Assert.Equal(50, s.Value(rate), 9);
    }

    [Fact]
    public void Ratios_are_zero_when_their_denominator_is_zero()
    {
        var s = NewScenario();
        var types = new[]
        {
            Make(Cat.AverageTime, Answered), Make(Cat.MaxTime, Answered), Make(Cat.MinTime, Answered),
            Make(Cat.TotalNumberInTimeRangePercentage, Answered, range: TimeRange.Seconds(0, 20)),
            Make(Cat.ServiceFactor1, Answered, range: TimeRange.Seconds(0, 20), relative: Abandoned),
            Make(Cat.RelativeNumberPercentage, Answered, relative: Entered), Make(Cat.RelativeTimePercentage, Answered, relative: Wait),
            Make(Cat.CurrentAverageTime, Wait), Make(Cat.CurrentMaxTime, Wait), Make(Cat.CurrentMinTime, Wait),
            Make(Cat.CurrentNumberInTimeRangePercentage, Wait, range: TimeRange.Seconds(0, 20)),
            Make(Cat.Percentile, Answered, percentile: 50), Make(Cat.Percentile, Answered, profile: TimeProfile.Selection(5), percentile: 50),
            C.ServiceLevel1, C.ServiceLevel2, C.ServiceLevel3, C.ServiceLevel4, C.ServiceLevel5, C.AbandonRate, C.QueueAht,
        };
        var opened = types.Select(t => s.Open(t, ObjectType.Queue, "q1")).ToList();
        s.At(100);
        foreach (var o in opened) Assert.Equal(0, s.Value(o));
    }

    [Fact]
    public void Inconsistent_types_are_rejected_with_a_message()
    {
        var s = NewScenario();
        Assert.Throws<ArgumentException>(() => s.Open(Make(Cat.TotalNumber, ActionMask.None), ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(Make(Cat.ServiceFactor1, Answered, range: TimeRange.Seconds(0, 20)), ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(Make(Cat.TotalNumberInTimeRange, Answered), ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(Make(Cat.Percentile, Answered, profile: TimeProfile.Sliding(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)), percentile: 50), ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(C.CurrentState, ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(Make(Cat.CurrentContinuousTime, Wait), ObjectType.Queue, "q1"));
        Assert.Throws<ArgumentException>(() => s.Open(C.Entered, ObjectType.Queue, "nope"));
        Assert.Throws<ArgumentException>(() => s.Open(C.AgentsReady, ObjectType.Queue, "q1"));
    }
}
