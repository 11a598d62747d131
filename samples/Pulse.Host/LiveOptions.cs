namespace Pulse.Host;

/// <summary>Options of the live mode (the default command).</summary>
/// <param name="Speed">How much faster than real time the simulator runs (1 = real time).</param>
/// <param name="Seed">The simulator's random seed.</param>
/// <param name="Duration">Stop after this much real time; null = until Ctrl+C.</param>
internal sealed record LiveOptions(double Speed = 1, int Seed = 1, TimeSpan? Duration = null) : HostCommandLine;
