using Pulse.Sdk.Events;

namespace Pulse.Sdk.Engine;

/// <summary>A call or interaction the engine follows across events, kept in a pooled table (no allocation per call).</summary>
internal struct CallRecord
{
    public string Id;
    public long Key;
    public MediaType Media;
    public IReadOnlyDictionary<string, string>? Data;
    public ObjectState? WaitQueue;
    public long WaitSince;
    public ObjectState? WaitVq;
    public long VqSince;
    public ObjectState? FromQueue;
    public long FromQueueEntered;
    public ObjectState? FromVq;
    public long FromVqEntered;
    /// <summary>An interaction taken from this queue with no agent named yet: distributed once an agent is invited or joins.</summary>
    public ObjectState? TakenFrom;
    public long TakenAfter;
    /// <summary>An interaction whose processing stopped (ixn stream): forgotten once no queue or agent has it.</summary>
    public bool Stopped;
    public bool Answered;
    public ObjectState? AnsweringAgent;
    public long ConnectedAt;
    public int Parties;
}
