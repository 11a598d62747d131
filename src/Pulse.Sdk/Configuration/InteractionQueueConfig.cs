namespace Pulse.Sdk.Configuration;

/// <summary>An interaction queue (a staging area of the Interaction Server).</summary>
public sealed record InteractionQueueConfig
{
    /// <summary>Queue id, matched against <see cref="Events.PulseEvent.Queue"/> on digital events.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }
}
