using System.Diagnostics;
using System.Threading.Channels;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Diagnostics;
using Ledger.Infrastructure.EventStore.GroupCommit.SetBased;
using Ledger.Infrastructure.Journal;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// One writer of group commit: takes the commands that queued while its last transaction ran (up to
/// <see cref="GroupCommitOptions.MaxBatch"/>), runs them one after another in one transaction, each in a Marten session
/// of its own (its own event metadata) under a savepoint of its own, commits once, then answers each caller. Because
/// they share the transaction, a command reads what the commands before it wrote, so two commands on one wallet are
/// decided in order. A command that fails is rolled back to its savepoint and answered with its failure; the others
/// commit. A lost transaction leaves the commands not yet run for the next one; when the commit's outcome is unknown,
/// the commands that ran get the error (a transient one: callers retry, and the idempotency record written in the same
/// transaction makes the retry answer, not write, if it had committed). Optimistic versions are still checked, so
/// several writers and several service instances on one database stay correct. Account balances move once per
/// transaction, just before its commit, in account order (<see cref="BalanceDeltas"/>): writers paying the same merchants
/// never deadlock on them. Commands that only append events are decided together and written set-based
/// (<see cref="SetBasedBatch"/>); when that batch cannot be written they run again, each the Marten way. Such a batch
/// takes the snapshots its writers committed last from the <see cref="SnapshotCache"/> instead of reading them; when a
/// check of its write finds one has moved, it is decided again on what it reads, before any other way.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitOptions _options;
    private readonly SnapshotCache? _cache;
    private readonly ILogger _logger;
    private readonly Channel<IQueuedCommand> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="cache">Snapshots shared with the store's other writers; null: every set-based batch reads.</param>
    public GroupCommitWriter(IDocumentStore store, NpgsqlDataSource dataSource, GroupCommitOptions options, SnapshotCache? cache, ILogger logger)
    {
        (_store, _dataSource, _options, _cache, _logger) = (store, dataSource, options, cache, logger);
        _queue = Channel.CreateBounded<IQueuedCommand>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Transactions committed and commands in them, for the metric and the tests.</summary>
    public long Commits => Interlocked.Read(ref _commits);
    public long Committed => Interlocked.Read(ref _committed);
    /// <summary>Commands rolled back to their savepoint for a lost race (deadlock, serialization, version): run again.</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaces);
    /// <summary>Set-based batches that could not be written and whose commands ran again, each the Marten way.</summary>
    public long SetBasedFallbacks => Interlocked.Read(ref _fallbacks);
    /// <summary>Commands decided and written set-based (committed or not).</summary>
    public long SetBasedWritten => Interlocked.Read(ref _setBased);
    /// <summary>Set-based batches decided on cached snapshots without a read round trip.</summary>
    public long CachedBatches => Interlocked.Read(ref _cachedBatches);
    /// <summary>Set-based batches that used the cache, failed at write, and were decided again on reads.</summary>
    public long StaleBatches => Interlocked.Read(ref _staleBatches);
    /// <summary>Where the transactions spent their time.</summary>
    public GroupCommitStages Stages { get; } = new();
    private long _cachedBatches;
    private long _staleBatches;
    private long _commits;
    private long _committed;
    private long _lostRaces;
    private long _fallbacks;
    private long _setBased;
    /// <summary>How many callers the last transaction answered, and when (<see cref="Linger"/>).</summary>
    private (int Count, long At) _lastAnswered;
    /// <summary>
    /// The writer's connection, kept from one transaction to the next: handed back to the pool, it would be reset (seven
    /// statements, sent before the next transaction's first). Its transactions leave nothing in the session (no session
    /// settings, locks, cursors or temporary tables), so nothing needs resetting; one that did not end sound is dropped.
    /// One left idle for <see cref="KeptIdle"/> goes back to the pool, which prunes idle connections and opens fresh ones.
    /// </summary>
    private NpgsqlConnection? _connection;
    private long _connectionUsedAt;
    private static readonly TimeSpan KeptIdle = TimeSpan.FromMinutes(1);

    /// <summary>Commands queued and not yet taken into a transaction.</summary>
    public int Waiting => _queue.Reader.Count;

    /// <summary>The server process of the connection kept for the next transaction; null when none is kept.</summary>
    public int? ConnectionProcessId => _connection?.ProcessID;

    public ValueTask EnqueueAsync(IQueuedCommand command, CancellationToken ct) => _queue.Writer.WriteAsync(command, ct);

    private async Task LoopAsync()
    {
        var batch = new Queue<IQueuedCommand>(_options.MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                // Yielding, not sleeping: the callers coming back need the thread pool, and a timer's tick is longer than the wait.
                var linger = Linger.After(_lastAnswered.Count, _lastAnswered.At, _options);
                while (linger.Waits(_queue.Reader.Count, Stopwatch.GetTimestamp())) await Task.Yield();
                while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var command))
                {
                    if (command.CallerToken.IsCancellationRequested) command.Failed(new OperationCanceledException(command.CallerToken));
                    else batch.Enqueue(command);
                }
                while (batch.Count > 0)
                {
                    try
                    {
                        await TransactionAsync(batch);
                    }
                    catch (Exception e) when (!_stop.IsCancellationRequested)
                    {
                        // Whatever went wrong with this batch, the writer lives on for the next: its callers get the error.
                        _logger.LogError(e, "A group commit transaction failed outside any command");
                        while (batch.TryDequeue(out var command)) command.Failed(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The group commit writer stopped");
        }
        var stopped = new ObjectDisposedException(nameof(GroupCommitWriter), "The service is stopping: the command was not run.");
        foreach (var command in batch) command.Failed(stopped);
        while (_queue.Reader.TryRead(out var command)) command.Failed(stopped);
    }

    /// <summary>Runs queued commands in one transaction until none are left or the transaction is lost, then commits.</summary>
    private async Task TransactionAsync(Queue<IQueuedCommand> pending)
    {
        var ran = new List<IQueuedCommand>(pending.Count);
        var balances = new BalanceDeltas();
        var commandBalances = new BalanceDeltas();
        var martenWay = new HashSet<IQueuedCommand>();
        // What the set-based batches left: the cache keeps it once the transaction has committed, and forgets it if not.
        var snapshots = new List<SnapshotCache.Entry>();
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            try
            {
                connection = await ConnectionAsync();
                transaction = await connection.BeginTransactionAsync(_stop.Token);
                Stages.Add(GroupCommitStage.Open, started);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                // No transaction to be had (the database is away): each waiting caller gets the error, as without grouping.
                while (pending.TryDequeue(out var command)) command.Failed(e);
                return;
            }
            for (var n = 0; pending.TryPeek(out var command); n++)
            {
                if (_options.SetBased && !martenWay.Contains(command) && SetBasedBatch.Accepts(command.Plan))
                {
                    var outcome = await SetBasedAsync(connection, transaction, pending, ran, balances, martenWay, snapshots, _cache);
                    if (outcome == SetBasedOutcome.Unconfirmed)
                        outcome = await SetBasedAsync(connection, transaction, pending, ran, balances, martenWay, snapshots, cache: null);
                    switch (outcome)
                    {
                        case SetBasedOutcome.Lost: return;
                        case SetBasedOutcome.Committed:
                            Remember(snapshots);
                            Answer(ran);
                            return;
                        default: continue;
                    }
                }
                var savepoint = "c" + n;
                var martenStarted = Stopwatch.GetTimestamp();
                try
                {
                    await transaction.SaveAsync(savepoint, _stop.Token);
                }
                catch (Exception e)
                {
                    // The transaction is gone before this command ran. After others ran, it and the rest wait for the next
                    // transaction; as the first, it gets the error (as without grouping), so a lost database is not spun on.
                    if (ran.Count > 0) Fail(ran, Lost(e));
                    else pending.Dequeue().Failed(Lost(e));
                    return;
                }
                pending.Dequeue();
                try
                {
                    using (BalanceDeltas.CollectFor(commandBalances))
                    {
                        await using var session = new MartenLedgerSession(OpenSession(transaction, command.Context));
                        await command.RunAsync(session, _stop.Token);
                        Forget(session.Written, snapshots);
                        await session.CommitAsync(_stop.Token);
                    }
                    balances.MoveFrom(commandBalances);
                    ran.Add(command);
                    Stages.Add(GroupCommitStage.MartenWay, martenStarted);
                }
                catch (Exception e)
                {
                    commandBalances.Clear();
                    var answer = GroupCommitFailures.ForCaller(e);
                    if (answer is ConcurrencyConflict) LostRace();
                    command.Failed(answer);
                    try
                    {
                        await transaction.RollbackAsync(savepoint, _stop.Token);
                    }
                    catch (Exception lost)
                    {
                        Fail(ran, Lost(lost));
                        return;
                    }
                }
            }
            if (ran.Count == 0) return;
            var committing = Stopwatch.GetTimestamp();
            try
            {
                await balances.ApplyAsync(connection, transaction, _store.Options.DatabaseSchemaName, _stop.Token);
            }
            catch (Exception e)
            {
                Fail(ran, e);
                return;
            }
            // Only a batch: a single command's windows are the command path's own (CrashPoints.AnswerPrefix).
            if (ran.Count > 1) CrashPoints.Reached(CrashPoints.GroupCommitBatchWritten);
            try
            {
                await transaction.CommitAsync(_stop.Token);
            }
            catch (Exception e)
            {
                // Committed or not, nobody knows: the callers' retries find the idempotency record if it was.
                Fail(ran, e);
                return;
            }
            Stages.Add(GroupCommitStage.Commit, committing);
            Remember(snapshots);
            Answer(ran);
        }
        finally
        {
            // Not committed, or nobody knows: what the cache holds of these streams may be older or newer than the database.
            _cache?.Forget(snapshots.Select(s => s.Id));
            // Disposing a transaction that did not commit rolls it back; a connection that is not open and idle after that
            // is not kept.
            if (transaction is not null) await transaction.DisposeAsync();
            if (connection is not null && connection.FullState != System.Data.ConnectionState.Open) await DropConnectionAsync();
        }
    }

    /// <summary>The kept connection if it is sound and was used within <see cref="KeptIdle"/>, else one from the pool (kept from now on).</summary>
    private async Task<NpgsqlConnection> ConnectionAsync()
    {
        var now = Stopwatch.GetTimestamp();
        if (_connection is { FullState: System.Data.ConnectionState.Open } && Stopwatch.GetElapsedTime(_connectionUsedAt, now) < KeptIdle)
        {
            _connectionUsedAt = now;
            return _connection;
        }
        await DropConnectionAsync();
        _connectionUsedAt = now;
        return _connection = await _dataSource.OpenConnectionAsync(_stop.Token);
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null) return;
        var dropped = _connection;
        _connection = null;
        await dropped.DisposeAsync();
    }

    /// <summary>
    /// Streams a command wrote the Marten way: the cache would hold them (kept before, or left by a batch of this
    /// transaction) at an older version, and the next batch would only fail its check.
    /// </summary>
    private void Forget(IReadOnlyCollection<Guid> written, List<SnapshotCache.Entry> snapshots)
    {
        if (_cache is null || written.Count == 0) return;
        _cache.Forget(written);
        snapshots.RemoveAll(s => written.Contains(s.Id));
    }

    /// <summary>The transaction committed: the cache keeps what its set-based batches left.</summary>
    private void Remember(List<SnapshotCache.Entry> snapshots)
    {
        if (_cache is not null)
            foreach (var snapshot in snapshots) _cache.Remember(snapshot);
        snapshots.Clear();
    }

    /// <summary>The transaction committed: its callers get their answers.</summary>
    private void Answer(List<IQueuedCommand> ran)
    {
        Stages.Transaction();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committed, ran.Count);
        GroupCommitMetrics.Committed(ran.Count);
        if (ran.Count > 1) CrashPoints.Reached(CrashPoints.GroupCommitBatchCommitted);
        _lastAnswered = (ran.Count, Stopwatch.GetTimestamp());
        foreach (var command in ran) command.Committed();
    }

    private enum SetBasedOutcome
    {
        /// <summary>The batch is written, or left queued to run the Marten way: the transaction goes on.</summary>
        Continue,
        /// <summary>The batch was the transaction's last work and committed with its write.</summary>
        Committed,
        /// <summary>The transaction is lost; its callers are answered as a lost savepoint's are.</summary>
        Lost,
        /// <summary>
        /// The batch was decided on cached snapshots (or keys taken to be new) and could not be written, or refused a command
        /// on them: rolled back, to be decided again on reads.
        /// </summary>
        Unconfirmed,
    }

    /// <summary>
    /// Decides the queued commands at the head of <paramref name="pending"/> that only append events together and writes
    /// them in one round trip, with the commit when nothing else is left for the transaction. A command the batch cannot
    /// take, and all of them when the write fails, are left queued to run the Marten way.
    /// </summary>
    /// <param name="snapshots">Gets the streams as the batch left them, once it is written.</param>
    /// <param name="cache">Snapshots to decide on instead of reading them; null reads everything.</param>
    private async Task<SetBasedOutcome> SetBasedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Queue<IQueuedCommand> pending,
        List<IQueuedCommand> ran, BalanceDeltas balances, HashSet<IQueuedCommand> martenWay, List<SnapshotCache.Entry> snapshots,
        SnapshotCache? cache)
    {
        var run = pending.TakeWhile(c => !martenWay.Contains(c) && SetBasedBatch.Accepts(c.Plan)).ToList();
        var decided = new List<IQueuedCommand>(run.Count);
        var refused = new List<(IQueuedCommand Command, Exception Error)>();
        var last = false;
        var committing = false;
        SetBasedBatch? batch = null;
        var stage = Stopwatch.GetTimestamp();
        try
        {
            batch = await SetBasedBatch.LoadAsync(connection, transaction, _store.Options.DatabaseSchemaName, _store.Options.Serializer(),
                run.Select(c => (c.Context.IdempotencyKey, c.Plan!)).ToList(), cache, _stop.Token);
            if (batch.AssumesNewKeys)
            {
                Interlocked.Increment(ref _cachedBatches);
                GroupCommitMetrics.DecidedOnCache();
            }
            stage = Stages.Add(GroupCommitStage.Read, stage);
            foreach (var command in run)
            {
                try
                {
                    var session = new SetBasedSession(batch, command.Context);
                    await command.RunAsync(session, _stop.Token);
                    await session.CommitAsync(_stop.Token);
                    decided.Add(command);
                }
                catch (NotBatchable)
                {
                    martenWay.Add(command);
                    break;
                }
                catch (Exception e)
                {
                    // A failed statement, or a connection that died under a load, leaves the transaction unusable: the
                    // batch goes the Marten way (below). Only a rule's refusal on a live connection is the command's answer.
                    if (e is NpgsqlException || e.InnerException is NpgsqlException || connection.FullState != System.Data.ConnectionState.Open) throw;
                    refused.Add((command, e));
                }
            }
            // A refusal writes nothing, so no check of the write would find the kept snapshot it was decided on moved (a
            // till reactivated since); and its key, when taken to be new, may hold the answer of an accepted retry.
            if (batch.UsedCache && refused.Count > 0)
                throw new UnconfirmedBatch($"{refused.Count} of the batch's commands were refused on kept snapshots.");
            // The transaction's last work (nothing left to run the Marten way): its balances go in the same round trip.
            last = decided.Count + refused.Count == pending.Count;
            stage = Stages.Add(GroupCommitStage.Decide, stage);
            if (decided.Count > 0)
            {
                committing = last;
                if (committing && ran.Count + decided.Count > 1) CrashPoints.Reached(CrashPoints.GroupCommitBatchWritten);
                await BatchWrite.RunAsync(batch, last ? balances : null, committing, connection, transaction, _stop.Token,
                    built: () => stage = Stages.Add(GroupCommitStage.Prepare, stage));
            }
            Stages.Add(GroupCommitStage.Write, stage);
        }
        catch (Exception e) when (committing && !BatchWrite.FailedBeforeCommit(e))
        {
            // The commit was sent and no answer came: committed or not, nobody knows. Every caller of the transaction gets
            // the error; a retry finds the idempotency record if it was.
            for (var i = decided.Count + refused.Count; i > 0; i--) pending.Dequeue();
            WrittenSetBased(decided.Count);
            _cache?.Forget(batch!.Snapshots.Select(s => s.Id));
            ran.AddRange(decided);
            Fail(ran, e);
            AnswerRefused(refused);
            return SetBasedOutcome.Lost;
        }
        catch (Exception e)
        {
            if (_stop.IsCancellationRequested)
            {
                // Stopping: what ran before is not committed; the batch's commands stay queued and are answered as stopped.
                Fail(ran, e);
                return SetBasedOutcome.Lost;
            }
            try
            {
                // A batch that sent nothing has nothing to undo (a cached batch's savepoint goes with its write).
                if (batch is not { SavepointSet: false }) await transaction.RollbackAsync(SetBasedBatch.Savepoint, _stop.Token);
            }
            catch (Exception lost)
            {
                if (ran.Count > 0) Fail(ran, Lost(lost));
                else pending.Dequeue().Failed(Lost(lost));
                return SetBasedOutcome.Lost;
            }
            if (batch is { UsedCache: true })
            {
                cache!.Forget(batch.CachedIds);
                Interlocked.Increment(ref _staleBatches);
                GroupCommitMetrics.FoundStale();
                _logger.LogDebug(e, "A set-based batch of {Commands} commands decided on cached snapshots is decided again on reads", run.Count);
                return SetBasedOutcome.Unconfirmed;
            }
            Interlocked.Increment(ref _fallbacks);
            GroupCommitMetrics.FellBack();
            _logger.LogDebug(e, "A set-based batch of {Commands} commands runs again the Marten way", run.Count);
            foreach (var command in run) martenWay.Add(command);
            return SetBasedOutcome.Continue;
        }
        for (var i = decided.Count + refused.Count; i > 0; i--) pending.Dequeue();
        WrittenSetBased(decided.Count);
        snapshots.AddRange(batch.Snapshots);
        if (last && decided.Count > 0) balances.Clear();
        else balances.MoveFrom(batch.Balances);
        ran.AddRange(decided);
        AnswerRefused(refused);
        return committing ? SetBasedOutcome.Committed : SetBasedOutcome.Continue;
    }

    private void LostRace()
    {
        Interlocked.Increment(ref _lostRaces);
        GroupCommitMetrics.LostRace();
    }

    private void WrittenSetBased(int commands)
    {
        Interlocked.Add(ref _setBased, commands);
        GroupCommitMetrics.WrittenSetBased(commands);
    }

    /// <summary>Commands the batch refused (business rules, not the database): each gets its answer, whatever the transaction does.</summary>
    private void AnswerRefused(List<(IQueuedCommand Command, Exception Error)> refused)
    {
        foreach (var (command, error) in refused)
        {
            var answer = GroupCommitFailures.ForCaller(error);
            if (answer is ConcurrencyConflict) LostRace();
            command.Failed(answer);
        }
    }

    private IDocumentSession OpenSession(NpgsqlTransaction transaction, CommandContext context)
    {
        var session = _store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        MartenLedgerStore.Stamp(session, context);
        return session;
    }

    /// <summary>What the callers of a transaction that became unusable before its commit are told: to retry.</summary>
    private static Exception Lost(Exception error) => Resilience.TransientStoreErrors.IsTransient(error) ? error : new TransactionLost(error);

    private static void Fail(List<IQueuedCommand> commands, Exception error)
    {
        foreach (var command in commands) command.Failed(error);
        commands.Clear();
    }

    /// <summary>Takes no more commands, lets the queued ones run for a few seconds, then stops the rest unrun.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))) != _loop) await _stop.CancelAsync();
        await _loop;
        await DropConnectionAsync();
        _stop.Dispose();
    }
}

/// <summary>A batch decided on what it could not yet trust: decided again on reads.</summary>
internal sealed class UnconfirmedBatch(string reason) : Exception(reason);
