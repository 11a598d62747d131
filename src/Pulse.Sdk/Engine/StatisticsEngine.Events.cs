using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pulse.Sdk.Diagnostics;
using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

public sealed partial class StatisticsEngine
{
    private const ulong ConnectedActions =
        (1UL << (int)StatAction.CallInbound) | (1UL << (int)StatAction.CallOutbound) | (1UL << (int)StatAction.CallInternal)
        | (1UL << (int)StatAction.CallConsult) | (1UL << (int)StatAction.CallUnknown);

    private const ulong ReadinessActions =
        (1UL << (int)StatAction.WaitForNextCall) | (1UL << (int)StatAction.NotReadyForNextCall) | (1UL << (int)StatAction.AfterCallWork);

    private TenantState? _lastTenant;

    /// <summary>
    /// Applies one event at the engine clock's current time. Never throws for bad input: the outcome says
    /// what was done, and skipped events are counted (<see cref="Counters"/>, metric <c>pulse_dcu_events_skipped_total</c>).
    /// </summary>
    public EventOutcome Apply(PulseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var now = Clock();
        if (now >= _nextReset) ProcessResets(now);

        if (e.Validate() is not null) return Skip(e, EventOutcome.Invalid, ref _invalid, "invalid");
        var src = (int)e.Source;
        if ((uint)src >= 4u) return Skip(e, EventOutcome.Invalid, ref _invalid, "invalid");

        var ts = _lastTenant;
        if (ts is null || !string.Equals(ts.Id, e.Tenant, StringComparison.Ordinal))
        {
            if (!_tenants.TryGetValue(e.Tenant, out ts)) return Skip(e, EventOutcome.UnknownTenant, ref _unknownTenant, "unknown_tenant");
            _lastTenant = ts;
        }

        // Sequence numbers run per stream: one tenant's events from one source.
        if (e.Seq > 0)
        {
            ref var last = ref ts.LastSeq[src];
            if (e.Seq == last) return Skip(e, EventOutcome.Duplicate, ref _duplicates, "duplicate");
            if (e.Seq < last) return Skip(e, EventOutcome.OutOfOrder, ref _outOfOrder, "out_of_order");
            if (last > 0 && e.Seq > last + 1)
            {
                _gaps += e.Seq - last - 1;
                if (PulseMetrics.SequenceGaps.Enabled)
                    PulseMetrics.SequenceGaps.Add(e.Seq - last - 1, new KeyValuePair<string, object?>("source", _sourceTags[src]));
            }
            last = e.Seq;
        }

        var known = e.Type switch
        {
            PulseEventType.Queued => Queued(ts, e, now),
            PulseEventType.Diverted => Diverted(ts, e, now),
            PulseEventType.Abandoned => Abandoned(ts, e, now),
            PulseEventType.Ringing => Ringing(ts, e, now),
            PulseEventType.Established => Established(ts, e, now),
            PulseEventType.Held => e.Source is EventSourceKind.Ixn or EventSourceKind.IxnVq ? InteractionHeld(ts, e, now) : Held(ts, e, now),
            PulseEventType.Retrieved => Retrieved(ts, ts.Calls, e.ConnId!, AgentOf(ts, e), now),
            PulseEventType.Released => Released(ts, e, now),
            PulseEventType.Dialing => Dialing(ts, e, now),
            PulseEventType.PartyChanged => PartyChanged(ts, e, now),
            PulseEventType.AgentLogin or PulseEventType.MediaAdded => Login(ts, e, now),
            PulseEventType.AgentLogout or PulseEventType.MediaRemoved => Logout(ts, e, now),
            PulseEventType.AgentReady => Readiness(ts, e, MediaType.Voice, StatAction.WaitForNextCall, now),
            PulseEventType.AgentNotReady => Readiness(ts, e, MediaType.Voice, e.WorkMode == WorkMode.AfterCallWork ? StatAction.AfterCallWork : StatAction.NotReadyForNextCall, now),
            PulseEventType.ReadyForMedia => Readiness(ts, e, e.Media, StatAction.WaitForNextCall, now),
            PulseEventType.NotReadyForMedia => Readiness(ts, e, e.Media, e.WorkMode == WorkMode.AfterCallWork ? StatAction.AfterCallWork : StatAction.NotReadyForNextCall, now),
            PulseEventType.AgentStateReasonChanged => ReasonChanged(ts, e, now),
            PulseEventType.InteractionSubmitted => Submitted(ts, e, now),
            PulseEventType.PlacedInQueue => PlacedInQueue(ts, e, now),
            PulseEventType.TakenFromQueue => TakenFromQueue(ts, e, now),
            PulseEventType.AgentInvited => Invited(ts, e, now),
            PulseEventType.Rejected or PulseEventType.Revoked => InvitationEnded(ts, e, now),
            PulseEventType.PartyAdded => PartyAdded(ts, e, now),
            PulseEventType.PartyRemoved => PartyRemoved(ts, e, now),
            PulseEventType.Resumed => Retrieved(ts, ts.Interactions, e.InteractionId!, AgentOf(ts, e), now),
            PulseEventType.ProcessingStopped => ProcessingStopped(ts, e, now),
            _ => true, // workbin events carry no statistic in the standard model
        };
        if (!known) return Skip(e, EventOutcome.UnknownObject, ref _unknownObject, "unknown_object");
        _applied++;
        if (PulseMetrics.EventsApplied.Enabled)
            PulseMetrics.EventsApplied.Add(1, new KeyValuePair<string, object?>("source", _sourceTags[src]));
        return EventOutcome.Applied;
    }

    private EventOutcome Skip(PulseEvent e, EventOutcome outcome, ref long counter, string reason)
    {
        counter++;
        if (PulseMetrics.EventsSkipped.Enabled)
        {
            var src = (uint)e.Source < 4u ? _sourceTags[(int)e.Source] : "unknown";
            PulseMetrics.EventsSkipped.Add(1, new KeyValuePair<string, object?>("source", src), new KeyValuePair<string, object?>("reason", reason));
        }
        return outcome;
    }

    // ---------------------------------------------------------------- lookups

    private static ObjectState? AgentOf(TenantState ts, PulseEvent e)
    {
        if (e.Agent is { } id && ts.Agents.TryGetValue(id, out var a)) return a;
        if (e.Dn is { } dn && ts.ByDn.TryGetValue(dn, out var o) && o.Agent is not null) return o;
        return null;
    }

    private static ObjectState? QueueOf(TenantState ts, string? dn) =>
        dn is not null && ts.ByDn.TryGetValue(dn, out var o) && o.Agent is null ? o : null;

    // ---------------------------------------------------------------- voice

    private bool Queued(TenantState ts, PulseEvent e, long now)
    {
        var q = QueueOf(ts, e.Dn);
        if (q is null) return false;
        var slot = ts.Calls.GetOrAdd(e.ConnId!, out var added);
        ref var c = ref ts.Calls[slot];
        if (added) c.Media = e.Media;
        if (e.Data is not null) c.Data = e.Data;
        if (q.Ref.Type == ObjectType.VirtualQueue)
        {
            if (c.WaitVq is { } prev) End(prev, StatAction.CallWait, c.Key, now, complete: false, 0);
            c.WaitVq = q;
            c.VqSince = now;
        }
        else
        {
            if (c.WaitQueue is { } prev) End(prev, StatAction.CallWait, c.Key, now, complete: false, 0);
            c.WaitQueue = q;
            c.WaitSince = now;
        }
        Occur(q, StatAction.CallEntered, c.Media, c.Data, 0, 0, now);
        Begin(q, StatAction.CallWait, c.Media, c.Data, c.Key, now);
        return true;
    }

    private bool Diverted(TenantState ts, PulseEvent e, long now)
    {
        var q = QueueOf(ts, e.Dn);
        if (q is null || !ts.Calls.TryGet(e.ConnId!, out var slot)) return false;
        ref var c = ref ts.Calls[slot];
        if (c.WaitVq == q)
        {
            var d = now - c.VqSince;
            End(q, StatAction.CallWait, c.Key, now, complete: true, q.ThresholdFlags(d));
            Occur(q, StatAction.CallDistributed, c.Media, c.Data, d, q.ThresholdFlags(d), now);
            if (c.Answered)
            {
                // The voice stream's answer came first (the VQ stream lagged beyond the reorder window): credit it now,
                // with the wait from entering the VQ to the answer.
                var answeredAfter = Math.Max(0, c.ConnectedAt - c.VqSince);
                Occur(q, StatAction.CallAnswered, c.Media, c.Data, answeredAfter, q.ThresholdFlags(answeredAfter), now);
            }
            else
            {
                c.FromVq = q;
                c.FromVqEntered = c.VqSince;
            }
            c.WaitVq = null;
        }
        else if (c.WaitQueue == q)
        {
            var d = now - c.WaitSince;
            End(q, StatAction.CallWait, c.Key, now, complete: true, q.ThresholdFlags(d));
            Occur(q, StatAction.CallDistributed, c.Media, c.Data, d, q.ThresholdFlags(d), now);
            if (q.Ref.Type == ObjectType.Queue)
            {
                c.FromQueue = q;
                c.FromQueueEntered = c.WaitSince;
            }
            c.WaitQueue = null;
        }
        else return false;
        ReleaseIfIdle(ts, slot);
        return true;
    }

    private bool Abandoned(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.Calls.TryGet(e.ConnId!, out var slot)) return false;
        ref var c = ref ts.Calls[slot];
        var q = QueueOf(ts, e.Dn);
        if (q is not null)
        {
            long since;
            if (c.WaitVq == q) { since = c.VqSince; c.WaitVq = null; }
            else if (c.WaitQueue == q) { since = c.WaitSince; c.WaitQueue = null; }
            else return false;
            var d = now - since;
            var flags = q.ThresholdFlags(d);
            End(q, StatAction.CallWait, c.Key, now, complete: true, flags);
            Occur(q, StatAction.CallAbandoned, c.Media, c.Data, d, flags, now);
            ReleaseIfIdle(ts, slot);
            return true;
        }
        var agent = AgentOf(ts, e);
        if (agent is null)
        {
            // Abandoned while ringing at a DN we do not know: the queue it came from still counts it.
            CreditAbandonFromRinging(ref c, now);
            ReleaseIfIdle(ts, slot);
            return false;
        }
        var i = agent.FindOpen(StatAction.CallRinging, c.Key);
        if (i >= 0)
        {
            var ringBegin = agent.Open[i].Begin;
            End(agent, StatAction.CallRinging, c.Key, now, complete: true, 0);
            Occur(agent, StatAction.CallAbandonedFromRinging, c.Media, c.Data, now - ringBegin, 0, now);
            c.Parties--;
        }
        CreditAbandonFromRinging(ref c, now);
        UpdateAgentStatus(agent, now);
        ReleaseIfIdle(ts, slot);
        return true;
    }

    private void CreditAbandonFromRinging(ref CallRecord c, long now)
    {
        if (c.Answered || c.FromQueue is not { } fq) return;
        var d = now - c.FromQueueEntered;
        Occur(fq, StatAction.CallAbandoned, c.Media, c.Data, d, fq.ThresholdFlags(d), now);
        c.FromQueue = null;
    }

    private bool Ringing(TenantState ts, PulseEvent e, long now) => StartLeg(ts, ts.Calls, e.ConnId!, e, StatAction.CallRinging, now);

    /// <summary>An agent joins a call or interaction by ringing, dialling or an invitation: the action begins at the agent.</summary>
    private bool StartLeg(TenantState ts, CallTable table, string id, PulseEvent e, StatAction action, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        var slot = table.GetOrAdd(id, out var added);
        ref var c = ref table[slot];
        if (added) c.Media = e.Media;
        if (e.Data is not null) c.Data = e.Data;
        if (agent.FindOpen(action, c.Key) >= 0) return true;
        c.Parties++;
        Begin(agent, action, c.Media, c.Data, c.Key, now);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool Established(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null)
        {
            // Answered at a DN we do not know: the queue it came from still counts the answer.
            if (ts.Calls.TryGet(e.ConnId!, out var known)) CreditAnswer(ref ts.Calls[known], null, now);
            return false;
        }
        var slot = ts.Calls.GetOrAdd(e.ConnId!, out var added);
        ref var c = ref ts.Calls[slot];
        if (added) c.Media = e.Media;
        if (FindConnected(agent, c.Key) >= 0) return true;
        if (agent.FindOpen(StatAction.CallRinging, c.Key) >= 0) End(agent, StatAction.CallRinging, c.Key, now, complete: true, 0);
        else if (agent.FindOpen(StatAction.CallDialing, c.Key) >= 0) End(agent, StatAction.CallDialing, c.Key, now, complete: true, 0);
        else c.Parties++;
        var action = e.CallType switch
        {
            CallType.Inbound => StatAction.CallInbound,
            CallType.Outbound => StatAction.CallOutbound,
            CallType.Internal => StatAction.CallInternal,
            CallType.Consult => StatAction.CallConsult,
            _ => c.FromQueue is not null || c.FromVq is not null ? StatAction.CallInbound : StatAction.CallUnknown,
        };
        Begin(agent, action, c.Media, c.Data, c.Key, now);
        CreditAnswer(ref c, agent, now);
        UpdateAgentStatus(agent, now);
        return true;
    }

    /// <summary>The first answer of a call: the queue and the virtual queue it was distributed from count it.</summary>
    private void CreditAnswer(ref CallRecord c, ObjectState? agent, long now)
    {
        if (c.Answered) return;
        if (c.FromQueue is { } fq)
        {
            var d = now - c.FromQueueEntered;
            Occur(fq, StatAction.CallAnswered, c.Media, c.Data, d, fq.ThresholdFlags(d), now);
        }
        if (c.FromVq is { } fv)
        {
            var d = now - c.FromVqEntered;
            Occur(fv, StatAction.CallAnswered, c.Media, c.Data, d, fv.ThresholdFlags(d), now);
        }
        c.Answered = true;
        c.AnsweringAgent = agent;
        c.ConnectedAt = now;
    }

    private bool Held(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null || !ts.Calls.TryGet(e.ConnId!, out var slot)) return false;
        return Hold(agent, ts.Calls[slot], now);
    }

    private bool Hold(ObjectState agent, in CallRecord c, long now)
    {
        var i = FindConnected(agent, c.Key);
        if (i < 0 || agent.Open[i].Held) return i >= 0;
        agent.Open[i].Held = true;
        Begin(agent, StatAction.CallOnHold, c.Media, c.Data, c.Key, now);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool Retrieved(TenantState ts, CallTable table, string id, ObjectState? agent, long now)
    {
        if (agent is null || !table.TryGet(id, out var slot)) return false;
        var key = table[slot].Key;
        var i = FindConnected(agent, key);
        if (i >= 0) agent.Open[i].Held = false;
        End(agent, StatAction.CallOnHold, key, now, complete: true, 0);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool Released(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.Calls.TryGet(e.ConnId!, out var slot)) return false;
        var q = QueueOf(ts, e.Dn);
        if (q is not null) return Abandoned(ts, e, now);
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        ref var c = ref ts.Calls[slot];
        if (LeaveCall(agent, c.Key, now))
        {
            c.Parties--;
            if (agent == c.AnsweringAgent && c.FromQueue is { } fq)
            {
                Occur(fq, StatAction.CallHandled, c.Media, c.Data, now - c.ConnectedAt, 0, now);
                agent.Agent!.LastCallQueue = fq;
            }
        }
        UpdateAgentStatus(agent, now);
        ReleaseIfIdle(ts, slot);
        return true;
    }

    /// <summary>Ends every occurrence of one call at an agent: hold, connection, ringing, dialling. True if the agent was on it.</summary>
    private bool LeaveCall(ObjectState agent, long key, long now)
    {
        var was = false;
        was |= End(agent, StatAction.CallOnHold, key, now, complete: true, 0);
        var i = FindConnected(agent, key);
        if (i >= 0) { was |= End(agent, agent.Open[i].Action, key, now, complete: true, 0); }
        was |= End(agent, StatAction.CallRinging, key, now, complete: true, 0);
        was |= End(agent, StatAction.CallDialing, key, now, complete: true, 0);
        return was;
    }

    private bool Dialing(TenantState ts, PulseEvent e, long now) => StartLeg(ts, ts.Calls, e.ConnId!, e, StatAction.CallDialing, now);

    private bool PartyChanged(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.Calls.TryGet(e.PreviousConnId!, out var slot)) return false;
        ts.Calls.Rename(e.PreviousConnId!, e.ConnId!);
        if (AgentOf(ts, e) is { } agent)
            Occur(agent, StatAction.CallTransferMade, ts.Calls[slot].Media, ts.Calls[slot].Data, 0, 0, now);
        return true;
    }

    private static void ReleaseIfIdle(TenantState ts, int slot)
    {
        ref var c = ref ts.Calls[slot];
        if (c.Parties <= 0 && c.WaitQueue is null && c.WaitVq is null && (c.Answered || c.FromQueue is null))
            ts.Calls.Remove(slot);
    }

    private static int FindConnected(ObjectState agent, long key)
    {
        for (var i = 0; i < agent.OpenCount; i++)
            if (agent.Open[i].Key == key && ((1UL << (int)agent.Open[i].Action) & ConnectedActions) != 0) return i;
        return -1;
    }

    // ---------------------------------------------------------------- agent state

    private static ulong MediaBits(PulseEvent e) =>
        e.Source is EventSourceKind.Voice or EventSourceKind.VoiceVq ? 1UL << (int)MediaType.Voice
        : e.Media == MediaType.Voice ? ~(1UL << (int)MediaType.Voice) & 0xFFFUL // a digital login without media: every digital media
        : 1UL << (int)e.Media;

    private bool Login(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        LoginMedia(agent, MediaBits(e), now);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private void LoginMedia(ObjectState agent, ulong media, long now)
    {
        var ar = agent.Agent!;
        if (!ar.LoggedIn)
        {
            ar.LoggedIn = true;
            Begin(agent, StatAction.LoggedIn, MediaType.Voice, null, AgentRuntime.LoginKey, now);
            foreach (var a in CollectionsMarshal.AsSpan(agent.Aggregators))
                if (a.Kind == Aggregator.ProfileKind.SinceLogin) a.Reset(now);
        }
        ar.LoggedMedia |= media;
    }

    private bool Logout(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        var ar = agent.Agent!;
        var media = MediaBits(e);
        for (var m = 0; m < 12; m++)
            if ((media & (1UL << m)) != 0) EndReadiness(agent, (MediaType)m, now);
        ar.LoggedMedia &= ~media;
        if (ar.LoggedIn && ar.LoggedMedia == 0)
        {
            ar.LoggedIn = false;
            End(agent, StatAction.LoggedIn, AgentRuntime.LoginKey, now, complete: true, 0);
            ar.LastCallQueue = null;
        }
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool Readiness(TenantState ts, PulseEvent e, MediaType media, StatAction action, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        var ar = agent.Agent!;
        if (!ar.LoggedIn || (ar.LoggedMedia & (1UL << (int)media)) == 0) LoginMedia(agent, 1UL << (int)media, now);
        var key = AgentRuntime.ReadinessKey(media);
        var reason = action == StatAction.NotReadyForNextCall ? e.Reason : null;
        var i = FindReadiness(agent, key);
        if (i >= 0 && agent.Open[i].Action == action && string.Equals(agent.Open[i].Reason, reason, StringComparison.Ordinal)) return true;
        if (i >= 0) EndReadiness(agent, media, now);
        if (action != StatAction.AfterCallWork) ar.LastCallQueue = null;
        Begin(agent, action, media, null, key, now, reason);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private static int FindReadiness(ObjectState agent, long key)
    {
        for (var i = 0; i < agent.OpenCount; i++)
            if (agent.Open[i].Key == key && ((1UL << (int)agent.Open[i].Action) & ReadinessActions) != 0) return i;
        return -1;
    }

    /// <summary>Ends the agent's readiness status for a media; after-call work is credited to the queue of the call before it.</summary>
    private void EndReadiness(ObjectState agent, MediaType media, long now)
    {
        var key = AgentRuntime.ReadinessKey(media);
        var i = FindReadiness(agent, key);
        if (i < 0) return;
        var entry = agent.Open[i];
        End(agent, entry.Action, key, now, complete: true, 0);
        if (entry.Action == StatAction.AfterCallWork && agent.Agent!.LastCallQueue is { } q)
        {
            Occur(q, StatAction.CallAfterCallWork, entry.Media, null, now - entry.Begin, 0, now);
            agent.Agent.LastCallQueue = null;
        }
    }

    private bool ReasonChanged(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        for (var i = 0; i < agent.OpenCount; i++)
            if (agent.Open[i].Action == StatAction.NotReadyForNextCall) agent.Open[i].Reason = e.Reason;
        UpdateAgentStatus(agent, now);
        return true;
    }

    /// <summary>Recomputes the agent's current state by status priority; a change moves the agent between the status counts of its groups.</summary>
    private void UpdateAgentStatus(ObjectState agent, long now)
    {
        var ar = agent.Agent!;
        var best = AgentStatus.LoggedOut;
        var bestMedia = MediaType.Voice;
        string? reason = null;
        if (ar.LoggedIn)
        {
            best = AgentStatus.LoggedIn;
            for (var i = 0; i < agent.OpenCount; i++)
            {
                ref var e = ref agent.Open[i];
                if ((int)e.Action > (int)StatAction.LoggedOut) continue;
                var st = e.Held && ((1UL << (int)e.Action) & ConnectedActions) != 0 ? AgentStatus.CallOnHold : (AgentStatus)(int)e.Action;
                if (st > best || (st == best && reason is null && e.Reason is not null))
                {
                    best = st;
                    bestMedia = e.Media;
                    reason = st == AgentStatus.NotReadyForNextCall ? e.Reason : null;
                }
            }
        }
        if (best == ar.Status && string.Equals(reason, ar.StatusReason, StringComparison.Ordinal)) return;
        StateChange(agent, ar, best, bestMedia, now);
        if (best != ar.Status)
        {
            agent.StatusCounts![(int)ar.Status]--;
            agent.StatusCounts[(int)best]++;
            foreach (var p in agent.Parents)
            {
                if (p.StatusCounts is not { } counts) continue;
                counts[(int)ar.Status]--;
                counts[(int)best]++;
                MarkStateDirty(p);
            }
        }
        ar.Status = best;
        ar.StatusMedia = bestMedia;
        ar.StatusReason = reason;
        ar.StatusSince = now;
        MarkStateDirty(agent);
    }

    // ---------------------------------------------------------------- digital interactions

    private bool Submitted(TenantState ts, PulseEvent e, long now)
    {
        var slot = ts.Interactions.GetOrAdd(e.InteractionId!, out _);
        ref var r = ref ts.Interactions[slot];
        r.Media = e.Media;
        if (e.Data is not null) r.Data = e.Data;
        Occur(ts.TenantObject, StatAction.InteractionSubmitted, r.Media, r.Data, 0, 0, now);
        return true;
    }

    private bool PlacedInQueue(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.InteractionQueues.TryGetValue(e.Queue!, out var q)) return false;
        var slot = ts.Interactions.GetOrAdd(e.InteractionId!, out var added);
        ref var r = ref ts.Interactions[slot];
        if (added) r.Media = e.Media;
        if (e.Data is not null) r.Data = e.Data;
        if (e.Source == EventSourceKind.IxnVq)
        {
            // The interaction-VQ stream: a wait of its own, alongside the one in the real queue.
            if (r.WaitVq is { } prevVq) End(prevVq, StatAction.InteractionWait, r.Key, now, complete: true, 0);
            r.WaitVq = q;
            r.VqSince = now;
        }
        else
        {
            if (r.WaitQueue is { } prev) End(prev, StatAction.InteractionWait, r.Key, now, complete: true, 0);
            r.TakenFrom = null; // taken from a queue and placed in another before reaching an agent: not distributed from the first
            r.WaitQueue = q;
            r.WaitSince = now;
        }
        Occur(q, StatAction.InteractionEntered, r.Media, r.Data, 0, 0, now);
        Begin(q, StatAction.InteractionWait, r.Media, r.Data, r.Key, now);
        return true;
    }

    private bool TakenFromQueue(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.InteractionQueues.TryGetValue(e.Queue!, out var q) || !ts.Interactions.TryGet(e.InteractionId!, out var slot)) return false;
        ref var r = ref ts.Interactions[slot];
        if (e.Source == EventSourceKind.IxnVq)
        {
            if (r.WaitVq != q) return false;
            End(q, StatAction.InteractionWait, r.Key, now, complete: true, 0);
            if (e.Agent is not null) Occur(q, StatAction.InteractionDistributed, r.Media, r.Data, now - r.VqSince, 0, now);
            r.WaitVq = null;
            ReleaseInteractionIfDone(ts, slot);
            return true;
        }
        if (r.WaitQueue != q) return false;
        var d = now - r.WaitSince;
        End(q, StatAction.InteractionWait, r.Key, now, complete: true, 0);
        if (e.Agent is not null) Occur(q, StatAction.InteractionDistributed, r.Media, r.Data, d, 0, now);
        else
        {
            // The Interaction Server names the agent on the following EventAgentInvited: count it then, once.
            r.TakenFrom = q;
            r.TakenAfter = d;
        }
        r.WaitQueue = null;
        return true;
    }

    /// <summary>An interaction taken from a queue without an agent reaches one: distributed from that queue, with its wait.</summary>
    private void CreditDistribution(ref CallRecord r, long now)
    {
        if (r.TakenFrom is not { } q) return;
        Occur(q, StatAction.InteractionDistributed, r.Media, r.Data, r.TakenAfter, 0, now);
        r.TakenFrom = null;
    }

    private bool Invited(TenantState ts, PulseEvent e, long now)
    {
        if (!StartLeg(ts, ts.Interactions, e.InteractionId!, e, StatAction.CallRinging, now)) return false;
        if (ts.Interactions.TryGet(e.InteractionId!, out var slot)) CreditDistribution(ref ts.Interactions[slot], now);
        return true;
    }

    private bool InvitationEnded(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null || !ts.Interactions.TryGet(e.InteractionId!, out var slot)) return false;
        ref var r = ref ts.Interactions[slot];
        if (End(agent, StatAction.CallRinging, r.Key, now, complete: true, 0)) r.Parties--;
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool PartyAdded(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null) return false;
        var slot = ts.Interactions.GetOrAdd(e.InteractionId!, out var added);
        ref var r = ref ts.Interactions[slot];
        if (added) r.Media = e.Media;
        CreditDistribution(ref r, now);
        if (FindConnected(agent, r.Key) >= 0) return true;
        if (!End(agent, StatAction.CallRinging, r.Key, now, complete: true, 0)) r.Parties++;
        Begin(agent, StatAction.CallInbound, r.Media, r.Data, r.Key, now);
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool InteractionHeld(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null || !ts.Interactions.TryGet(e.InteractionId!, out var slot)) return false;
        return Hold(agent, ts.Interactions[slot], now);
    }

    private bool PartyRemoved(TenantState ts, PulseEvent e, long now)
    {
        var agent = AgentOf(ts, e);
        if (agent is null || !ts.Interactions.TryGet(e.InteractionId!, out var slot)) return false;
        ref var r = ref ts.Interactions[slot];
        if (LeaveCall(agent, r.Key, now)) r.Parties--;
        UpdateAgentStatus(agent, now);
        return true;
    }

    private bool ProcessingStopped(TenantState ts, PulseEvent e, long now)
    {
        if (!ts.Interactions.TryGet(e.InteractionId!, out var slot)) return false;
        ref var r = ref ts.Interactions[slot];
        var vq = e.Source == EventSourceKind.IxnVq;
        if ((vq ? r.WaitVq : r.WaitQueue) is { } q)
        {
            var d = now - (vq ? r.VqSince : r.WaitSince);
            End(q, StatAction.InteractionWait, r.Key, now, complete: true, 0);
            Occur(q, StatAction.InteractionCleared, r.Media, r.Data, d, 0, now);
            if (vq) r.WaitVq = null;
            else r.WaitQueue = null;
        }
        if (!vq) r.Stopped = true;
        ReleaseInteractionIfDone(ts, slot);
        return true;
    }

    /// <summary>Forgets an interaction once its processing stopped and no agent or queue, real or virtual, still has it.</summary>
    private static void ReleaseInteractionIfDone(TenantState ts, int slot)
    {
        ref var r = ref ts.Interactions[slot];
        if (r.Stopped && r.Parties <= 0 && r.WaitQueue is null && r.WaitVq is null) ts.Interactions.Remove(slot);
    }

    // ---------------------------------------------------------------- signals

    /// <summary>
    /// Who a signal is for. An agent's actions feed DNAction aggregators; its state (the highest-priority
    /// status, one at a time) feeds the status-subject ones, so a status counts only while it is the state.
    /// Other objects have no state: their actions feed every aggregator.
    /// </summary>
    private enum SignalKind : byte { Action, AgentAction, AgentState }

    private static SignalKind KindOf(ObjectState leaf) => leaf.Agent is null ? SignalKind.Action : SignalKind.AgentAction;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Feeds(Aggregator a, SignalKind kind) =>
        kind == SignalKind.Action || a.StatusSubject == (kind == SignalKind.AgentState);

    /// <summary>The aggregators of <paramref name="o"/> a signal of this kind can reach; empty when none is interested in the action.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<Aggregator> Slice(ObjectState o, SignalKind kind, ulong bit)
    {
        var all = CollectionsMarshal.AsSpan(o.Aggregators);
        return kind switch
        {
            SignalKind.AgentState => (o.StateInterest & bit) == 0 ? default : all[..o.StateCount],
            SignalKind.AgentAction => (o.ActionInterest & bit) == 0 ? default : all[o.StateCount..],
            _ => (o.InterestMask & bit) == 0 ? default : all,
        };
    }

    private void Begin(ObjectState leaf, StatAction action, MediaType media, IReadOnlyDictionary<string, string>? data, long key, long t, string? reason = null)
    {
        leaf.AddOpen(new OpenEntry { Action = action, Media = media, Key = key, Begin = t, Data = data, Reason = reason });
        var bit = 1UL << (int)action;
        var kind = KindOf(leaf);
        BeginOn(leaf, kind, bit, media, data, t);
        foreach (var p in leaf.Parents) BeginOn(p, kind, bit, media, data, t);
    }

    /// <summary>Ends an occurrence in progress; false when there was none.</summary>
    private bool End(ObjectState leaf, StatAction action, long key, long t, bool complete, byte flags)
    {
        var i = leaf.FindOpen(action, key);
        if (i < 0) return false;
        var e = leaf.Open[i];
        leaf.RemoveOpenAt(i);
        var bit = 1UL << (int)action;
        var kind = KindOf(leaf);
        EndOn(leaf, kind, bit, e.Media, e.Data, e.Begin, t, complete, flags);
        foreach (var p in leaf.Parents) EndOn(p, kind, bit, e.Media, e.Data, e.Begin, t, complete, flags);
        return true;
    }

    private void Occur(ObjectState leaf, StatAction action, MediaType media, IReadOnlyDictionary<string, string>? data, long duration, byte flags, long t)
    {
        var bit = 1UL << (int)action;
        var kind = KindOf(leaf);
        OccurOn(leaf, kind, bit, media, data, duration, flags, t);
        foreach (var p in leaf.Parents) OccurOn(p, kind, bit, media, data, duration, flags, t);
    }

    /// <summary>The agent's state changed at <paramref name="t"/>: the old state occurrence completes, the new one begins.</summary>
    private void StateChange(ObjectState agent, AgentRuntime ar, AgentStatus next, MediaType nextMedia, long t)
    {
        var oldBit = 1UL << (int)ar.Status;
        var newBit = 1UL << (int)next;
        EndOn(agent, SignalKind.AgentState, oldBit, ar.StatusMedia, null, ar.StatusSince, t, complete: true, 0);
        BeginOn(agent, SignalKind.AgentState, newBit, nextMedia, null, t);
        foreach (var p in agent.Parents)
        {
            EndOn(p, SignalKind.AgentState, oldBit, ar.StatusMedia, null, ar.StatusSince, t, complete: true, 0);
            BeginOn(p, SignalKind.AgentState, newBit, nextMedia, null, t);
        }
    }

    private void BeginOn(ObjectState o, SignalKind kind, ulong bit, MediaType media, IReadOnlyDictionary<string, string>? data, long t)
    {
        var aggregators = Slice(o, kind, bit);
        foreach (var a in aggregators)
            if (a.Accepts(bit, media, data))
            {
                a.OnBegin(t);
                Touch(a, Aggregator.Reads.Open);
            }
    }

    private void EndOn(ObjectState o, SignalKind kind, ulong bit, MediaType media, IReadOnlyDictionary<string, string>? data, long begin, long t, bool complete, byte flags)
    {
        var aggregators = Slice(o, kind, bit);
        foreach (var a in aggregators)
            if (a.Accepts(bit, media, data))
            {
                a.OnEnd(begin, t, complete, flags);
                Touch(a, complete ? Aggregator.Reads.Both : Aggregator.Reads.Open);
            }
    }

    private void OccurOn(ObjectState o, SignalKind kind, ulong bit, MediaType media, IReadOnlyDictionary<string, string>? data, long duration, byte flags, long t)
    {
        var aggregators = Slice(o, kind, bit);
        foreach (var a in aggregators)
            if (a.Accepts(bit, media, data))
            {
                a.OnOccur(duration, flags, t);
                Touch(a, Aggregator.Reads.Done);
            }
    }

    [Conditional("DEBUG")]
    private static void Assert(bool condition, string message) => Debug.Assert(condition, message);
}
