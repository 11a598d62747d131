using System.Diagnostics;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// When each marker event was handed to the DCU and when each client first held a value carrying it. Marker k (from 0)
/// makes the marker statistic k + 1, so a client that receives the value v holds markers 0 to v - 1: the ones it had not
/// held yet are stamped with the receive time. A marker whose own value never reached the client because the service
/// coalesced it with a later one still counts, from its ingest to the arrival of that later value ("superseded"): that is
/// when its effect became visible. Timestamps are <see cref="Stopwatch.GetTimestamp"/>.
/// </summary>
/// <remarks>
/// The generator writes <see cref="Ingest"/> from one thread; each client writes only its own row, from its receive loop.
/// <see cref="Collect"/> is read once everything is quiet.
/// </remarks>
public sealed class MarkerLedger
{
    private readonly long[] _ingested;
    private readonly long[][] _received;
    private readonly int[] _held;
    private readonly long[] _superseded;
    private int _count;

    public MarkerLedger(int capacity, int clients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        _ingested = new long[capacity];
        _received = new long[clients][];
        for (var c = 0; c < clients; c++) _received[c] = new long[capacity];
        _held = new int[clients];
        _superseded = new long[clients];
    }

    /// <summary>Markers ingested so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public int Capacity => _ingested.Length;

    public int Clients => _received.Length;

    /// <summary>Records the next marker's ingest time; false (nothing recorded) when the ledger is full.</summary>
    public bool TryIngest(long timestamp)
    {
        var k = _count;
        if (k == _ingested.Length) return false;
        _ingested[k] = timestamp;
        Volatile.Write(ref _count, k + 1);
        return true;
    }

    /// <summary>How many markers <paramref name="client"/> holds (the highest marker value it received).</summary>
    public int Held(int client) => Volatile.Read(ref _held[client]);

    /// <summary>Client <paramref name="client"/> received the marker value <paramref name="value"/> at <paramref name="timestamp"/>.</summary>
    public void Receive(int client, long value, long timestamp)
    {
        var held = _held[client];
        var upTo = (int)Math.Min(value, _ingested.Length);
        if (upTo <= held) return;
        var row = _received[client];
        for (var k = held; k < upTo; k++) row[k] = timestamp;
        _superseded[client] += upTo - held - 1;
        Volatile.Write(ref _held[client], upTo);
    }

    /// <summary>The latencies, in milliseconds, of markers <paramref name="first"/> to <paramref name="end"/> - 1 at every client, and the (marker, client) pairs never received.</summary>
    public MarkerSamples Collect(int first, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, end);
        var samples = new List<double>(Math.Max(0, (end - first) * Clients));
        long missed = 0;
        var toMs = 1000.0 / Stopwatch.Frequency;
        foreach (var row in _received)
            for (var k = first; k < end; k++)
            {
                if (row[k] == 0) missed++;
                else samples.Add((row[k] - _ingested[k]) * toMs);
            }
        return new MarkerSamples([.. samples], missed, _superseded.Sum());
    }
}
