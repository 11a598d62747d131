namespace Pulse.Sdk.Configuration;

/// <summary>The whole configuration the engine works from: one entry per tenant.</summary>
public sealed record PulseConfiguration
{
    /// <summary>The tenants.</summary>
    public IReadOnlyList<TenantConfig> Tenants { get; init; } = [];

    /// <summary>An empty configuration.</summary>
    public static PulseConfiguration Empty { get; } = new();
}
