namespace Pulse.Sdk.Configuration;

/// <summary>A user of the Pulse application and the objects whose statistics they may see.</summary>
public sealed record UserConfig
{
    /// <summary>User id (login name).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Privileges (for example <c>ViewDashboard</c>, <c>ManageWidgets</c>); evaluated by the permissions role.</summary>
    public IReadOnlyList<string> Privileges { get; init; } = [];

    /// <summary>Objects the user may see. Empty means none; <see cref="ObjectAccess.All"/> means the whole tenant.</summary>
    public ObjectAccess Access { get; init; } = new();
}
