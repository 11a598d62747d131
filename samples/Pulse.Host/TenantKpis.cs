namespace Pulse.Host;

/// <summary>The totals line of one tenant in the live table.</summary>
/// <param name="Tenant">Tenant id.</param>
/// <param name="Waiting">Calls waiting in ACD queues now.</param>
/// <param name="LongestWait">Seconds the oldest call waiting in an ACD queue has waited.</param>
/// <param name="Entered">Calls that entered ACD queues today.</param>
/// <param name="Answered">Calls answered from ACD queues today.</param>
/// <param name="Abandoned">Calls abandoned in ACD queues today.</param>
/// <param name="ServiceLevel1">ICMI service level 1 over the ACD queues, each call judged by its own queue's threshold, percent.</param>
/// <param name="Asa">Average speed of answer over the ACD queues, seconds.</param>
/// <param name="LoggedIn">Agents logged in now.</param>
/// <param name="Ready">Agents ready now.</param>
/// <param name="NotReady">Agents not ready now.</param>
/// <param name="Talking">Agents on a call now.</param>
/// <param name="AfterCallWork">Agents in after-call work now.</param>
/// <param name="Handled">Calls and interactions agents handled today.</param>
/// <param name="Aht">Average handle time over agents, seconds.</param>
/// <param name="InteractionsWaiting">Digital interactions waiting in interaction queues now.</param>
internal sealed record TenantKpis(
    string Tenant, double Waiting, double LongestWait, double Entered, double Answered, double Abandoned, double ServiceLevel1, double Asa,
    double LoggedIn, double Ready, double NotReady, double Talking, double AfterCallWork, double Handled, double Aht, double InteractionsWaiting);
