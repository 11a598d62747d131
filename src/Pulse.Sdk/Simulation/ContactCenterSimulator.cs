using System.Runtime.CompilerServices;
using Pulse.Sdk.Configuration;
using Pulse.Sdk.Events;

namespace Pulse.Sdk.Simulation;

/// <summary>
/// A seeded, discrete-event model of a contact center that produces the events the engine consumes, in
/// virtual time. The same options (seed included) always produce the same event sequence: one
/// <see cref="Random"/> seeded from <see cref="SimulatorOptions.Seed"/>, no wall clock, and a schedule
/// ordered by time and then by insertion.
/// </summary>
/// <remarks>
/// <para>
/// At <see cref="SimulatorOptions.Start"/> every agent logs in (voice: <c>AgentLogin</c> then
/// <c>AgentReady</c>; agents with digital media also log in on the interaction stream and send
/// <c>ReadyForMedia</c> for each media). Calls then arrive at each ACD queue as a Poisson process,
/// some of them through the virtual queue covering it, and are routed first come, first served to the
/// longest-idle ready agent skilled for the queue.
/// </para>
/// <para>Voice flow (source <c>voice</c>, and <c>voice-vq</c> for the virtual-queue lines):</para>
/// <list type="number">
/// <item><description><c>Queued</c> on the VQ DN (only for calls routed through a VQ), then <c>Queued</c> on the queue DN with
/// <c>otherDn</c> = caller, <c>callType</c> Inbound, <c>queue</c> = queue DN and data <c>Language</c>, <c>Segment</c>.</description></item>
/// <item><description>When routed: <c>Diverted</c> on the VQ DN (if any) and on the queue DN with <c>thirdPartyDn</c> = agent DN,
/// then <c>Ringing</c> on the agent DN with <c>agent</c> and <c>queue</c> = queue DN.</description></item>
/// <item><description><c>Established</c> on the agent DN; optionally <c>Held</c> then <c>Retrieved</c>; <c>Released</c> on the agent DN.</description></item>
/// <item><description><c>AgentNotReady</c> with work mode AfterCallWork; then either <c>AgentReady</c> (work mode ManualIn), or
/// <c>AgentNotReady</c> with work mode AuxWork and a reason code from <see cref="SimulatorOptions.BreakReasons"/>, later <c>AgentReady</c>.</description></item>
/// <item><description>A caller whose patience runs out while queued: <c>Abandoned</c> on the queue DN (and on the VQ DN if the call
/// went through one). While ringing: <c>Abandoned</c> on the agent DN with <c>agent</c>, followed by <c>AgentReady</c>.</description></item>
/// </list>
/// <para>Digital flow (source <c>ixn</c>; chat and e-mail, one of each at a time per agent, alongside voice):
/// <c>InteractionSubmitted</c> and <c>PlacedInQueue</c> with <c>queue</c> = interaction queue id; when distributed,
/// <c>TakenFromQueue</c> with <c>queue</c> and <c>agent</c>, <c>AgentInvited</c>, <c>PartyAdded</c>, and when handled
/// <c>PartyRemoved</c> and <c>ProcessingStopped</c> — these agent-side events carry <c>agent</c> and
/// <c>previousQueue</c> = the interaction queue, not <c>queue</c>. Rarely an e-mail is withdrawn while
/// queued: <c>ProcessingStopped</c> with <c>queue</c> set and no agent. Every other interaction also waits in a virtual interaction queue (<see cref="SimulatorOptions.InteractionVirtualQueues"/>): the <c>ixn-vq</c> stream reports <c>PlacedInQueue</c>, <c>TakenFromQueue</c> (with the agent) or <c>ProcessingStopped</c> there, at the same instants.</para>
/// <para>Every event has <c>tenant</c>, <c>source</c>, <c>time</c> (millisecond precision) and a <c>seq</c> that starts at 1
/// and increases by one per source stream. Connection and interaction ids are unique 16-hex-digit strings.
/// <c>data</c> dictionaries are shared read-only instances.</para>
/// </remarks>
public sealed class ContactCenterSimulator : IEventSource
{
    private readonly SimulatedSite _site;
    private readonly TimeProvider _timeProvider;
    private readonly double _speed = 1;

    /// <summary>Creates a simulator.</summary>
    /// <param name="options">The contact center and its load; <see cref="SimulatorOptions.Demo"/> or <see cref="SimulatorOptions.Benchmark"/> for a start.</param>
    /// <param name="timeProvider">The clock <see cref="ReadAllAsync"/> paces events with. Default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists what to change.</exception>
    public ContactCenterSimulator(SimulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _site = new SimulatedSite(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The options the simulator was built from.</summary>
    public SimulatorOptions Options => _site.Options;

    /// <summary>The configuration of the simulated contact center (the same as <see cref="SimulatorOptions.BuildConfiguration"/>).</summary>
    public PulseConfiguration Configuration => _site.Configuration;

    /// <inheritdoc />
    public string Name => "simulator";

    /// <summary>
    /// How much faster than real time <see cref="ReadAllAsync"/> delivers events: 1 = real time (default),
    /// 10 = ten times faster. Must be a positive, finite number.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double Speed
    {
        get => _speed;
        init
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(Speed), value, "Speed must be a positive number (1 = real time, 10 = ten times faster).");
            _speed = value;
        }
    }

    /// <summary>
    /// The event sequence in virtual time, as fast as it can be computed. Unbounded while any arrival rate
    /// is positive: take what you need (<c>Generate().Take(n)</c>). Each enumeration starts a new run of
    /// the model from <see cref="SimulatorOptions.Start"/> and yields the same sequence.
    /// </summary>
    public IEnumerable<PulseEvent> Generate()
    {
        var run = new SimulationRun(_site);
        while (run.TryNext(out var e)) yield return e;
    }

    /// <summary>The events of <see cref="Generate"/> whose time is before <paramref name="end"/>.</summary>
    /// <param name="end">The end of the virtual time span (exclusive).</param>
    public IEnumerable<PulseEvent> GenerateUntil(DateTimeOffset end)
    {
        foreach (var e in Generate())
        {
            if (e.Time >= end) yield break;
            yield return e;
        }
    }

    /// <summary>
    /// The events of <see cref="Generate"/>, each delivered when its virtual time is due: the virtual time
    /// elapsed since <see cref="SimulatorOptions.Start"/>, divided by <see cref="Speed"/>, after the
    /// enumeration began on the <see cref="TimeProvider"/> given to the constructor (never early, and at most
    /// a millisecond late as far as the timer goes). Events already due are delivered without waiting; a slow
    /// reader receives them late rather than losing any.
    /// </summary>
    /// <param name="cancellationToken">Stops the sequence.</param>
    public async IAsyncEnumerable<PulseEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var origin = _timeProvider.GetTimestamp();
        var start = Options.Start;
        foreach (var e in Generate())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = TimeSpan.FromTicks((long)((e.Time - start).Ticks / _speed));
            var wait = (due - _timeProvider.GetElapsedTime(origin)).Ticks;
            if (wait > 0)
            {
                // Task.Delay truncates to whole milliseconds; round up so that no event is early.
                var ms = (wait + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
                await Task.Delay(TimeSpan.FromMilliseconds(ms), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            yield return e;
        }
    }
}
