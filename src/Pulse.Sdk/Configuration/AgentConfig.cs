using Pulse.Sdk.Events;

namespace Pulse.Sdk.Configuration;

/// <summary>An agent (a person), with the DNs it works on, the media it handles and its skills.</summary>
public sealed record AgentConfig
{
    /// <summary>Agent id (employee id), matched against <see cref="PulseEvent.Agent"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>DNs (extensions) the agent works on; events on these DNs are the agent's.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>Media the agent handles. Default: voice only.</summary>
    public IReadOnlyList<MediaType> Media { get; init; } = [MediaType.Voice];

    /// <summary>Skills and their levels.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();
}
