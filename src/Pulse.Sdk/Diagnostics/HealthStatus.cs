namespace Pulse.Sdk.Diagnostics;

/// <summary>The health of a part of a Pulse deployment, worst last.</summary>
public enum HealthStatus
{
    /// <summary>Working as it should.</summary>
    Healthy,
    /// <summary>Working, but behind or without a dependency (values may be late; nothing lost yet).</summary>
    Degraded,
    /// <summary>Not working: values are lost or not served.</summary>
    Unhealthy,
}
