using Pulse.Sdk.Events;

namespace Pulse.Sdk.Statistics;

/// <summary>
/// The standard statistics of a contact center, as statistic types (definitions in docs/statistics.md):
/// per queue and virtual queue, agent, agent group, interaction queue, route point, queue group and tenant.
/// Every entry has a fixed name; the same instances are used as formula components so that opening a
/// whole set shares state.
/// </summary>
public static class StandardCatalogue
{
    private static readonly ObjectType[] QueueLike = [ObjectType.Queue, ObjectType.VirtualQueue, ObjectType.GroupQueues, ObjectType.RoutePoint, ObjectType.Tenant];
    private static readonly ObjectType[] AgentLike = [ObjectType.Agent, ObjectType.GroupAgents, ObjectType.Tenant];
    private static readonly ObjectType[] Groups = [ObjectType.GroupAgents, ObjectType.Tenant];
    private static readonly ObjectType[] Staging = [ObjectType.StagingArea, ObjectType.Tenant];

    private static readonly ActionMask Connected = ActionMask.Of(StatAction.CallInbound, StatAction.CallOutbound, StatAction.CallInternal, StatAction.CallConsult, StatAction.CallUnknown);
    private static readonly ActionMask Talking = ActionMask.Of(StatAction.CallInbound, StatAction.CallOutbound, StatAction.CallInternal, StatAction.CallConsult, StatAction.CallUnknown, StatAction.CallOnHold);
    private static readonly ActionMask LoggedInStates = ActionMask.Of(StatAction.LoggedIn, StatAction.OnHook, StatAction.WaitForNextCall, StatAction.OffHook,
        StatAction.CallDialing, StatAction.CallRinging, StatAction.NotReadyForNextCall, StatAction.AfterCallWork, StatAction.CallOnHold,
        StatAction.CallUnknown, StatAction.CallConsult, StatAction.CallInternal, StatAction.CallOutbound, StatAction.CallInbound);

    private static StatisticType T(string name, StatisticCategory category, ActionMask mask, ObjectType[] on, ValueFormat format, string description,
        ThresholdKind threshold = ThresholdKind.None, StatisticSubject subject = StatisticSubject.DNAction, StatisticFilter? filter = null, double percentile = 0) =>
        new()
        {
            Name = name, Category = category, MainMask = mask, ObjectTypes = on, Format = format, Description = description,
            Threshold = threshold, Subject = subject, Filter = filter, Percentile = percentile,
        };

    private static StatisticType F(string name, ObjectType[] on, ValueFormat format, string description, double scale,
        (double, StatisticType)[] numerator, (double, StatisticType)[] denominator) =>
        new()
        {
            Name = name, Category = StatisticCategory.Formula, ObjectTypes = on, Format = format, Description = description,
            Formula = new StatisticFormula(
                numerator.Select(t => new FormulaTerm(t.Item1, t.Item2)).ToArray(),
                denominator.Select(t => new FormulaTerm(t.Item1, t.Item2)).ToArray(), scale),
        };

    // ------------------------------------------------------------ queues and virtual queues

    /// <summary>Calls that entered the queue today.</summary>
    public static readonly StatisticType Entered = T("Entered", StatisticCategory.TotalNumber, ActionMask.Of(StatAction.CallEntered), QueueLike, ValueFormat.Integer,
        "Number of calls that entered the queue since the last reset (midnight, tenant time zone).");
    /// <summary>Calls waiting now.</summary>
    public static readonly StatisticType Waiting = T("Waiting", StatisticCategory.CurrentNumber, ActionMask.Of(StatAction.CallWait), QueueLike, ValueFormat.Integer,
        "Number of calls waiting in the queue now.");
    /// <summary>Longest current wait.</summary>
    public static readonly StatisticType LongestWait = T("LongestWait", StatisticCategory.CurrentMaxTime, ActionMask.Of(StatAction.CallWait), QueueLike, ValueFormat.Time,
        "Seconds the longest-waiting call has waited so far; 0 when none waits.");
    /// <summary>Calls distributed to a target today.</summary>
    public static readonly StatisticType Distributed = T("Distributed", StatisticCategory.TotalNumber, ActionMask.Of(StatAction.CallDistributed), QueueLike, ValueFormat.Integer,
        "Number of calls diverted from the queue to a target since the last reset.");
    /// <summary>Calls answered today.</summary>
    public static readonly StatisticType Answered = T("Answered", StatisticCategory.TotalNumber, ActionMask.Of(StatAction.CallAnswered), QueueLike, ValueFormat.Integer,
        "Number of calls from this queue answered by an agent since the last reset.");
    /// <summary>Calls answered within the queue's service-level threshold.</summary>
    public static readonly StatisticType AnsweredWithinThreshold = T("AnsweredWithinThreshold", StatisticCategory.TotalNumberInTimeRange, ActionMask.Of(StatAction.CallAnswered), QueueLike, ValueFormat.Integer,
        "Answered calls whose wait (entered to answered) was at most the queue's serviceLevelThresholdSeconds.", ThresholdKind.ServiceLevel);
    /// <summary>Calls abandoned today.</summary>
    public static readonly StatisticType Abandoned = T("Abandoned", StatisticCategory.TotalNumber, ActionMask.Of(StatAction.CallAbandoned), QueueLike, ValueFormat.Integer,
        "Number of calls abandoned while waiting in the queue or ringing at an agent it was distributed to, since the last reset.");
    /// <summary>Calls abandoned within the service-level threshold.</summary>
    public static readonly StatisticType AbandonedWithinThreshold = T("AbandonedWithinThreshold", StatisticCategory.TotalNumberInTimeRange, ActionMask.Of(StatAction.CallAbandoned), QueueLike, ValueFormat.Integer,
        "Abandoned calls whose wait was at most the queue's serviceLevelThresholdSeconds.", ThresholdKind.ServiceLevel);
    /// <summary>Short abandons.</summary>
    public static readonly StatisticType ShortAbandoned = T("ShortAbandoned", StatisticCategory.TotalNumberInTimeRange, ActionMask.Of(StatAction.CallAbandoned), QueueLike, ValueFormat.Integer,
        "Abandoned calls whose wait was at most the queue's shortAbandonThresholdSeconds.", ThresholdKind.ShortAbandon);
    /// <summary>Average speed of answer.</summary>
    public static readonly StatisticType Asa = T("ASA", StatisticCategory.AverageTime, ActionMask.Of(StatAction.CallAnswered), QueueLike, ValueFormat.Time,
        "Average speed of answer: total wait of answered calls / answered calls, in seconds; 0 when none answered.");
    /// <summary>Calls handled (released after answer) today.</summary>
    public static readonly StatisticType QueueHandled = T("Handled", StatisticCategory.TotalNumber, ActionMask.Of(StatAction.CallHandled), QueueLike, ValueFormat.Integer,
        "Calls from this queue that the answering agent released, since the last reset.");
    /// <summary>Connected time of calls handled from the queue.</summary>
    public static readonly StatisticType QueueHandleTime = T("HandleTime", StatisticCategory.TotalTime, ActionMask.Of(StatAction.CallHandled), QueueLike, ValueFormat.Time,
        "Total connected time (answer to release, hold included) of calls handled from this queue, in seconds.");
    /// <summary>After-call work following calls from the queue.</summary>
    public static readonly StatisticType QueueAcwTime = T("AfterCallWorkTime", StatisticCategory.TotalTime, ActionMask.Of(StatAction.CallAfterCallWork), QueueLike, ValueFormat.Time,
        "Total after-call work that agents did after calls from this queue (credited when the work ends), in seconds.");
    /// <summary>Median wait of answered calls.</summary>
    public static readonly StatisticType WaitP50 = T("WaitP50", StatisticCategory.Percentile, ActionMask.Of(StatAction.CallAnswered), QueueLike, ValueFormat.Time,
        "Median (nearest rank) wait of answered calls, seconds: exact up to 10,000 calls in the interval, then within 0.1 %.", percentile: 50);
    /// <summary>90th percentile wait of answered calls.</summary>
    public static readonly StatisticType WaitP90 = T("WaitP90", StatisticCategory.Percentile, ActionMask.Of(StatAction.CallAnswered), QueueLike, ValueFormat.Time,
        "90th percentile (nearest rank) wait of answered calls, seconds: exact up to 10,000 calls in the interval, then within 0.1 %.", percentile: 90);
    /// <summary>Median connected time of handled calls.</summary>
    public static readonly StatisticType HandleP50 = T("HandleTimeP50", StatisticCategory.Percentile, ActionMask.Of(StatAction.CallHandled), QueueLike, ValueFormat.Time,
        "Median (nearest rank) connected time of handled calls, seconds: exact up to 10,000 calls in the interval, then within 0.1 %.", percentile: 50);
    /// <summary>90th percentile connected time of handled calls.</summary>
    public static readonly StatisticType HandleP90 = T("HandleTimeP90", StatisticCategory.Percentile, ActionMask.Of(StatAction.CallHandled), QueueLike, ValueFormat.Time,
        "90th percentile (nearest rank) connected time of handled calls, seconds: exact up to 10,000 calls in the interval, then within 0.1 %.", percentile: 90);

    /// <summary>ICMI service level 1: (ansW + abW) / (ans + ab).</summary>
    public static readonly StatisticType ServiceLevel1 = F("ServiceLevel1", QueueLike, ValueFormat.Percent,
        "ICMI variant 1: (answered within threshold + abandoned within threshold) / (answered + abandoned) × 100; 0 when no call ended.", 100,
        [(1, AnsweredWithinThreshold), (1, AbandonedWithinThreshold)], [(1, Answered), (1, Abandoned)]);
    /// <summary>ICMI service level 2: ansW / ans.</summary>
    public static readonly StatisticType ServiceLevel2 = F("ServiceLevel2", QueueLike, ValueFormat.Percent,
        "ICMI variant 2: answered within threshold / answered × 100 (abandons ignored).", 100,
        [(1, AnsweredWithinThreshold)], [(1, Answered)]);
    /// <summary>ICMI service level 3: ansW / (ans + ab).</summary>
    public static readonly StatisticType ServiceLevel3 = F("ServiceLevel3", QueueLike, ValueFormat.Percent,
        "ICMI variant 3: answered within threshold / (answered + abandoned) × 100 (every abandon counts against).", 100,
        [(1, AnsweredWithinThreshold)], [(1, Answered), (1, Abandoned)]);
    /// <summary>ICMI service level 4: ansW / (ans + abandoned after the threshold).</summary>
    public static readonly StatisticType ServiceLevel4 = F("ServiceLevel4", QueueLike, ValueFormat.Percent,
        "ICMI variant 4: answered within threshold / (answered + abandoned after threshold) × 100 (abandons within the threshold ignored).", 100,
        [(1, AnsweredWithinThreshold)], [(1, Answered), (1, Abandoned), (-1, AbandonedWithinThreshold)]);
    /// <summary>ICMI service level 5: as 1, crediting only short abandons.</summary>
    public static readonly StatisticType ServiceLevel5 = F("ServiceLevel5", QueueLike, ValueFormat.Percent,
        "ICMI variant 5: (answered within threshold + short abandons) / (answered + abandoned) × 100: like variant 1, but only abandons within the short-abandon threshold are credited.", 100,
        [(1, AnsweredWithinThreshold), (1, ShortAbandoned)], [(1, Answered), (1, Abandoned)]);
    /// <summary>Abandon rate, short abandons excluded.</summary>
    public static readonly StatisticType AbandonRate = F("AbandonRate", QueueLike, ValueFormat.Percent,
        "(abandoned - short abandoned) / (entered - short abandoned) × 100: abandons as a share of offered calls, short abandons excluded from both.", 100,
        [(1, Abandoned), (-1, ShortAbandoned)], [(1, Entered), (-1, ShortAbandoned)]);
    /// <summary>Average handle time of calls from the queue.</summary>
    public static readonly StatisticType QueueAht = F("AHT", QueueLike, ValueFormat.Time,
        "Average handle time: (connected time + after-call work) of calls handled from this queue / handled calls, in seconds.", 1,
        [(1, QueueHandleTime), (1, QueueAcwTime)], [(1, QueueHandled)]);

    // ------------------------------------------------------------ agents and agent groups

    /// <summary>An agent's current state by status priority, with reason and duration.</summary>
    public static readonly StatisticType CurrentState = new()
    {
        Name = "CurrentState", Category = StatisticCategory.CurrentState, ObjectTypes = [ObjectType.Agent], Format = ValueFormat.Status,
        Description = "The agent's highest-priority status now (LoggedOut, WaitForNextCall, NotReadyForNextCall with its reason, AfterCallWork, CallRinging, CallInbound, CallOnHold ...) and the seconds spent in it.",
    };
    /// <summary>Time logged in today.</summary>
    public static readonly StatisticType LoginTime = T("LoginTime", StatisticCategory.TotalAdjustedTime, ActionMask.Of(StatAction.LoggedIn), AgentLike, ValueFormat.Time,
        "Seconds logged in since the last reset (the LoggedIn action, login to logout), the current session counted as it goes.");
    /// <summary>Ready time today.</summary>
    public static readonly StatisticType ReadyTime = T("ReadyTime", StatisticCategory.TotalTime, ActionMask.Of(StatAction.WaitForNextCall), AgentLike, ValueFormat.Time,
        "Seconds whose agent state was WaitForNextCall (ready and idle) since the last reset, the current period counted as it goes.", subject: StatisticSubject.AgentStatus);
    /// <summary>Not-ready time today.</summary>
    public static readonly StatisticType NotReadyTime = T("NotReadyTime", StatisticCategory.TotalTime, ActionMask.Of(StatAction.NotReadyForNextCall), AgentLike, ValueFormat.Time,
        "Seconds whose agent state was NotReadyForNextCall (any reason) since the last reset, the current period counted as it goes.", subject: StatisticSubject.AgentStatus);
    /// <summary>After-call work time today.</summary>
    public static readonly StatisticType AcwTime = T("AfterCallWorkTime", StatisticCategory.TotalTime, ActionMask.Of(StatAction.AfterCallWork), AgentLike, ValueFormat.Time,
        "Seconds whose agent state was AfterCallWork since the last reset, the current period counted as it goes.", subject: StatisticSubject.AgentStatus);
    /// <summary>Connected time (talk plus hold), in progress included.</summary>
    public static readonly StatisticType ConnectedTime = T("ConnectedTime", StatisticCategory.TotalAdjustedTime, Connected, AgentLike, ValueFormat.Time,
        "Seconds connected on calls and interactions (answer to release, hold included) since the last reset, calls in progress included.");
    /// <summary>Hold time, in progress included.</summary>
    public static readonly StatisticType HoldTime = T("HoldTime", StatisticCategory.TotalAdjustedTime, ActionMask.Of(StatAction.CallOnHold), AgentLike, ValueFormat.Time,
        "Seconds on hold since the last reset, holds in progress included.");
    /// <summary>Talk time: connected minus hold.</summary>
    public static readonly StatisticType TalkTime = F("TalkTime", AgentLike, ValueFormat.Time,
        "Connected time minus hold time, seconds, in progress included.", 1, [(1, ConnectedTime), (-1, HoldTime)], []);
    /// <summary>Calls and interactions handled (completed connections).</summary>
    public static readonly StatisticType Handled = T("Handled", StatisticCategory.TotalNumber, Connected, AgentLike, ValueFormat.Integer,
        "Calls and interactions the agent was connected to and that ended, since the last reset.");
    /// <summary>Connected time of completed calls (for AHT).</summary>
    public static readonly StatisticType HandledConnectedTime = T("HandledConnectedTime", StatisticCategory.TotalTime, Connected, AgentLike, ValueFormat.Time,
        "Connected seconds of calls and interactions that ended, since the last reset.");
    /// <summary>Average handle time.</summary>
    public static readonly StatisticType Aht = F("AHT", AgentLike, ValueFormat.Time,
        "Average handle time: (connected time of ended calls, hold included + after-call work) / handled, seconds.", 1,
        [(1, HandledConnectedTime), (1, AcwTime)], [(1, Handled)]);
    /// <summary>Occupancy.</summary>
    public static readonly StatisticType Occupancy = F("Occupancy", AgentLike, ValueFormat.Percent,
        "(connected + after-call work) / (connected + after-call work + ready) × 100, time in progress included.", 100,
        [(1, ConnectedTime), (1, AcwTime)], [(1, ConnectedTime), (1, AcwTime), (1, ReadyTime)]);

    /// <summary>Members logged in now.</summary>
    public static readonly StatisticType AgentsLoggedIn = T("AgentsLoggedIn", StatisticCategory.CurrentNumber, LoggedInStates, Groups, ValueFormat.Integer,
        "Members whose current state is anything but LoggedOut.", subject: StatisticSubject.GroupStatus);
    /// <summary>Members ready now.</summary>
    public static readonly StatisticType AgentsReady = T("AgentsReady", StatisticCategory.CurrentNumber, ActionMask.Of(StatAction.WaitForNextCall), Groups, ValueFormat.Integer,
        "Members whose current state is WaitForNextCall.", subject: StatisticSubject.GroupStatus);
    /// <summary>Members not ready now.</summary>
    public static readonly StatisticType AgentsNotReady = T("AgentsNotReady", StatisticCategory.CurrentNumber, ActionMask.Of(StatAction.NotReadyForNextCall), Groups, ValueFormat.Integer,
        "Members whose current state is NotReadyForNextCall.", subject: StatisticSubject.GroupStatus);
    /// <summary>Members talking now.</summary>
    public static readonly StatisticType AgentsTalking = T("AgentsTalking", StatisticCategory.CurrentNumber, Talking, Groups, ValueFormat.Integer,
        "Members whose current state is a connected call (inbound, outbound, internal, consult, unknown) or on hold.", subject: StatisticSubject.GroupStatus);
    /// <summary>Members in after-call work now.</summary>
    public static readonly StatisticType AgentsInAcw = T("AgentsInAfterCallWork", StatisticCategory.CurrentNumber, ActionMask.Of(StatAction.AfterCallWork), Groups, ValueFormat.Integer,
        "Members whose current state is AfterCallWork.", subject: StatisticSubject.GroupStatus);

    // ------------------------------------------------------------ interaction queues

    private static StatisticType Ixn(string name, StatisticCategory c, StatAction a, ValueFormat f, string d, MediaType? media = null) =>
        T(name, c, ActionMask.Of(a), Staging, f, d, filter: media is { } m ? StatisticFilter.ForMedia(m) : null);

    /// <summary>Interactions waiting now.</summary>
    public static readonly StatisticType IxnWaiting = Ixn("InteractionsWaiting", StatisticCategory.CurrentNumber, StatAction.InteractionWait, ValueFormat.Integer, "Interactions in the interaction queue now.");
    /// <summary>Chats waiting now.</summary>
    public static readonly StatisticType IxnWaitingChat = Ixn("ChatsWaiting", StatisticCategory.CurrentNumber, StatAction.InteractionWait, ValueFormat.Integer, "Chat interactions in the queue now.", MediaType.Chat);
    /// <summary>E-mails waiting now.</summary>
    public static readonly StatisticType IxnWaitingEmail = Ixn("EmailsWaiting", StatisticCategory.CurrentNumber, StatAction.InteractionWait, ValueFormat.Integer, "E-mail interactions in the queue now.", MediaType.EMail);
    /// <summary>Interactions entered today.</summary>
    public static readonly StatisticType IxnEntered = Ixn("InteractionsEntered", StatisticCategory.TotalNumber, StatAction.InteractionEntered, ValueFormat.Integer, "Interactions placed in the queue since the last reset.");
    /// <summary>Chats entered today.</summary>
    public static readonly StatisticType IxnEnteredChat = Ixn("ChatsEntered", StatisticCategory.TotalNumber, StatAction.InteractionEntered, ValueFormat.Integer, "Chat interactions placed in the queue since the last reset.", MediaType.Chat);
    /// <summary>E-mails entered today.</summary>
    public static readonly StatisticType IxnEnteredEmail = Ixn("EmailsEntered", StatisticCategory.TotalNumber, StatAction.InteractionEntered, ValueFormat.Integer, "E-mail interactions placed in the queue since the last reset.", MediaType.EMail);
    /// <summary>Interactions distributed today.</summary>
    public static readonly StatisticType IxnDistributed = Ixn("InteractionsDistributed", StatisticCategory.TotalNumber, StatAction.InteractionDistributed, ValueFormat.Integer, "Interactions taken from the queue to an agent since the last reset.");
    /// <summary>Interactions cleared today.</summary>
    public static readonly StatisticType IxnCleared = Ixn("InteractionsCleared", StatisticCategory.TotalNumber, StatAction.InteractionCleared, ValueFormat.Integer, "Interactions stopped while in the queue since the last reset.");
    /// <summary>Longest current wait of an interaction.</summary>
    public static readonly StatisticType IxnLongestWait = Ixn("InteractionsLongestWait", StatisticCategory.CurrentMaxTime, StatAction.InteractionWait, ValueFormat.Time, "Seconds the oldest interaction in the queue has waited; 0 when empty.");

    // ------------------------------------------------------------ sets per object type

    /// <summary>Queue statistics.</summary>
    public static IReadOnlyList<StatisticType> Queue { get; } =
    [
        Entered, Waiting, LongestWait, Distributed, Answered, AnsweredWithinThreshold, Abandoned, AbandonedWithinThreshold, ShortAbandoned,
        ServiceLevel1, ServiceLevel2, ServiceLevel3, ServiceLevel4, ServiceLevel5, Asa, AbandonRate, QueueHandled, QueueAht, WaitP50, WaitP90, HandleP50, HandleP90,
    ];

    /// <summary>Virtual-queue statistics (no handling: the VQ stream does not report it).</summary>
    public static IReadOnlyList<StatisticType> VirtualQueue { get; } =
    [
        Entered, Waiting, LongestWait, Distributed, Answered, AnsweredWithinThreshold, Abandoned, AbandonedWithinThreshold, ShortAbandoned,
        ServiceLevel1, ServiceLevel2, ServiceLevel3, ServiceLevel4, ServiceLevel5, Asa, AbandonRate, WaitP50, WaitP90,
    ];

    /// <summary>Route-point statistics.</summary>
    public static IReadOnlyList<StatisticType> RoutePoint { get; } = [Entered, Waiting, LongestWait, Distributed, Abandoned];

    /// <summary>Queue-group statistics (sums over member queues; each member's own thresholds apply).</summary>
    public static IReadOnlyList<StatisticType> QueueGroup { get; } =
    [
        Entered, Waiting, LongestWait, Answered, AnsweredWithinThreshold, Abandoned, ShortAbandoned,
        ServiceLevel1, ServiceLevel2, ServiceLevel3, ServiceLevel4, ServiceLevel5, Asa, AbandonRate, QueueHandled, QueueAht,
    ];

    /// <summary>Agent statistics.</summary>
    public static IReadOnlyList<StatisticType> Agent { get; } =
        [CurrentState, LoginTime, ReadyTime, NotReadyTime, AcwTime, TalkTime, HoldTime, Handled, Aht, Occupancy];

    /// <summary>Agent-group statistics.</summary>
    public static IReadOnlyList<StatisticType> AgentGroup { get; } =
        [AgentsLoggedIn, AgentsReady, AgentsNotReady, AgentsTalking, AgentsInAcw, LoginTime, ReadyTime, NotReadyTime, AcwTime, TalkTime, HoldTime, Handled, Aht, Occupancy];

    /// <summary>Interaction-queue statistics.</summary>
    public static IReadOnlyList<StatisticType> InteractionQueue { get; } =
        [IxnWaiting, IxnWaitingChat, IxnWaitingEmail, IxnEntered, IxnEnteredChat, IxnEnteredEmail, IxnDistributed, IxnCleared, IxnLongestWait];

    /// <summary>Tenant totals.</summary>
    public static IReadOnlyList<StatisticType> Tenant { get; } =
    [
        Entered, Waiting, LongestWait, Answered, Abandoned, ServiceLevel2, Asa,
        AgentsLoggedIn, AgentsReady, AgentsNotReady, AgentsTalking, AgentsInAcw, Handled, Aht,
        IxnWaiting, IxnEntered, IxnDistributed,
    ];

    /// <summary>The set for an object type.</summary>
    public static IReadOnlyList<StatisticType> For(ObjectType type) => type switch
    {
        ObjectType.Queue => Queue,
        ObjectType.VirtualQueue => VirtualQueue,
        ObjectType.RoutePoint => RoutePoint,
        ObjectType.GroupQueues => QueueGroup,
        ObjectType.Agent => Agent,
        ObjectType.GroupAgents => AgentGroup,
        ObjectType.StagingArea => InteractionQueue,
        ObjectType.Tenant => Tenant,
        _ => [],
    };

    /// <summary>Every distinct statistic type of the catalogue.</summary>
    public static IReadOnlyList<StatisticType> All { get; } =
        Queue.Concat(VirtualQueue).Concat(RoutePoint).Concat(QueueGroup).Concat(Agent).Concat(AgentGroup).Concat(InteractionQueue).Concat(Tenant)
            .Distinct(ReferenceEqualityComparer.Instance).Cast<StatisticType>().ToList();
}
