namespace Pulse.Sdk.Configuration;

/// <summary>The configuration objects a user has access to, by kind.</summary>
public sealed record ObjectAccess
{
    /// <summary>When true, every object of the tenant.</summary>
    public bool All { get; init; }

    /// <summary>Agent ids.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    /// <summary>Agent group ids (access to a group gives access to its statistics, not to each member's).</summary>
    public IReadOnlyList<string> AgentGroups { get; init; } = [];

    /// <summary>Queue and virtual-queue ids.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>Queue group ids.</summary>
    public IReadOnlyList<string> QueueGroups { get; init; } = [];

    /// <summary>Route point ids.</summary>
    public IReadOnlyList<string> RoutePoints { get; init; } = [];

    /// <summary>Interaction queue ids.</summary>
    public IReadOnlyList<string> InteractionQueues { get; init; } = [];
}
