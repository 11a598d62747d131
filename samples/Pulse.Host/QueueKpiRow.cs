using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>One row of the live queue table: an ACD queue, a virtual queue or a queue group.</summary>
/// <param name="Object">The queue.</param>
/// <param name="Waiting">Calls waiting now.</param>
/// <param name="LongestWait">Seconds the oldest waiting call has waited.</param>
/// <param name="Entered">Calls entered today.</param>
/// <param name="Answered">Calls answered today.</param>
/// <param name="Abandoned">Calls abandoned today.</param>
/// <param name="ServiceLevel1">ICMI service level 1, percent.</param>
/// <param name="Asa">Average speed of answer, seconds.</param>
/// <param name="Aht">Average handle time, seconds; null for a virtual queue (its stream does not report handling).</param>
internal sealed record QueueKpiRow(
    ObjectRef Object, double Waiting, double LongestWait, double Entered, double Answered, double Abandoned,
    double ServiceLevel1, double Asa, double? Aht);
