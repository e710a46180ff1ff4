namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>One stream as a set-based batch sees it: as read at the batch's start, then as its decided commands left it.</summary>
internal sealed class BatchStream(Guid id, SetBasedStreams.Kind kind, long readVersion, object? state, bool cached = false)
{
    public Guid Id => id;
    public SetBasedStreams.Kind Kind => kind;
    /// <summary>The version read at the start of the batch; 0 for a stream that did not exist.</summary>
    public long ReadVersion { get; } = readVersion;
    public long Version { get; private set; } = readVersion;
    public object? State { get; private set; } = state;
    /// <summary>A decided command loaded it for writing: its version is checked when the batch is written.</summary>
    public bool Checked { get; set; }
    public bool Appended => Version > ReadVersion;
    /// <summary>Taken from the <see cref="SnapshotCache"/>, not read: its version is checked when the batch is written, even if only read.</summary>
    public bool Cached { get; } = cached;
    /// <summary>A decided command read it or loaded it for writing.</summary>
    public bool Used { get; set; }

    /// <summary>Takes the state and version a decided command left (folded first, so a refused command changes nothing).</summary>
    public void Advance(object state, long version)
    {
        State = state;
        Version = version;
    }
}
