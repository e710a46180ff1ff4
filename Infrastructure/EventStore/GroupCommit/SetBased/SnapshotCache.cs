namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>
/// Stream snapshots as this service's writers last committed or read them, with their versions, so that a set-based
/// batch whose every stream is here decides without a read round trip. Nothing here is trusted: a batch that used it
/// checks at write time that each of those streams is still at the version it was decided on (<see cref="BatchWrite"/>),
/// and one that fails a check is decided again on what it reads. Bounded: the least recently used go first.
/// </summary>
internal sealed class SnapshotCache(int capacity)
{
    /// <summary>A stream's snapshot (<paramref name="Type"/>: the aggregate or document its state is) at <paramref name="Version"/>.</summary>
    public sealed record Entry(Guid Id, Type Type, long Version, object State);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<Entry>> _entries = new(Math.Min(capacity, 4096));
    // The most recently used first.
    private readonly LinkedList<Entry> _order = new();

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>The snapshot of stream <paramref name="id"/> if it is here as a <paramref name="type"/>.</summary>
    public Entry? Find(Guid id, Type type)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var node) || node.Value.Type != type) return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> unless a later version of the stream is already here (writers finish in any order).</summary>
    public void Remember(Entry entry)
    {
        if (capacity == 0) return;
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Id, out var node))
            {
                if (node.Value.Type == entry.Type && node.Value.Version > entry.Version) return;
                node.Value = entry;
                _order.Remove(node);
                _order.AddFirst(node);
                return;
            }
            _entries[entry.Id] = _order.AddFirst(entry);
            while (_entries.Count > capacity)
            {
                _entries.Remove(_order.Last!.Value.Id);
                _order.RemoveLast();
            }
        }
    }

    /// <summary>Forgets streams whose snapshot here may be wrong (a check failed, or a commit's outcome is unknown).</summary>
    public void Forget(IEnumerable<Guid> ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
                if (_entries.Remove(id, out var node)) _order.Remove(node);
        }
    }
}
