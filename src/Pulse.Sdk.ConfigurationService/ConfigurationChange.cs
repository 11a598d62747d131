namespace Pulse.Sdk.ConfigurationService;

/// <summary>One version of the configuration as the change history lists it: what changed it, who and when.</summary>
/// <param name="Version">The version the change produced (1, 2, 3 ...).</param>
/// <param name="Change">What changed, for people (for example <c>PUT tenants/demo/agents/a00001</c>).</param>
/// <param name="ChangedBy">Who, as the writer said (the <c>X-Pulse-Changed-By</c> header); null when not said.</param>
/// <param name="ChangedAt">When the change was committed.</param>
public sealed record ConfigurationChange(long Version, string Change, string? ChangedBy, DateTimeOffset ChangedAt);
