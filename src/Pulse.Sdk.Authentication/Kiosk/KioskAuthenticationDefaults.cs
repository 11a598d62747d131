namespace Pulse.Sdk.Authentication.Kiosk;

/// <summary>Names of the kiosk credential (docs/api.md, "Kiosk sessions").</summary>
public static class KioskAuthenticationDefaults
{
    /// <summary>
    /// The scheme that checks kiosk credentials: <c>PulseKiosk</c>. Requests reach it through the Pulse scheme, which forwards
    /// a request carrying a kiosk credential (and no session of a person) to it.
    /// </summary>
    public const string SchemeName = "PulseKiosk";

    /// <summary>The cookie a wall screen's opened kiosk link sets: <c>pulse_kiosk</c>.</summary>
    public const string CookieName = "pulse_kiosk";
}
