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

    public IEnumerable<int> Slots()
    {
        foreach (var s in _byId.Values) yield return s;
    }
}
