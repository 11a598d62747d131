namespace Pulse.Sdk.Permissions;

/// <summary>The claims of a Pulse token. Privileges are not claims: Pulse takes them from the permissions role.</summary>
public static class PulseClaimTypes
{
    /// <summary>The user id (login name): <c>sub</c>.</summary>
    public const string Subject = "sub";

    /// <summary>The user's tenant id: <c>tenant</c>.</summary>
    public const string Tenant = "tenant";

    /// <summary>The kiosk session id of a principal authenticated by a kiosk credential (<see cref="KioskBinding"/>): <c>pulse_kiosk</c>.</summary>
    public const string Kiosk = "pulse_kiosk";

    /// <summary>The one tab a kiosk principal may show: <c>pulse_kiosk_tab</c>.</summary>
    public const string KioskTab = "pulse_kiosk_tab";

    /// <summary>The name of a kiosk principal's session: <c>pulse_kiosk_name</c>.</summary>
    public const string KioskName = "pulse_kiosk_name";
}
