namespace Pulse.Sdk.Configuration;

/// <summary>A tenant and every configuration object it owns. Object ids are unique within their kind in a tenant.</summary>
public sealed record TenantConfig
{
    /// <summary>Tenant id, matched against <see cref="Events.PulseEvent.Tenant"/>.</summary>
    public required string Id { get; init; }

    /// <summary>IANA time zone (for example <c>Europe/Paris</c>) in which Growing statistics reset. Default <c>UTC</c>.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Agents.</summary>
    public IReadOnlyList<AgentConfig> Agents { get; init; } = [];

    /// <summary>Agent groups.</summary>
    public IReadOnlyList<AgentGroupConfig> AgentGroups { get; init; } = [];

    /// <summary>ACD queues.</summary>
    public IReadOnlyList<QueueConfig> Queues { get; init; } = [];

    /// <summary>Virtual queues (reported by the router; for reporting only).</summary>
    public IReadOnlyList<QueueConfig> VirtualQueues { get; init; } = [];

    /// <summary>Route points.</summary>
    public IReadOnlyList<RoutePointConfig> RoutePoints { get; init; } = [];

    /// <summary>Interaction queues (staging areas) of digital interactions.</summary>
    public IReadOnlyList<InteractionQueueConfig> InteractionQueues { get; init; } = [];

    /// <summary>Queue groups.</summary>
    public IReadOnlyList<QueueGroupConfig> QueueGroups { get; init; } = [];

    /// <summary>Users of the Pulse application and the objects they may see.</summary>
    public IReadOnlyList<UserConfig> Users { get; init; } = [];
}
