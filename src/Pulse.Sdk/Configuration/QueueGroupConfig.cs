namespace Pulse.Sdk.Configuration;

/// <summary>A queue group: its statistics aggregate over its member queues (ACD or virtual).</summary>
public sealed record QueueGroupConfig
{
    /// <summary>Group id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Ids of member queues (ACD queues or virtual queues).</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
}
