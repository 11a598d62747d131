using System.Globalization;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Simulation;

/// <summary>
/// The shape and the load of a simulated contact center: how many queues, agents and groups there are,
/// how often contacts arrive and how long each phase of handling lasts. A default instance equals
/// <see cref="Demo"/>; <see cref="Benchmark"/> is the large preset. Durations are in seconds; "mean"
/// durations are drawn from an exponential distribution with that mean.
/// </summary>
/// <remarks>
/// Object ids and DNs are deterministic (see <see cref="BuildConfiguration"/>): queues <c>q001</c>…
/// on DNs <c>8001</c>…, virtual queues <c>vq001</c>… on DNs <c>9001</c>…, agents <c>a00001</c>… on
/// DNs <c>500001</c>…, agent groups <c>g001</c>…, interaction queues <c>iq001</c>….
/// Virtual queue <c>j</c> (0-based) routes to every ACD queue whose 0-based index <c>i</c> satisfies
/// <c>i % VirtualQueues == j</c>.
/// </remarks>
public sealed record SimulatorOptions
{
    /// <summary>The most ACD queues (their DNs <c>8001</c>… must stay below the virtual-queue DNs).</summary>
    public const int MaxQueues = 999;

    /// <summary>The most virtual queues (DNs <c>9001</c>…<c>9999</c>).</summary>
    public const int MaxVirtualQueues = 999;

    /// <summary>The most agents (DNs <c>500001</c>…<c>999999</c>).</summary>
    public const int MaxAgents = 499_999;

    /// <summary>Seed of the single random generator; the same seed and options give the same events.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Tenant id of the configuration and of every event. Default <c>demo</c>.</summary>
    public string TenantId { get; init; } = "demo";

    /// <summary>IANA time zone of the tenant. Default <c>UTC</c>.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Virtual time of the first event (agents log in at this instant). Default 2025-01-06 08:00 UTC.</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Number of ACD queues (1 to <see cref="MaxQueues"/>).</summary>
    public int Queues { get; init; } = 3;

    /// <summary>Number of virtual queues (0 to <see cref="Queues"/>); each routes to one or more ACD queues.</summary>
    public int VirtualQueues { get; init; } = 2;

    /// <summary>Number of agents (1 to <see cref="MaxAgents"/>).</summary>
    public int Agents { get; init; } = 24;

    /// <summary>Number of agent groups (1 to <see cref="Agents"/>).</summary>
    public int AgentGroups { get; init; } = 3;

    /// <summary>Number of interaction queues for chat and e-mail (0 or more).</summary>
    public int InteractionQueues { get; init; } = 2;

    /// <summary>
    /// Number of virtual interaction queues (0 to 999). Every other interaction is also routed through one of them (in
    /// turn), reported on the interaction-VQ stream. Default 1; the Benchmark preset has none, so its workload stays comparable.
    /// </summary>
    public int InteractionVirtualQueues { get; init; } = 1;

    /// <summary>Share (0 to 1) of agents that are also members of a second agent group. Default 0.1.</summary>
    public double SecondGroupFraction { get; init; } = 0.1;

    /// <summary>Poisson arrival rate of calls at each ACD queue, per hour.</summary>
    public double CallsPerHourPerQueue { get; init; } = 400;

    /// <summary>Share (0 to 1) of the calls of a queue covered by a virtual queue that are routed through it (reported on the VQ stream too).</summary>
    public double VirtualQueueCallFraction { get; init; } = 0.7;

    /// <summary>Mean caller patience (exponential); a caller still waiting (queued or ringing) when it runs out abandons.</summary>
    public double MeanPatienceSeconds { get; init; } = 90;

    /// <summary>Typical ringing time at the agent before the answer (drawn uniformly between half and one and a half times this).</summary>
    public double RingSeconds { get; init; } = 3;

    /// <summary>Mean talk time (exponential), excluding hold.</summary>
    public double MeanTalkSeconds { get; init; } = 50;

    /// <summary>Probability (0 to 1) that an answered call is put on hold once.</summary>
    public double HoldProbability { get; init; } = 0.2;

    /// <summary>Mean hold time (exponential).</summary>
    public double MeanHoldSeconds { get; init; } = 15;

    /// <summary>Mean after-call work time (exponential).</summary>
    public double MeanAfterCallWorkSeconds { get; init; } = 10;

    /// <summary>Probability (0 to 1) that an agent takes a not-ready break after after-call work.</summary>
    public double BreakProbability { get; init; } = 0.08;

    /// <summary>Mean break time (exponential).</summary>
    public double MeanBreakSeconds { get; init; } = 45;

    /// <summary>Reason codes of breaks, drawn uniformly. Default <c>Break</c>, <c>Lunch</c>, <c>Training</c>.</summary>
    public IReadOnlyList<string> BreakReasons { get; init; } = DefaultBreakReasons;

    /// <summary>One shared instance, so that default options compare equal.</summary>
    private static readonly IReadOnlyList<string> DefaultBreakReasons = Array.AsReadOnly<string>(["Break", "Lunch", "Training"]);

    /// <summary>Poisson arrival rate of chats at each interaction queue, per hour.</summary>
    public double ChatsPerHour { get; init; } = 90;

    /// <summary>Poisson arrival rate of e-mails at each interaction queue, per hour.</summary>
    public double EmailsPerHour { get; init; } = 40;

    /// <summary>Share (0 to 1) of agents that handle chat (one chat at a time, alongside voice).</summary>
    public double ChatAgentFraction { get; init; } = 0.5;

    /// <summary>Share (0 to 1) of agents that handle e-mail (one e-mail at a time, alongside voice).</summary>
    public double EmailAgentFraction { get; init; } = 0.25;

    /// <summary>Mean chat handling time (exponential), from party added to party removed.</summary>
    public double MeanChatHandleSeconds { get; init; } = 150;

    /// <summary>Mean e-mail handling time (exponential), from party added to party removed.</summary>
    public double MeanEmailHandleSeconds { get; init; } = 240;

    /// <summary>Time between an agent's invitation to an interaction and the agent joining it.</summary>
    public double InviteSeconds { get; init; } = 2;

    /// <summary>Probability (0 to 1) that an e-mail is withdrawn (processing stopped) if it is still queued after its patience.</summary>
    public double EmailAbandonProbability { get; init; } = 0.02;

    /// <summary>Mean time (exponential) after which an e-mail that may be withdrawn is withdrawn if still queued.</summary>
    public double MeanEmailPatienceSeconds { get; init; } = 600;

    /// <summary>Service-level threshold of the generated queues. Default 20.</summary>
    public double ServiceLevelThresholdSeconds { get; init; } = 20;

    /// <summary>Short-abandon threshold of the generated queues. Default 5.</summary>
    public double ShortAbandonThresholdSeconds { get; init; } = 5;

    /// <summary>
    /// A small, busy contact center: 3 queues, 2 virtual queues, 24 agents in 3 groups and 2 interaction
    /// queues. Several events a second, short queues and a few abandons, so a live table changes every second.
    /// </summary>
    public static SimulatorOptions Demo { get; } = new();

    /// <summary>
    /// The load of a large site: 10,000 agents, 500 queues, 100 agent groups, 50 virtual queues and
    /// 20 interaction queues, with arrival rates that keep agents about 85% occupied on voice
    /// (after a few minutes of ramp-up from the all-ready start).
    /// </summary>
    public static SimulatorOptions Benchmark { get; } = new()
    {
        TenantId = "bench",
        Queues = 500,
        VirtualQueues = 50,
        Agents = 10_000,
        AgentGroups = 100,
        InteractionQueues = 20,
        InteractionVirtualQueues = 0,
        // Voice: busy time a call = ring 4 + talk 180 + hold 0.2 * 45 + ACW 30 = 223 s; breaks 0.05 * 300 = 15 s a call.
        // 85% occupancy: calls an agent-hour = 3600 / (223 / 0.85 + 15) ≈ 13.0 → 130,000 calls/h over 500 queues;
        // raised a little because ring abandons (~2%) free agents early. Measured: 85% over the second hour.
        CallsPerHourPerQueue = 266,
        MeanPatienceSeconds = 180,
        RingSeconds = 4,
        MeanTalkSeconds = 180,
        HoldProbability = 0.2,
        MeanHoldSeconds = 45,
        MeanAfterCallWorkSeconds = 30,
        BreakProbability = 0.05,
        MeanBreakSeconds = 300,
        // Digital: 3,000 chat agents x 3600 / 300 s x 0.85 ≈ 30,600 chats/h; 2,000 e-mail agents x 3600 / 600 s x 0.85 ≈ 10,200/h.
        ChatAgentFraction = 0.3,
        EmailAgentFraction = 0.2,
        MeanChatHandleSeconds = 300,
        MeanEmailHandleSeconds = 600,
        ChatsPerHour = 1530,
        EmailsPerHour = 510,
    };

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem found, each naming the option and what to set; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TenantId)) errors.Add("SimulatorOptions.TenantId: is empty; set a tenant id such as 'demo'");
        if (!ConfigurationValidator.TryFindTimeZone(TimeZone, out _))
            errors.Add($"SimulatorOptions.TimeZone: '{TimeZone}' is not a known IANA time zone; set one such as 'UTC' or 'Europe/Paris'");
        if (Queues < 1 || Queues > MaxQueues) errors.Add($"SimulatorOptions.Queues: {Queues} is out of range; set 1 to {MaxQueues}");
        if (VirtualQueues < 0 || VirtualQueues > Math.Min(Math.Max(Queues, 0), MaxVirtualQueues))
            errors.Add($"SimulatorOptions.VirtualQueues: {VirtualQueues} is out of range; set 0 to Queues ({Queues}) so that every virtual queue routes to at least one queue");
        if (Agents < 1 || Agents > MaxAgents) errors.Add($"SimulatorOptions.Agents: {Agents} is out of range; set 1 to {MaxAgents}");
        if (AgentGroups < 1 || AgentGroups > Math.Max(Agents, 1))
            errors.Add($"SimulatorOptions.AgentGroups: {AgentGroups} is out of range; set 1 to Agents ({Agents}) so that no group is empty");
        if (InteractionQueues < 0 || InteractionQueues > 999) errors.Add($"SimulatorOptions.InteractionQueues: {InteractionQueues} is out of range; set 0 to 999");
        if (InteractionVirtualQueues < 0 || InteractionVirtualQueues > 999) errors.Add($"SimulatorOptions.InteractionVirtualQueues: {InteractionVirtualQueues} is out of range; set 0 to 999");

        Fraction(errors, nameof(SecondGroupFraction), SecondGroupFraction);
        Fraction(errors, nameof(VirtualQueueCallFraction), VirtualQueueCallFraction);
        Fraction(errors, nameof(HoldProbability), HoldProbability);
        Fraction(errors, nameof(BreakProbability), BreakProbability);
        Fraction(errors, nameof(ChatAgentFraction), ChatAgentFraction);
        Fraction(errors, nameof(EmailAgentFraction), EmailAgentFraction);
        Fraction(errors, nameof(EmailAbandonProbability), EmailAbandonProbability);

        Rate(errors, nameof(CallsPerHourPerQueue), CallsPerHourPerQueue);
        Rate(errors, nameof(ChatsPerHour), ChatsPerHour);
        Rate(errors, nameof(EmailsPerHour), EmailsPerHour);

        Positive(errors, nameof(MeanPatienceSeconds), MeanPatienceSeconds);
        Positive(errors, nameof(RingSeconds), RingSeconds);
        Positive(errors, nameof(MeanTalkSeconds), MeanTalkSeconds);
        Positive(errors, nameof(MeanHoldSeconds), MeanHoldSeconds);
        Positive(errors, nameof(MeanAfterCallWorkSeconds), MeanAfterCallWorkSeconds);
        Positive(errors, nameof(MeanBreakSeconds), MeanBreakSeconds);
        Positive(errors, nameof(MeanChatHandleSeconds), MeanChatHandleSeconds);
        Positive(errors, nameof(MeanEmailHandleSeconds), MeanEmailHandleSeconds);
        Positive(errors, nameof(InviteSeconds), InviteSeconds);
        Positive(errors, nameof(MeanEmailPatienceSeconds), MeanEmailPatienceSeconds);

        if (!(ServiceLevelThresholdSeconds >= 0) || double.IsInfinity(ServiceLevelThresholdSeconds))
            errors.Add($"SimulatorOptions.ServiceLevelThresholdSeconds: {Fmt(ServiceLevelThresholdSeconds)} is invalid; set 0 or more (20 is usual)");
        if (!(ShortAbandonThresholdSeconds >= 0) || double.IsInfinity(ShortAbandonThresholdSeconds))
            errors.Add($"SimulatorOptions.ShortAbandonThresholdSeconds: {Fmt(ShortAbandonThresholdSeconds)} is invalid; set 0 or more (5 is usual)");

        if (BreakReasons is null || BreakReasons.Count == 0)
        {
            if (BreakProbability > 0) errors.Add("SimulatorOptions.BreakReasons: is empty while BreakProbability > 0; give at least one reason code such as 'Break'");
        }
        else
        {
            for (var i = 0; i < BreakReasons.Count; i++)
                if (string.IsNullOrWhiteSpace(BreakReasons[i])) errors.Add($"SimulatorOptions.BreakReasons[{i}]: is empty; give a reason code such as 'Break'");
        }
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem <see cref="Validate"/> finds (<see cref="OptionsValidation.ThrowIfInvalid"/>).</summary>
    public void ThrowIfInvalid() => OptionsValidation.ThrowIfInvalid(Validate());

    /// <summary>
    /// Builds the configuration of the simulated contact center: one tenant with the queues, virtual
    /// queues, agents (skilled for 1-3 queues, each in one group and some in a second), agent groups,
    /// the queue group <c>all_queues</c> (every ACD queue), the interaction queues and the user
    /// <c>admin</c> who sees everything. The same options always give the same configuration.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PulseConfiguration BuildConfiguration() => new SimulatedSite(this).Configuration;

    /// <summary>Id of the 0-based <paramref name="index"/>th ACD queue (<c>q001</c>…).</summary>
    public static string QueueId(int index) => "q" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>DN of the 0-based <paramref name="index"/>th ACD queue (<c>8001</c>…).</summary>
    public static string QueueDn(int index) => (8001 + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>Id of the 0-based <paramref name="index"/>th virtual queue (<c>vq001</c>…).</summary>
    public static string VirtualQueueId(int index) => "vq" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>DN of the 0-based <paramref name="index"/>th virtual queue (<c>9001</c>…).</summary>
    public static string VirtualQueueDn(int index) => (9001 + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>Id of the 0-based <paramref name="index"/>th agent (<c>a00001</c>…).</summary>
    public static string AgentId(int index) => "a" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>DN of the 0-based <paramref name="index"/>th agent (<c>500001</c>…; six digits, never a queue DN).</summary>
    public static string AgentDn(int index) => (500_001 + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>Id of the 0-based <paramref name="index"/>th agent group (<c>g001</c>…).</summary>
    public static string AgentGroupId(int index) => "g" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Id of the 0-based <paramref name="index"/>th interaction queue (<c>iq001</c>…).</summary>
    public static string InteractionQueueId(int index) => "iq" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Id of the 0-based <paramref name="index"/>th virtual interaction queue (<c>ivq001</c>…).</summary>
    public static string InteractionVirtualQueueId(int index) => "ivq" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The id of the queue group holding every ACD queue.</summary>
    public const string AllQueuesGroupId = "all_queues";

    /// <summary>The id of the user who may see every object.</summary>
    public const string AdminUserId = "admin";

    /// <summary>The 0-based index of the virtual queue that routes to ACD queue <paramref name="queueIndex"/>, or -1 when there are no virtual queues.</summary>
    public int VirtualQueueOf(int queueIndex) => VirtualQueues > 0 ? queueIndex % VirtualQueues : -1;

    private static void Fraction(List<string> errors, string name, double value)
    {
        if (!(value >= 0 && value <= 1)) errors.Add($"SimulatorOptions.{name}: {Fmt(value)} is not a fraction; set 0 to 1");
    }

    private static void Rate(List<string> errors, string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value)) errors.Add($"SimulatorOptions.{name}: {Fmt(value)} is invalid; set 0 (none) or a positive rate per hour");
    }

    private static void Positive(List<string> errors, string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value)) errors.Add($"SimulatorOptions.{name}: {Fmt(value)} is invalid; set a positive number of seconds");
    }

    private static string Fmt(double value) => value.ToString(CultureInfo.InvariantCulture);
}
