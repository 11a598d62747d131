using System.Text;
using Pulse.Sdk.Statistics;

namespace Pulse.Sdk.Engine;

/// <summary>Writes the pieces of an engine checkpoint (little-endian binary, versioned by the engine).</summary>
internal sealed class CheckpointWriter(Stream stream) : IDisposable
{
    private readonly BinaryWriter _w = new(stream, Encoding.UTF8, leaveOpen: true);

    public void Long(long v) => _w.Write(v);
    public void Int(int v) => _w.Write(v);
    public void Bool(bool v) => _w.Write(v);
    public void Byte(byte v) => _w.Write(v);
    public void Double(double v) => _w.Write(v);
    public void String(string v) => _w.Write(v);

    public void NullableString(string? v)
    {
        _w.Write(v is not null);
        if (v is not null) _w.Write(v);
    }

    public void Accumulator(in Accumulator a)
    {
        _w.Write(a.Count); _w.Write(a.Sum); _w.Write(a.Max); _w.Write(a.Min); _w.Write(a.InRangeCount); _w.Write(a.InRangeSum);
    }

    public void Data(IReadOnlyDictionary<string, string>? data)
    {
        if (data is null) { _w.Write(-1); return; }
        // Sorted, so the same state always gives the same bytes.
        var pairs = data.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        _w.Write(pairs.Count);
        foreach (var (k, v) in pairs) { _w.Write(k); _w.Write(v); }
    }

    public void Object(ObjectState? o)
    {
        _w.Write(o is not null);
        if (o is null) return;
        _w.Write((byte)o.Ref.Type);
        _w.Write(o.Ref.Id);
    }

    public void Dispose() => _w.Dispose();
}

/// <summary>Reads what <see cref="CheckpointWriter"/> wrote; a mismatch throws <see cref="InvalidDataException"/> saying what differs.</summary>
internal sealed class CheckpointReader(Stream stream) : IDisposable
{
    private readonly BinaryReader _r = new(stream, Encoding.UTF8, leaveOpen: true);

    public long Long() => _r.ReadInt64();
    public int Int() => _r.ReadInt32();
    public bool Bool() => _r.ReadBoolean();
    public byte Byte() => _r.ReadByte();
    public double Double() => _r.ReadDouble();
    public string String() => _r.ReadString();
    public string? NullableString() => _r.ReadBoolean() ? _r.ReadString() : null;

    public Accumulator Accumulator() => new()
    {
        Count = _r.ReadInt64(), Sum = _r.ReadInt64(), Max = _r.ReadInt64(), Min = _r.ReadInt64(), InRangeCount = _r.ReadInt64(), InRangeSum = _r.ReadInt64(),
    };

    public IReadOnlyDictionary<string, string>? Data()
    {
        var n = _r.ReadInt32();
        if (n < 0) return null;
        var d = new Dictionary<string, string>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++) d[_r.ReadString()] = _r.ReadString();
        return d;
    }

    public ObjectState? Object(TenantState tenant)
    {
        if (!_r.ReadBoolean()) return null;
        var type = (ObjectType)_r.ReadByte();
        var id = _r.ReadString();
        return tenant.Find(type, id) ?? throw new InvalidDataException($"checkpoint names {type} '{id}' in tenant '{tenant.Id}', which is not configured");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the reader's vocabulary: every read and check goes through the same reader (r.Expect).")]
    public void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidDataException($"the checkpoint does not match this engine: {what}");
    }

    public void Dispose() => _r.Dispose();
}
