namespace Pulse.Sdk.Metadata;

/// <summary>A tab (dashboard) of a user: the layouts it shows, in order.</summary>
public sealed record Tab
{
    /// <summary>Identifier within the tenant.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the tab belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user who owns it.</summary>
    public required string Owner { get; init; }

    /// <summary>Name shown on the tab.</summary>
    public string Name { get; init; } = "";

    /// <summary>
    /// A shared dashboard: every user of the tenant who may view dashboards sees it (changing it takes
    /// <c>ManageSharedDashboards</c>). Default false: only the owner sees it.
    /// </summary>
    public bool Shared { get; init; }

    /// <summary>The layouts shown, in order.</summary>
    public IReadOnlyList<Guid> LayoutIds { get; init; } = [];

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the tab was deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}
