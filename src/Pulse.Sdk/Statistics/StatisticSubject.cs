namespace Pulse.Sdk.Statistics;

/// <summary>What a statistic's mask is matched against.</summary>
public enum StatisticSubject
{
    /// <summary>Actions on the object's DNs (calls, waits ...); an action in progress counts in totals only when it ends.</summary>
    DNAction,
    /// <summary>The DN's status: statuses in progress count in totals at once.</summary>
    DNStatus,
    /// <summary>The agent's status (same rules as <see cref="DNStatus"/>).</summary>
    AgentStatus,
    /// <summary>The place's status; treated as <see cref="AgentStatus"/> (places are not modelled separately).</summary>
    PlaceStatus,
    /// <summary>For groups: members counted by their current state.</summary>
    GroupStatus,
}
