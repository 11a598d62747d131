using Pulse.Sdk.Events;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

public sealed partial class StatisticsEngine
{
    private const string CheckpointMagic = "PULSE-CHECKPOINT";
    // 2: growing percentiles keep exact durations or a 0.1 % sketch instead of a 1/32 histogram; calls and interactions
    // remember the queue an interaction was taken from before its agent was known, and whether its processing stopped.
    private const int CheckpointVersion = 2;

    /// <summary>
    /// Writes the engine's whole state — aggregators, occurrences in progress, agent states, calls and
    /// interactions in progress, the last sequence number per stream, reset schedules, the last values sent —
    /// so that <see cref="RestoreCheckpoint"/> on a new engine continues exactly where this one stands. It
    /// flushes first (values changed since the last flush go to the sinks), so no change is pending in the
    /// checkpoint. The same state always gives the same bytes.
    /// </summary>
    public void WriteCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Flush();
        using var w = new CheckpointWriter(stream);
        w.String(CheckpointMagic);
        w.Int(CheckpointVersion);
        w.Long(_now);
        foreach (var c in new[] { _applied, _duplicates, _outOfOrder, _unknownTenant, _unknownObject, _invalid, _gaps }) w.Long(c);

        // The opened statistics, to check that the restoring engine opened the same ones in the same order.
        w.Int(_open.Count);
        foreach (var s in _open)
        {
            w.Bool(s is not null);
            if (s is null) continue;
            w.String(s.Object.Tenant);
            w.Object(s.Owner);
            w.String(s.Type.Name);
            w.Bool(s.HasLast);
            w.Double(s.LastNumber);
            w.NullableString(s.LastReason);
        }

        w.Int(_tenants.Count);
        foreach (var ts in _tenants.Values)
        {
            w.String(ts.Id);
            foreach (var seq in ts.LastSeq) w.Long(seq);
            w.Int(ts.Schedules.Count);
            foreach (var ((zone, times), sch) in ts.Schedules)
            {
                w.NullableString(zone);
                w.String(times);
                w.Long(sch.Next);
            }
            var objects = ts.AllObjects().ToList();
            w.Int(objects.Count);
            foreach (var o in objects) WriteObject(w, o);
            ts.Calls.Write(w);
            ts.Interactions.Write(w);
        }
    }

    private static void WriteObject(CheckpointWriter w, ObjectState o)
    {
        w.Object(o);
        w.Int(o.Aggregators.Count);
        foreach (var a in o.Aggregators) a.Write(w);
        w.Int(o.OpenCount);
        for (var i = 0; i < o.OpenCount; i++)
        {
            ref var e = ref o.Open[i];
            w.Byte((byte)e.Action); w.Byte((byte)e.Media); w.Long(e.Key); w.Long(e.Begin); w.Data(e.Data); w.NullableString(e.Reason); w.Bool(e.Held);
        }
        w.Bool(o.StatusCounts is not null);
        if (o.StatusCounts is { } counts) foreach (var c in counts) w.Int(c);
        w.Bool(o.Agent is not null);
        if (o.Agent is { } ar)
        {
            w.Bool(ar.LoggedIn); w.Long((long)ar.LoggedMedia); w.Byte((byte)ar.Status); w.Byte((byte)ar.StatusMedia);
            w.NullableString(ar.StatusReason); w.Long(ar.StatusSince); w.Object(ar.LastCallQueue);
        }
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="WriteCheckpoint"/> into this engine, which must have the same
    /// configuration and the same statistics opened in the same order (as a DCU reopens them from its layouts),
    /// and no event applied yet. Afterwards the engine continues exactly as the one that wrote the checkpoint:
    /// resume the event feed after <see cref="LastSequence"/> of each stream (duplicates are dropped anyway).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is not one, is of another version, or does not match this engine; the message says what differs.</exception>
    public void RestoreCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new CheckpointReader(stream);
        try
        {
            r.Expect(r.String() == CheckpointMagic, "not a Pulse.Sdk engine checkpoint");
        }
        catch (EndOfStreamException) { throw new InvalidDataException("not a Pulse.Sdk engine checkpoint (too short)"); }
        var version = r.Int();
        r.Expect(version == CheckpointVersion, $"checkpoint version {version}, this engine reads version {CheckpointVersion}");
        var now = r.Long();
        if (now > _now) _now = now;
        _applied = r.Long(); _duplicates = r.Long(); _outOfOrder = r.Long(); _unknownTenant = r.Long();
        _unknownObject = r.Long(); _invalid = r.Long(); _gaps = r.Long();

        var count = r.Int();
        r.Expect(count == _open.Count, $"it has {count} statistics opened, this engine {_open.Count}: open the same statistics in the same order before restoring");
        for (var i = 0; i < count; i++)
        {
            var present = r.Bool();
            var s = _open[i];
            r.Expect(present == s is not null, $"statistic #{i + 1} was {(present ? "open" : "closed")} in the checkpoint");
            if (!present) continue;
            var tenant = r.String();
            r.Expect(_tenants.TryGetValue(tenant, out var ts), $"tenant '{tenant}' is not configured");
            var owner = r.Object(ts!);
            var name = r.String();
            r.Expect(owner == s!.Owner && name == s.Type.Name, $"statistic #{i + 1} is {s} here but {tenant}/{owner?.Ref.Type}/{owner?.Ref.Id}/{name} in the checkpoint");
            s.HasLast = r.Bool();
            s.LastNumber = r.Double();
            s.LastReason = r.NullableString();
        }
        _pendingNew.Clear();

        var tenants = r.Int();
        r.Expect(tenants == _tenants.Count, $"it has {tenants} tenants, this engine {_tenants.Count}");
        for (var t = 0; t < tenants; t++)
        {
            var id = r.String();
            r.Expect(_tenants.TryGetValue(id, out var ts), $"tenant '{id}' is not configured");
            for (var k = 0; k < 4; k++) ts!.LastSeq[k] = r.Long();
            var schedules = r.Int();
            for (var k = 0; k < schedules; k++)
            {
                var key = (r.NullableString(), r.String());
                var next = r.Long();
                r.Expect(ts!.Schedules.TryGetValue(key, out var sch), $"tenant '{id}' has no reset schedule {key.Item2} here");
                sch!.Next = next;
            }
            var objects = r.Int();
            for (var k = 0; k < objects; k++) ReadObject(r, ts!);
            ts!.Calls.Read(r, ts);
            ts.Interactions.Read(r, ts);
        }
        RecomputeNextReset();
        _dirtyObjects.Clear();
        _lastTenant = null;
    }

    private static void ReadObject(CheckpointReader r, TenantState ts)
    {
        var o = r.Object(ts)!;
        var where = o.Ref.ToString();
        var aggregators = r.Int();
        r.Expect(aggregators == o.Aggregators.Count, $"{where} has {aggregators} aggregators in the checkpoint, {o.Aggregators.Count} here");
        foreach (var a in o.Aggregators) a.Read(r, where);
        var open = r.Int();
        o.OpenCount = 0;
        if (o.Open.Length < open) o.Open = new OpenEntry[open];
        for (var i = 0; i < open; i++)
            o.AddOpen(new OpenEntry
            {
                Action = (StatAction)r.Byte(), Media = (MediaType)r.Byte(), Key = r.Long(), Begin = r.Long(), Data = r.Data(), Reason = r.NullableString(), Held = r.Bool(),
            });
        var hasCounts = r.Bool();
        r.Expect(hasCounts == o.StatusCounts is not null, $"{where}: status counts differ");
        if (o.StatusCounts is { } counts) for (var i = 0; i < counts.Length; i++) counts[i] = r.Int();
        var isAgent = r.Bool();
        r.Expect(isAgent == o.Agent is not null, $"{where}: agent state differs");
        if (o.Agent is { } ar)
        {
            ar.LoggedIn = r.Bool(); ar.LoggedMedia = (ulong)r.Long(); ar.Status = (AgentStatus)r.Byte(); ar.StatusMedia = (MediaType)r.Byte();
            ar.StatusReason = r.NullableString(); ar.StatusSince = r.Long(); ar.LastCallQueue = r.Object(ts);
        }
    }
}
