using System.Collections.Concurrent;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// Terminal keys as last read, for a short time: a signed request then needs no round trip of its own to find its key.
/// Safe because a key id's terminal and secret never change (ids are never reissued); only its end can, and the nonce's
/// round trip reads that end again from the table, so a key ended on any node is refused there at once. What the cache
/// may hold stale is only the end checked before the body is read: a body is then read, within the body budget, for a
/// sender who held a real key until a moment ago. Keys not found are never remembered.
/// </summary>
public sealed class TerminalKeyCache(TimeSpan lifetime, int capacity)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, (TerminalKey Key, DateTimeOffset ReadAt)> _keys = new(StringComparer.Ordinal);

    public static TerminalKeyCache Off { get; } = new(TimeSpan.Zero, 0);

    public TerminalKey? Find(string keyId, DateTimeOffset now)
    {
        if (!_keys.TryGetValue(keyId, out var entry)) return null;
        if (IsFresh(entry.ReadAt, now)) return entry.Key;
        _keys.TryRemove(KeyValuePair.Create(keyId, entry));
        return null;
    }

    public void Remember(TerminalKey key, DateTimeOffset now)
    {
        if (lifetime <= TimeSpan.Zero || capacity <= 0) return;
        if (_keys.Count >= capacity)
        {
            foreach (var (id, entry) in _keys)
                if (!IsFresh(entry.ReadAt, now)) _keys.TryRemove(KeyValuePair.Create(id, entry));
            if (_keys.Count >= capacity) return;
        }
        _keys[key.KeyId] = (key, now);
    }

    /// <summary>A rotation on this node: the terminal's other keys may have been given an end, so they are read again.</summary>
    public void ForgetTerminal(Guid terminalId)
    {
        foreach (var (id, entry) in _keys)
            if (entry.Key.TerminalId == terminalId) _keys.TryRemove(KeyValuePair.Create(id, entry));
    }

    // A clock set back (tests move theirs) must not keep an entry forever: an entry from the future is not fresh either.
    private bool IsFresh(DateTimeOffset readAt, DateTimeOffset now) => now >= readAt && now - readAt < lifetime;
}
