namespace Pulse.Sdk.Events;

/// <summary>T-Library call types.</summary>
public enum CallType
{
    /// <summary>Not given.</summary>
    Unknown = 0,
    /// <summary>Between two internal DNs.</summary>
    Internal,
    /// <summary>From outside the contact center.</summary>
    Inbound,
    /// <summary>To outside the contact center.</summary>
    Outbound,
    /// <summary>A consultation call.</summary>
    Consult,
}
