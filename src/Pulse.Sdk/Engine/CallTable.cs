namespace Pulse.Sdk.Engine;

/// <summary>Calls by id, in a slot array with a free list; the key stored in occurrences carries a generation so a reused slot is never confused with the old call.</summary>
internal sealed class CallTable
{
    private readonly Dictionary<string, int> _byId;
    private CallRecord[] _slots;
    private int[] _free;
    private int _freeCount;
    private int _used;
    private long _generation;

    /// <summary>Creates the table sized for <paramref name="capacity"/> calls at once, so steady traffic does not allocate.</summary>
    public CallTable(int capacity = 64)
    {
        capacity = Math.Max(16, capacity);
        _byId = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _slots = new CallRecord[capacity];
        _free = new int[capacity];
    }

    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _slots.Length) return;
        _byId.EnsureCapacity(capacity);
        Array.Resize(ref _slots, capacity);
        Array.Resize(ref _free, capacity);
    }

    public int Count => _byId.Count;

    public ref CallRecord this[int slot] => ref _slots[slot];

    public bool TryGet(string id, out int slot) => _byId.TryGetValue(id, out slot);

    public int GetOrAdd(string id, out bool added)
    {
        if (_byId.TryGetValue(id, out var slot)) { added = false; return slot; }
        added = true;
        if (_freeCount > 0) slot = _free[--_freeCount];
        else
        {
            if (_used == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _used++;
        }
        _slots[slot] = new CallRecord { Id = id, Key = (++_generation << 24) | (uint)slot };
        _byId.Add(id, slot);
        return slot;
    }

    public void Rename(string oldId, string newId)
    {
        if (!_byId.Remove(oldId, out var slot)) return;
        _slots[slot].Id = newId;
        _byId[newId] = slot;
    }

    public void Remove(int slot)
    {
        _byId.Remove(_slots[slot].Id);
        _slots[slot] = default;
        if (_freeCount == _free.Length) Array.Resize(ref _free, _free.Length * 2);
        _free[_freeCount++] = slot;
    }

    public void Write(CheckpointWriter w)
    {
        w.Long(_generation);
        w.Int(_used);
        w.Int(_byId.Count);
        // In slot order, so the same state always gives the same bytes.
        foreach (var slot in _byId.Values.Order())
        {
            ref var c = ref _slots[slot];
            w.Int(slot);
            w.String(c.Id); w.Long(c.Key); w.Byte((byte)c.Media); w.Data(c.Data);
            w.Object(c.WaitQueue); w.Long(c.WaitSince); w.Object(c.WaitVq); w.Long(c.VqSince);
            w.Object(c.FromQueue); w.Long(c.FromQueueEntered); w.Object(c.FromVq); w.Long(c.FromVqEntered);
            w.Bool(c.Answered); w.Object(c.AnsweringAgent); w.Long(c.ConnectedAt); w.Int(c.Parties);
            w.Object(c.TakenFrom); w.Long(c.TakenAfter); w.Bool(c.Stopped);
        }
    }

    public void Read(CheckpointReader r, TenantState tenant)
    {
        _byId.Clear();
        _generation = r.Long();
        var used = r.Int();
        EnsureCapacity(used);
        Array.Clear(_slots);
        _used = used;
        var n = r.Int();
        var taken = new bool[Math.Max(used, 1)];
        for (var i = 0; i < n; i++)
        {
            var slot = r.Int();
            r.Expect(slot >= 0 && slot < used, $"call slot {slot} out of range");
            taken[slot] = true;
            _slots[slot] = new CallRecord
            {
                Id = r.String(), Key = r.Long(), Media = (Events.MediaType)r.Byte(), Data = r.Data(),
                WaitQueue = r.Object(tenant), WaitSince = r.Long(), WaitVq = r.Object(tenant), VqSince = r.Long(),
                FromQueue = r.Object(tenant), FromQueueEntered = r.Long(), FromVq = r.Object(tenant), FromVqEntered = r.Long(),
                Answered = r.Bool(), AnsweringAgent = r.Object(tenant), ConnectedAt = r.Long(), Parties = r.Int(),
                TakenFrom = r.Object(tenant), TakenAfter = r.Long(), Stopped = r.Bool(),
            };
            _byId.Add(_slots[slot].Id, slot);
        }
        _freeCount = 0;
        for (var slot = used - 1; slot >= 0; slot--)
            if (!taken[slot]) _free[_freeCount++] = slot;
    }

    public IEnumerable<int> Slots()
    {
        foreach (var s in _byId.Values) yield return s;
    }
}
