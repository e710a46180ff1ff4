using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Checks the stored log against its chain and signed checkpoints, in the database: every chained
/// event is still there, unchanged, in its place; nothing was slipped in below the chain head; the
/// chain links; and every checkpoint's Merkle root, recomputed from the events themselves, matches
/// its Ed25519 signature under the key in charge at that point (the service's key, or one it handed over from); and,
/// given checkpoints witnessed outside the database, that the history still has their roots. Stops at the first
/// failure and names it.
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource dataSource, AuditKeyRing keys, AuditStoreSchema store)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct, IReadOnlyList<WitnessedCheckpoint>? witnessed = null)
    {
        var schema = store.Name;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the whole check, so the chain writer appending meanwhile cannot confuse it.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        long checkedEvents = 0, lastSeq = 0;
        var witness = new WitnessCheck(witnessed ?? []);
        var checkpoints = await CheckpointReader.AllAsync(connection, schema, ct);
        var key = keys.Current;
        // Any key of the chain of hand-overs can anchor trust: each hand-over is signed by both its keys.
        var (rotations, revocations) = await KeyHistoryLines.ReadAsync(connection, schema, ct);
        var (history, refused) = SigningKeyHistory.Build(key.PublicKey, rotations, revocations);
        if (refused is not null) return Result(0, 0, refused);
        foreach (var cp in checkpoints)
            if (history!.Check(cp) is { } bad)
                return Result(0, 0, bad);
        if (witness.CheckSignatures(history!.Check) is { } forged) return Result(0, 0, forged);
        // Positions' seqs, to name where a history diverges from a witness (only kept when there is one to compare).
        var seqs = new List<long>();

        var head = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(seq), 0) from {schema}.{AuditSchema.Chain}", ct);
        await using var cmd = Sql.Command(connection,
            $"select c.seq, c.position, c.event_id, c.hash, c.prev_hash, {StoredEventReader.Columns} " +
            $"from {schema}.{AuditSchema.Chain} c full join {schema}.mt_events e on e.seq_id = c.seq " +
            $"where coalesce(c.seq, e.seq_id) <= $1 and {AuditSchema.NotALateTombstone(schema)} order by coalesce(c.seq, e.seq_id)", head);
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        var previous = ChainHash.Genesis;
        var tree = new MerkleFrontier();
        var next = 0;
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(0))
            {
                var stray = StoredEventReader.Read(reader, 5);
                return Result(checkedEvents, next, new AuditFinding(AuditFinding.Unchained, stray.Seq, stray.EventId,
                    $"{AuditFinding.Describe(stray)} is in the log below the chain head but was never chained: it was inserted afterwards"));
            }
            var (seq, position, chainedId) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetGuid(2));
            var (hash, prevHash) = (reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4));
            if (reader.IsDBNull(5))
                return Result(checkedEvents, next, new AuditFinding(AuditFinding.Missing, seq, chainedId,
                    $"event {chainedId} was chained at seq {seq} and is gone from the log (deleted or moved)"));
            var record = StoredEventReader.Read(reader, 5);
            if (record.EventId != chainedId)
                return Result(checkedEvents, next, new AuditFinding(AuditFinding.Replaced, seq, record.EventId,
                    $"seq {seq} holds {AuditFinding.Describe(record)} but the chain recorded event {chainedId} there (events reordered or replaced)"));
            if (position != tree.Count + 1 || !prevHash.AsSpan().SequenceEqual(previous))
                return Result(checkedEvents, next, new AuditFinding(AuditFinding.ChainBroken, seq, record.EventId,
                    $"the chain row at seq {seq} does not follow the one before it (the audit table was edited)"));
            var computed = ChainHash.Link(previous, record);
            if (!computed.AsSpan().SequenceEqual(hash))
                return Result(checkedEvents, next, new AuditFinding(AuditFinding.Altered, seq, record.EventId,
                    $"{AuditFinding.Describe(record)} no longer matches its chain hash: its data or metadata changed after it was chained"));

            tree.Add(computed);
            previous = computed;
            checkedEvents++;
            lastSeq = seq;
            if (witness.Count > 0) seqs.Add(seq);
            for (; next < checkpoints.Count && checkpoints[next].Statement.Size == tree.Count; next++)
                if (CheckpointVerdict.Check(checkpoints[next], tree, seq, computed, checkpoints.ElementAtOrDefault(next - 1)) is { } bad)
                    return Result(checkedEvents, next, bad);
            if (witness.After(tree, p => p >= 1 && p <= seqs.Count ? seqs[(int)(p - 1)] : null) is { } diverged)
                return Result(checkedEvents, next, diverged);
        }
        if (witness.Finish(tree.Count, wholeLog: true) is { } cut) return Result(checkedEvents, next, cut);
        if (next < checkpoints.Count)
            return Result(checkedEvents, next, new AuditFinding(AuditFinding.Missing, checkpoints[next].Statement.Seq, null,
                $"the checkpoint at seq {checkpoints[next].Statement.Seq} signs {checkpoints[next].Statement.Size} events, " +
                $"the chain holds {tree.Count}: events at the end were removed"));
        return Result(checkedEvents, next, null);

        // Every chained event's prev_hash was compared with the hash before it: one link checked per event.
        AuditVerification Result(long events, int checkpointCount, AuditFinding? failure) =>
            new(events, events, checkpointCount, lastSeq, key.KeyId, failure) { WitnessesAgreed = witness.Agreed };
    }

}
