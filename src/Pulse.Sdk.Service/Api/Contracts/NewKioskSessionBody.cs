namespace Pulse.Sdk.Service.Api.Contracts;

/// <summary>The body of <c>POST /api/wbrt/kiosk-sessions</c>: the tab (dashboard) the screen shows, a name, and optionally when it expires.</summary>
internal sealed record NewKioskSessionBody
{
    public required Guid TabId { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
}
