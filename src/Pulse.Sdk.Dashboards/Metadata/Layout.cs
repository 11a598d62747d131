namespace Pulse.Sdk.Metadata;

/// <summary>A layout (widget definition): a template applied to objects, with display options.</summary>
public sealed record Layout
{
    /// <summary>Identifier within the tenant.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the layout belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>The template whose statistics the layout shows.</summary>
    public required Guid TemplateId { get; init; }

    /// <summary>Name shown on the widget.</summary>
    public string Name { get; init; } = "";

    /// <summary>The objects shown.</summary>
    public IReadOnlyList<LayoutObject> Objects { get; init; } = [];

    /// <summary>Display options (free-form; for example <c>refresh</c>, <c>sort</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The user who created the layout (the widget's owner), or null for layouts not made by a user (imported,
    /// installed). A user's layouts count against <c>max_widgets_per_user</c>.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Whether the Data Collection Unit collects its statistics. Default true.</summary>
    public bool Active { get; init; } = true;

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the layout was deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}
