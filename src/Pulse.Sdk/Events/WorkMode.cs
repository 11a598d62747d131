namespace Pulse.Sdk.Events;

/// <summary>T-Library agent work modes. <see cref="AfterCallWork"/> is a not-ready work mode.</summary>
public enum WorkMode
{
    /// <summary>Not given.</summary>
    Unknown = 0,
    /// <summary>Manual-in: the agent is made not ready after each call.</summary>
    ManualIn,
    /// <summary>Auto-in: the agent stays ready after a call.</summary>
    AutoIn,
    /// <summary>After-call work (wrap-up).</summary>
    AfterCallWork,
    /// <summary>Auxiliary work (a not-ready reason class).</summary>
    AuxWork,
    /// <summary>No-call disconnect.</summary>
    NoCallDisconnect,
    /// <summary>The agent walked away.</summary>
    WalkAway,
    /// <summary>The agent came back.</summary>
    ReturnBack,
}
