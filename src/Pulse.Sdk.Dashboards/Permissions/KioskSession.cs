namespace Pulse.Sdk.Permissions;

/// <summary>
/// A kiosk session (docs/api.md, "Kiosk sessions"): a long-lived, revocable credential of an unattended wall screen, bound
/// to one dashboard (a tab) of one tenant, with the viewing privilege only and never more than <see cref="CreatedBy"/> may
/// see. Only digests of its secrets are kept: the link secret until the link is opened, then the session secret.
/// </summary>
public sealed record KioskSession
{
    /// <summary>The session id; also the first part of its link and of its credential.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant of the dashboard.</summary>
    public required string Tenant { get; init; }

    /// <summary>The one tab (dashboard) the screen shows.</summary>
    public required Guid TabId { get; init; }

    /// <summary>A name for people (where the screen hangs).</summary>
    public required string Name { get; init; }

    /// <summary>The user who created it: the screen sees at most what this user sees now.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the credential stops working whatever happens.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When it was revoked; null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>SHA-256 of the one-time link's secret; null once the link was opened.</summary>
    public byte[]? LinkHash { get; init; }

    /// <summary>Until when the one-time link may be opened.</summary>
    public DateTimeOffset LinkExpiresAt { get; init; }

    /// <summary>SHA-256 of the session secret the opened link set; null until then.</summary>
    public byte[]? SecretHash { get; init; }

    /// <summary>Whether the credential works at <paramref name="now"/>: not revoked and not expired.</summary>
    /// <param name="now">The time to check at.</param>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
