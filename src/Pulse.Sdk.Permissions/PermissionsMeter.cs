namespace Pulse.Sdk.Permissions;

/// <summary>
/// The name of the meter (System.Diagnostics.Metrics) of the permissions role, to pass to
/// <c>AddMeter</c> (OpenTelemetry) or to a prometheus-net meter adapter. The instruments themselves are internal.
/// </summary>
public static class PermissionsMeter
{
    /// <summary>The meter name: <c>Pulse.Sdk.Permissions</c>.</summary>
    public const string Name = "Pulse.Sdk.Permissions";
}
