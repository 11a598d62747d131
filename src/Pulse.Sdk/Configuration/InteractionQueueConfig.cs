namespace Pulse.Sdk.Configuration;

/// <summary>An interaction queue (a staging area of the Interaction Server).</summary>
public sealed record InteractionQueueConfig
{
    /// <summary>Queue id, matched against <see cref="Events.PulseEvent.Queue"/> on digital events.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// A virtual interaction queue of the router: reported by the interaction-VQ stream (tcp 7122), counted on its own and
    /// not in tenant totals (the interaction is counted by its real queue), as virtual queues are for calls.
    /// </summary>
    public bool Virtual { get; init; }
}
