namespace Pulse.Sdk.Events;

/// <summary>The upstream stream an event came from (the four DCU subscriptions: docs/events.md, "Source streams").</summary>
public enum EventSourceKind
{
    /// <summary>Voice SIP Service (tcp 8000): T-Library style voice events.</summary>
    Voice = 0,
    /// <summary>Voice SIP VQ Service: virtual-queue voice events, for reporting only.</summary>
    VoiceVq = 1,
    /// <summary>Interaction Server (tcp 7120): digital interaction events.</summary>
    Ixn = 2,
    /// <summary>Interaction VQ Server (tcp 7122): virtual-queue events of digital interactions.</summary>
    IxnVq = 3,
}
