using System.Diagnostics;

namespace Pulse.Benchmarks.Live;

/// <summary>
/// When each marker event was handed to the DCU and when each client first held a value carrying it. Marker k (from 0)
/// makes the marker statistic k + 1, so a client that receives the value v holds markers 0 to v - 1: the ones it had not
/// held yet are stamped with the receive time. A marker whose own value never reached the client because the service
/// coalesced it with a later one still counts, from its ingest to the arrival of that later value ("superseded"): that is
/// when its effect became visible. Timestamps are <see cref="Now"/>: <see cref="Stopwatch.GetTimestamp"/>, or with
/// <c>wallClock</c> the UTC wall clock's ticks (<see cref="DateTime.UtcNow"/>), which processes of one machine share.
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
    private readonly bool _wallClock;
    private int _count;

    public MarkerLedger(int capacity, int clients, bool wallClock = false)
    {
        _wallClock = wallClock;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        _ingested = new long[capacity];
        _received = new long[clients][];
        for (var c = 0; c < clients; c++) _received[c] = new long[capacity];
        _held = new int[clients];
        _superseded = new long[clients];
    }

    /// <summary>The ledger's clock now.</summary>
    public long Now() => _wallClock ? DateTime.UtcNow.Ticks : Stopwatch.GetTimestamp();

    /// <summary>Ticks of <see cref="Now"/> per second.</summary>
    public long Frequency => _wallClock ? TimeSpan.TicksPerSecond : Stopwatch.Frequency;

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

    /// <summary>When marker <paramref name="marker"/> was ingested (<see cref="Now"/>).</summary>
    public long IngestedAt(int marker) => _ingested[marker];

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
        var toMs = 1000.0 / Frequency;
        foreach (var row in _received)
            for (var k = first; k < end; k++)
            {
                if (row[k] == 0) missed++;
                else samples.Add((row[k] - _ingested[k]) * toMs);
            }
        return new MarkerSamples([.. samples], missed, _superseded.Sum());
    }

    /// <summary>Writes what the clients received (not the ingest times), for a ledger in another process (<see cref="ReadReceived"/>).</summary>
    public void WriteReceived(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Clients);
        w.Write(Capacity);
        for (var c = 0; c < Clients; c++)
        {
            w.Write(Held(c));
            w.Write(_superseded[c]);
            foreach (var t in _received[c]) w.Write(t);
        }
    }

    /// <summary>Replaces what the clients received with what <see cref="WriteReceived"/> wrote (same clients and capacity).</summary>
    /// <exception cref="InvalidDataException">Another number of clients or markers.</exception>
    public void ReadReceived(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var clients = r.ReadInt32();
        var capacity = r.ReadInt32();
        if (clients != Clients || capacity != Capacity)
            throw new InvalidDataException($"received rows of {clients} clients × {capacity} markers, the ledger has {Clients} × {Capacity}");
        for (var c = 0; c < clients; c++)
        {
            _held[c] = r.ReadInt32();
            _superseded[c] = r.ReadInt64();
            var row = _received[c];
            for (var k = 0; k < capacity; k++) row[k] = r.ReadInt64();
        }
    }
}
