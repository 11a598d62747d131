using Pulse.Sdk.Statistics;

namespace Pulse.Host;

/// <summary>One row of the live agent-group table.</summary>
/// <param name="Object">The agent group.</param>
/// <param name="LoggedIn">Members logged in now.</param>
/// <param name="Ready">Members ready now.</param>
/// <param name="NotReady">Members not ready now.</param>
/// <param name="Talking">Members on a call (or holding one) now.</param>
/// <param name="AfterCallWork">Members in after-call work now.</param>
/// <param name="Handled">Calls and interactions the members handled today.</param>
/// <param name="Aht">Average handle time, seconds.</param>
/// <param name="Occupancy">Occupancy, percent.</param>
internal sealed record AgentGroupKpiRow(
    ObjectRef Object, double LoggedIn, double Ready, double NotReady, double Talking, double AfterCallWork,
    double Handled, double Aht, double Occupancy);
