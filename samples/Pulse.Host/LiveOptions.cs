namespace Pulse.Host;

/// <summary>Options of the live mode (the default command).</summary>
/// <param name="Speed">How much faster than real time the simulator runs (1 = real time).</param>
/// <param name="Seed">The simulator's random seed.</param>
/// <param name="Duration">Stop after this much real time; null = until Ctrl+C.</param>
/// <param name="Serve">For <c>serve</c>: the ports of the upstream services, LDS pair and metrics the DCU then subscribes through; null = the simulator feeds the DCU directly.</param>
/// <param name="Replay">For <c>serve</c>: serve a configuration and event file instead of the simulator; null = the simulator.</param>
internal sealed record LiveOptions(double Speed = 1, int Seed = 1, TimeSpan? Duration = null, ServePorts? Serve = null, ServeFiles? Replay = null) : HostCommandLine;

/// <summary>A configuration file and an event file to serve.</summary>
internal sealed record ServeFiles(string Config, string Events);
