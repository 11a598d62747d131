namespace Pulse.Sdk.Metadata;

/// <summary>The preferences of one user of a tenant.</summary>
public sealed record UserPreferences
{
    /// <summary>The tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The user.</summary>
    public required string User { get; init; }

    /// <summary>The preferences (free-form name → value).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The tenant's change sequence number of the last write (set by the store; ignored when saving).</summary>
    public long Uscn { get; init; }

    /// <summary>A tombstone: the preferences were deleted at <see cref="Uscn"/> (only in change reads).</summary>
    public bool Deleted { get; init; }
}
