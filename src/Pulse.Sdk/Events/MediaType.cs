namespace Pulse.Sdk.Events;

/// <summary>Media types of the statistic model (docs/statistics.md, "The model"). Voice events are <see cref="Voice"/>.</summary>
public enum MediaType
{
    /// <summary>A telephone call.</summary>
    Voice = 0,
    /// <summary>Voice over IP.</summary>
    VoIP,
    /// <summary>E-mail.</summary>
    EMail,
    /// <summary>Voice mail.</summary>
    VMail,
    /// <summary>Surface mail.</summary>
    SMail,
    /// <summary>Chat.</summary>
    Chat,
    /// <summary>Video.</summary>
    Video,
    /// <summary>Co-browsing.</summary>
    Cobrowsing,
    /// <summary>Whiteboard.</summary>
    Whiteboard,
    /// <summary>Application sharing.</summary>
    AppSharing,
    /// <summary>Web form.</summary>
    WebForm,
    /// <summary>Work item.</summary>
    WorkItem,
}
