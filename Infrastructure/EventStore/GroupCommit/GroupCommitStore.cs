using Ledger.Domain.Application;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// The event store with group commit (<see cref="GroupCommitWriter"/>): a command's work is queued to the writer of the
/// stream it writes first (so one stream's commands are decided in order), and answered after the writer's shared
/// commit. Reads outside commands open sessions of their own, as without grouping.
/// </summary>
public sealed class GroupCommitStore : ILedgerStore, IAsyncDisposable
{
    private readonly MartenLedgerStore _direct;
    private readonly GroupCommitWriter[] _writers;
    private readonly SetBased.SnapshotCache? _cache;

    public GroupCommitStore(IDocumentStore store, NpgsqlDataSource dataSource, GroupCommitOptions options, ILoggerFactory loggers)
    {
        options.Validate();
        if (options.Writers < 1) throw new ArgumentException("Group commit needs at least one writer.", nameof(options));
        _direct = new MartenLedgerStore(store);
        var logger = loggers.CreateLogger<GroupCommitStore>();
        // One cache for all writers: a terminal or merchant read by one is read by the others too.
        _cache = options.SnapshotCacheCapacity > 0 ? new SetBased.SnapshotCache(options.SnapshotCacheCapacity) : null;
        _writers = Enumerable.Range(0, options.Writers).Select(_ => new GroupCommitWriter(store, dataSource, options, _cache, logger)).ToArray();
    }

    /// <summary>Transactions committed, and the commands they held, since start (all writers).</summary>
    public (long Commits, long Commands) Totals => (_writers.Sum(w => w.Commits), _writers.Sum(w => w.Committed));

    /// <summary>Commands rolled back to their savepoint for a lost race and run again (all writers).</summary>
    public long LostRaces => _writers.Sum(w => w.LostRaces);

    /// <summary>Commands written set-based, and set-based batches that ran again the Marten way (all writers).</summary>
    public (long Written, long Fallbacks) SetBased => (_writers.Sum(w => w.SetBasedWritten), _writers.Sum(w => w.SetBasedFallbacks));

    /// <summary>
    /// Set-based batches decided on cached snapshots without a read round trip, and batches whose cached snapshots failed a
    /// check at write and were decided again on reads (all writers).
    /// </summary>
    public (long Cached, long Stale) SnapshotCache => (_writers.Sum(w => w.CachedBatches), _writers.Sum(w => w.StaleBatches));

    /// <summary>Where the writers' transactions spent their time (all writers).</summary>
    public GroupCommitStages Stages => GroupCommitStages.Sum(_writers.Select(w => w.Stages));

    /// <summary>Commands queued and not yet taken into a transaction (all writers).</summary>
    public int Waiting => _writers.Sum(w => w.Waiting);

    /// <summary>Each writer's kept connection's server process (null: none kept).</summary>
    internal int?[] WriterProcessIds => _writers.Select(w => w.ConnectionProcessId).ToArray();

    public ILedgerSession OpenSession(CommandContext context) => _direct.OpenSession(context);

    public async Task<T> RunAsync<T>(CommandContext context, Prefetch? plan, Func<ILedgerSession, CancellationToken, Task<T>> work,
        CancellationToken ct)
    {
        // What the caller already read goes where the writers look first: a batch that decides on it checks its version
        // when it writes, as for anything else kept there, so a caller's read that is already old costs a read, no more.
        if (_cache is not null && plan is not null)
            foreach (var (type, id, version, state) in plan.AsRead) _cache.Remember(new SetBased.SnapshotCache.Entry(id, type, version, state));
        var command = new QueuedCommand<T>(context, plan, work, ct);
        var writer = _writers[plan?.FirstWritten is { } stream ? WriterOf(stream) : Random.Shared.Next(_writers.Length)];
        await writer.EnqueueAsync(command, ct);
        return await command.Answer;
    }

    /// <summary>The writer (0-based) that decides every command writing <paramref name="stream"/> first.</summary>
    public int WriterOf(Guid stream) => (int)((uint)stream.GetHashCode() % (uint)_writers.Length);

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers) await writer.DisposeAsync();
    }
}
