namespace Pulse.Host;

/// <summary>Options of the live mode (the default command).</summary>
/// <param name="Speed">How much faster than real time the simulator runs (1 = real time).</param>
/// <param name="Seed">The simulator's random seed.</param>
/// <param name="Duration">Stop after this much real time; null = until Ctrl+C.</param>
/// <param name="HttpPort">The port of the Pulse web application (wallboard, API, live push) on localhost; 0 = a free port; null = none.</param>
/// <param name="Start">The simulated day's start, on a clock anchored there as the upstream services' (null = now, to the second).</param>
/// <param name="Until">Stop producing events at this simulated instant and keep serving (null = never).</param>
/// <param name="Clock">What the engine takes as "now": the (scaled) wall clock, or the events' own time.</param>
internal sealed record LiveOptions(double Speed = 1, int Seed = 1, TimeSpan? Duration = null,
    int? HttpPort = null, DateTimeOffset? Start = null, DateTimeOffset? Until = null, Pulse.Sdk.Engine.PulseClock Clock = Pulse.Sdk.Engine.PulseClock.Wall)
{
    /// <summary>The port of the web application unless <c>--http-port</c> says otherwise (Pulse's, behind the topology's ingress).</summary>
    public const int DefaultHttpPort = 8080;
}
