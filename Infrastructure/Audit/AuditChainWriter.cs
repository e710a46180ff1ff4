using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Links committed events into the hash chain, in sequence order, after they commit: the append path
/// takes no extra lock and pays nothing. One writer at a time (a PostgreSQL advisory lock, so several
/// service instances can run it safely).
/// <para>
/// Holes in the sequence are the hard part. With quick append PostgreSQL hands out <c>seq_id</c> inside
/// the appending transaction, so seq 41 can commit after seq 42 is visible, or never (rolled back after
/// a lost race). The chain never steps over a hole it has not proven dead: it records the hole together
/// with a snapshot of the transactions then in progress, and passes it only when, on a later pass, every
/// one of those transactions has ended, <see cref="AuditOptions.GapGrace"/> has elapsed, and the hole is
/// still empty. A passed hole is written to <c>audit_gaps</c>; the next event's hash commits to its own
/// seq, so the jump is part of the chain.
/// </para>
/// </summary>
/// <para>
/// The chain starts from genesis only over a history nobody ever signed: with a checkpoint or key hand-over in the
/// database, or one witnessed in the witness file, an empty chain means someone emptied it, and re-chaining would
/// have the real key sign whatever the log holds now. The writer refuses (<see cref="AuditHistoryRefused"/>).
/// </para>
public sealed class AuditChainWriter(NpgsqlDataSource dataSource, AuditOptions options, TimeProvider time,
    AuditStoreSchema store, FileCheckpointWitness witnessLog, ILogger<AuditChainWriter> log)
{
    private readonly Dictionary<long, (DateTimeOffset SeenAt, string Snapshot)> _openGaps = [];
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    // How many events one committed pass chained: near 1 when the chain keeps up, up to Audit:BatchSize while it catches up.
    private static readonly System.Diagnostics.Metrics.Histogram<int> BatchSizes = Diagnostics.LedgerMeter.Meter.CreateHistogram<int>(
        "ledger.audit.chain.batch_size", "{event}", "Events the audit chain writer hashed in one committed pass",
        advice: new System.Diagnostics.Metrics.InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] });
    private string Schema => store.Name;

    /// <summary>What one pass did; <see cref="Waiting"/> means it stopped at a hole that may still fill.</summary>
    public sealed record Pass(int Chained, int GapsPassed, long HeadSeq, bool Waiting);

    public async Task<Pass> RunOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await ChainBatchAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Chains everything committed so far, waiting out open holes (tests, CLI, shutdown).</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            var pass = await RunOnceAsync(ct);
            if (pass is { Chained: 0, GapsPassed: 0, Waiting: false }) return pass.HeadSeq;
            if (pass is { Chained: 0, GapsPassed: 0 }) await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private async Task<Pass> ChainBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, AuditSchema.LockKey(Schema, "chain"));

        // Decided before the events are read: a hole may be passed only if it is still empty in a read
        // made after every transaction that could fill it has ended.
        var passable = await PassableGapsAsync(connection, ct);

        var (headSeq, position, previous) = await HeadAsync(connection, ct);
        if (position == 0 && await SignedBeforeAsync(connection, ct) is { } signed)
            throw new AuditHistoryRefused($"The audit chain is empty but {signed}: the chain or the log was emptied. " +
                                          "Refusing to chain from genesis (that would sign the history as it is now); restore the audit tables from a backup " +
                                          "and check them with `ledger audit verify-db --witness`.");
        var raw = new List<StoredEventReader.RawEvent>(options.BatchSize);
        await using (var read = Sql.Command(connection,
            $"select {StoredEventReader.Columns} from {Schema}.mt_events e where e.seq_id > $1 order by e.seq_id limit $2", headSeq, options.BatchSize))
        {
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) raw.Add(StoredEventReader.ReadRaw(reader));
        }

        var chained = new List<(long Seq, long Position, Guid EventId, byte[] Hash, byte[] Previous)>(raw.Count);
        var passed = new List<long>();
        var expected = headSeq + 1;
        var waiting = false;
        for (var i = 0; i < raw.Count; i++)
        {
            var record = raw[i];
            while (record.Seq > expected && passable.Contains(expected)) passed.Add(expected++);
            if (record.Seq > expected)
            {
                waiting = true;
                break;
            }
            var hash = ChainHash.Link(previous, record.Parse());
            chained.Add((record.Seq, ++position, record.Id, hash, previous));
            previous = hash;
            expected = record.Seq + 1;
        }

        if (waiting) await ObserveGapsAsync(connection, expected, raw, ct);
        if (chained.Count > 0) await WriteChainAsync(connection, chained, ct);
        if (passed.Count > 0)
        {
            await Sql.ExecuteAsync(connection, $"insert into {Schema}.{AuditSchema.Gaps} (seq, passed_at) select unnest($1::bigint[]), now()", ct, passed.ToArray());
            log.LogWarning("Audit chain passed {Count} sequence numbers whose appends rolled back ({First}..{Last})", passed.Count, passed[0], passed[^1]);
        }
        await tx.CommitAsync(ct);
        if (chained.Count > 0) BatchSizes.Record(chained.Count);

        foreach (var seq in _openGaps.Keys.Where(s => s < expected).ToList()) _openGaps.Remove(seq);
        return new Pass(chained.Count, passed.Count, expected - 1, waiting);
    }

    private async Task<string?> SignedBeforeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var inDatabase = await Sql.ScalarAsync<bool>(connection,
            $"select exists (select 1 from {Schema}.{AuditSchema.Checkpoints}) or exists (select 1 from {Schema}.{AuditSchema.KeyRotations})", ct);
        if (inDatabase) return "checkpoints or key hand-overs were signed";
        var witnessed = witnessLog.LastSize();
        return witnessed > 0 ? $"the witness file {witnessLog.Path} holds a checkpoint over {witnessed} events" : null;
    }

    private async Task<HashSet<long>> PassableGapsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var passable = new HashSet<long>();
        var now = time.GetUtcNow();
        foreach (var group in _openGaps.Where(g => now - g.Value.SeenAt >= options.GapGrace).GroupBy(g => g.Value.Snapshot))
        {
            var drained = await Sql.ScalarAsync<bool>(connection,
                "select not exists (select 1 from pg_snapshot_xip($1::text::pg_snapshot) x where pg_xact_status(x) = 'in progress')",
                ct, group.Key);
            if (drained) passable.UnionWith(group.Select(g => g.Key));
        }
        return passable;
    }

    private async Task ObserveGapsAsync(NpgsqlConnection connection, long firstMissing, List<StoredEventReader.RawEvent> rows, CancellationToken ct)
    {
        // Taken after the read that found the holes and before this transaction writes (so it has no
        // transaction id of its own in the snapshot).
        var snapshot = await Sql.ScalarAsync<string>(connection, "select pg_current_snapshot()::text", ct);
        var present = rows.Select(r => r.Seq).ToHashSet();
        var seenAt = time.GetUtcNow();
        for (var seq = firstMissing; seq < rows[^1].Seq; seq++)
            if (!present.Contains(seq)) _openGaps.TryAdd(seq, (seenAt, snapshot));
    }

    private async Task<(long Seq, long Position, byte[] Hash)> HeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"select seq, position, hash from {Schema}.{AuditSchema.Chain} order by seq desc limit 1", connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2))
            : (0, 0, ChainHash.Genesis);
    }

    private async Task WriteChainAsync(NpgsqlConnection connection,
        List<(long Seq, long Position, Guid EventId, byte[] Hash, byte[] Previous)> rows, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.{AuditSchema.Chain} (seq, position, event_id, hash, prev_hash, chained_at) from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.Seq, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(row.Position, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(row.EventId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.Hash, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(row.Previous, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
