using Pulse.Sdk.Permissions;

namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>
/// A kiosk session as the API shows it (docs/api.md, "Kiosk sessions"). <c>link</c>, the one-time address the wall screen
/// opens, is given once, in the answer of its creation; never the secrets afterwards.
/// </summary>
internal sealed record KioskSessionBody(Guid Id, Guid TabId, string Name, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    bool LinkOpened, DateTimeOffset? LinkExpiresAt, string? Link)
{
    public static KioskSessionBody From(KioskSession s, string? link = null) =>
        new(s.Id, s.TabId, s.Name, s.CreatedBy, s.CreatedAt, s.ExpiresAt, s.LinkHash is null, s.LinkHash is null ? null : s.LinkExpiresAt, link);
}
