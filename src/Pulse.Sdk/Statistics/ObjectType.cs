namespace Pulse.Sdk.Statistics;

/// <summary>Kinds of objects a statistic can be opened on.</summary>
public enum ObjectType
{
    /// <summary>An agent.</summary>
    Agent,
    /// <summary>An agent group.</summary>
    GroupAgents,
    /// <summary>An ACD queue.</summary>
    Queue,
    /// <summary>A virtual queue (Stat Server reports it as a Queue; kept apart here so catalogues can differ).</summary>
    VirtualQueue,
    /// <summary>A route point.</summary>
    RoutePoint,
    /// <summary>A queue group.</summary>
    GroupQueues,
    /// <summary>An interaction queue (Stat Server's staging area).</summary>
    StagingArea,
    /// <summary>The whole tenant.</summary>
    Tenant,
}
