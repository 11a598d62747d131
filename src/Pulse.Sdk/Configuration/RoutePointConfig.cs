namespace Pulse.Sdk.Configuration;

/// <summary>A route point: calls wait here while the router picks a target.</summary>
public sealed record RoutePointConfig
{
    /// <summary>Route point id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>The route point's DN.</summary>
    public required string Dn { get; init; }
}
