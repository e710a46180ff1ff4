namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// Group commit (configuration section <c>GroupCommit</c>). <see cref="Writers"/> 0, the default here, commits each command
/// in a transaction of its own; the service's appsettings.json gives it one writer.
/// </summary>
public sealed class GroupCommitOptions
{
    /// <summary>Writers, each with one transaction open at a time; work on one stream always goes to the same writer. 0: off.</summary>
    public int Writers { get; set; }

    /// <summary>
    /// Commands in one transaction at most. Each runs under a savepoint of its own, and PostgreSQL keeps up to 64
    /// subtransactions per backend in shared memory before every other snapshot gets slower: stay well under that.
    /// </summary>
    public int MaxBatch { get; set; } = 32;

    /// <summary>
    /// Commands that announce they only append events (payments, wallet commands) are decided together in memory and
    /// written with one statement per table for the lot (<see cref="SetBased.SetBasedBatch"/>); false runs each through
    /// Marten's unit of work under a savepoint of its own.
    /// </summary>
    public bool SetBased { get; set; } = true;

    /// <summary>
    /// How long after a transaction answered its callers a writer waits for them to come back before it takes fewer
    /// commands than that transaction held (<see cref="Linger"/>); 0 takes whatever is queued at once.
    /// </summary>
    public int LingerMicroseconds { get; set; } = 1_000;

    /// <summary>
    /// Stream snapshots the writers keep after their commits (<see cref="SetBased.SnapshotCache"/>), so a set-based batch
    /// whose streams are all kept decides without reading; its write checks them. 0: every batch reads.
    /// </summary>
    public int SnapshotCacheCapacity { get; set; } = 10_000;

    /// <summary>Commands waiting per writer before callers wait to queue (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 512;

    public void Validate()
    {
        if (Writers is < 0 or > 64) throw new InvalidOperationException($"GroupCommit:Writers must be 0 (off) to 64, not {Writers}.");
        if (MaxBatch is < 1 or > 48) throw new InvalidOperationException($"GroupCommit:MaxBatch must be 1 to 48, not {MaxBatch}.");
        if (LingerMicroseconds is < 0 or > 100_000)
            throw new InvalidOperationException($"GroupCommit:LingerMicroseconds must be 0 (off) to 100000, not {LingerMicroseconds}.");
        if (SnapshotCacheCapacity is < 0 or > 1_000_000)
            throw new InvalidOperationException($"GroupCommit:SnapshotCacheCapacity must be 0 (off) to 1000000, not {SnapshotCacheCapacity}.");
        if (QueueCapacity < 1) throw new InvalidOperationException($"GroupCommit:QueueCapacity must be positive, not {QueueCapacity}.");
    }
}
