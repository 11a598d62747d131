using Pulse.Sdk.Events;

namespace Pulse.Benchmarks.Engine;

/// <summary>
/// The baseline: how queue KPIs are often computed by hand — keep every finished call, recompute each
/// queue's KPIs with LINQ over the day's records at every refresh. Same events and definitions as the
/// engine's Entered, Waiting, LongestWait, Answered, Abandoned, ServiceLevel2 and ASA.
/// </summary>
internal sealed class NaiveQueueKpis(IReadOnlyDictionary<string, string> queueByDn, double thresholdSeconds)
{
    private sealed record Finished(string Queue, bool Answered, double WaitSeconds);

    private readonly Dictionary<string, (string Queue, DateTimeOffset Since)> _waiting = new();
    private readonly Dictionary<string, (string Queue, DateTimeOffset Entered)> _distributed = new();
    private readonly List<Finished> _finished = [];
    private readonly List<(string Queue, DateTimeOffset At)> _entered = [];

    public double Checksum { get; private set; }

    public void Apply(PulseEvent e)
    {
        if (e.Source != EventSourceKind.Voice || e.ConnId is null) return;
        switch (e.Type)
        {
            case PulseEventType.Queued when e.Dn is not null && queueByDn.TryGetValue(e.Dn, out var q):
                _waiting[e.ConnId] = (q, e.Time);
                _entered.Add((q, e.Time));
                break;
            case PulseEventType.Diverted when _waiting.Remove(e.ConnId, out var w):
                _distributed[e.ConnId] = (w.Queue, w.Since);
                break;
            case PulseEventType.Abandoned when _waiting.Remove(e.ConnId, out var w):
                _finished.Add(new Finished(w.Queue, false, (e.Time - w.Since).TotalSeconds));
                break;
            case PulseEventType.Abandoned when _distributed.Remove(e.ConnId, out var d):
                _finished.Add(new Finished(d.Queue, false, (e.Time - d.Entered).TotalSeconds));
                break;
            case PulseEventType.Established when _distributed.Remove(e.ConnId, out var d):
                _finished.Add(new Finished(d.Queue, true, (e.Time - d.Entered).TotalSeconds));
                break;
        }
    }

    /// <summary>Recomputes every queue's KPIs from the records, as a refresh would.</summary>
    public void Refresh(DateTimeOffset now)
    {
        double sum = 0;
        foreach (var queue in queueByDn.Values)
        {
            var entered = _entered.Count(x => x.Queue == queue);
            var mine = _finished.Where(f => f.Queue == queue).ToList();
            var answered = mine.Where(f => f.Answered).ToList();
            var abandoned = mine.Count(f => !f.Answered);
            var waits = _waiting.Values.Where(w => w.Queue == queue).Select(w => (now - w.Since).TotalSeconds).ToList();
            var sl = answered.Count == 0 ? 0 : 100.0 * answered.Count(a => a.WaitSeconds <= thresholdSeconds) / answered.Count;
            var asa = answered.Count == 0 ? 0 : answered.Average(a => a.WaitSeconds);
            sum += entered + answered.Count + abandoned + waits.Count + (waits.Count == 0 ? 0 : waits.Max()) + sl + asa;
        }
        Checksum = sum;
    }
}
