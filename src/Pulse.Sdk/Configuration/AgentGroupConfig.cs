namespace Pulse.Sdk.Configuration;

/// <summary>An agent group: its statistics aggregate over its member agents.</summary>
public sealed record AgentGroupConfig
{
    /// <summary>Group id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Ids of the member agents.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];
}
