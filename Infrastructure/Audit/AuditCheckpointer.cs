using Ledger.Domain.Audit;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Signs the Merkle root of the whole chain up to its head, every <see cref="AuditOptions.CheckpointEveryEvents"/>
/// events or every <see cref="AuditOptions.CheckpointInterval"/> while events arrive. Each checkpoint
/// stores the tree's frontier, so the next one only folds the leaves added since.
/// </summary>
public sealed class AuditCheckpointer(NpgsqlDataSource dataSource, AuditOptions options, AuditKeyRing keys,
    TimeProvider time, AuditStoreSchema store)
{
    private string Schema => store.Name;

    /// <returns>The new checkpoint, or null when none was due (or nothing new was chained).</returns>
    public async Task<AuditCheckpoint?> CheckpointAsync(bool force, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, AuditSchema.LockKey(Schema, "checkpoint"));

        var last = await LatestAsync(connection, ct);
        var lastSize = last?.Size ?? 0;
        await using var head = Sql.Command(connection, $"select seq, position, hash from {Schema}.{AuditSchema.Chain} order by seq desc limit 1");
        long headSeq, headPosition;
        byte[] headHash;
        await using (var reader = await head.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            (headSeq, headPosition, headHash) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }
        if (headPosition <= lastSize) return null;

        var rotations = await KeyRotationReader.AllAsync(connection, Schema, ct);
        var key = rotations.Count > 0 ? keys.Expect(rotations[^1].NewKey) : keys.Current;
        var now = time.GetUtcNow();
        var due = force || last is null
            || headPosition - lastSize >= options.CheckpointEveryEvents
            || now - last.Value.SignedAt >= options.CheckpointInterval;
        if (!due) return null;

        var tree = last?.Frontier ?? new MerkleFrontier();
        await using (var leaves = Sql.Command(connection,
                         $"select hash from {Schema}.{AuditSchema.Chain} where position > $1 and position <= $2 order by position", lastSize, headPosition))
        await using (var reader = await leaves.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) tree.Add(reader.GetFieldValue<byte[]>(0));
        if (tree.Count != headPosition)
            throw new InvalidOperationException($"The audit chain has {tree.Count} positions up to {headPosition}: positions are missing.");

        var origin = options.Origin;
        var statement = new CheckpointStatement(headSeq, headPosition, ChainHash.ToHex(tree.Root()), ChainHash.ToHex(headHash),
            AuditRecord.FormatTimestamp(now), origin);
        var checkpoint = new AuditCheckpoint(statement, key.KeyId, key.PublicKey, key.Sign(statement.SignedBytes()),
            key.Sign(System.Text.Encoding.UTF8.GetBytes(CheckpointNote.Body(origin, headPosition, tree.Root()))));
        await Sql.ExecuteAsync(connection,
            $"insert into {Schema}.{AuditSchema.Checkpoints} (seq, size, root, head, signed_at, key_id, public_key, signature, frontier, origin, note_signature) " +
            "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", ct,
            headSeq, headPosition, tree.Root(), headHash, statement.At, checkpoint.KeyId, checkpoint.PublicKey, checkpoint.Signature,
            tree.Subtrees.ToArray(), origin, checkpoint.NoteSignature!);
        await tx.CommitAsync(ct);
        return checkpoint;
    }

    private async Task<(long Size, DateTimeOffset SignedAt, MerkleFrontier Frontier)?> LatestAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, $"select size, signed_at, frontier from {Schema}.{AuditSchema.Checkpoints} order by seq desc limit 1");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var size = reader.GetInt64(0);
        return (size, DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture),
            MerkleFrontier.Resume(size, reader.GetFieldValue<byte[][]>(2)));
    }
}
