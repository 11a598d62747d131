namespace Pulse.Sdk.Configuration;

/// <summary>An ACD queue or a virtual queue.</summary>
public sealed record QueueConfig
{
    /// <summary>Queue id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>The queue's DN (ACD DN or virtual-queue DN), matched against <see cref="Events.PulseEvent.Dn"/>.</summary>
    public required string Dn { get; init; }

    /// <summary>Calls answered within this many seconds count toward the service level. Default 20.</summary>
    public double ServiceLevelThresholdSeconds { get; init; } = 20;

    /// <summary>Calls abandoned within this many seconds are short abandons. Default 5.</summary>
    public double ShortAbandonThresholdSeconds { get; init; } = 5;
}
