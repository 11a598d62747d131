namespace Pulse.Benchmarks.Live;

/// <summary>What <see cref="MarkerLedger.Collect"/> found.</summary>
/// <param name="LatenciesMs">One latency per (marker, client) received, in milliseconds.</param>
/// <param name="Missed">(marker, client) pairs whose marker never reached the client.</param>
/// <param name="Superseded">Markers (over the whole run) a client held only through a later value, the service having coalesced theirs.</param>
public sealed record MarkerSamples(double[] LatenciesMs, long Missed, long Superseded);
