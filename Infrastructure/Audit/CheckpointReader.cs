using Ledger.Domain.Audit;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads stored checkpoints: a range of sizes oldest first, or a page newest first.</summary>
internal static class CheckpointReader
{
    private const string Columns = "seq, size, root, head, signed_at, key_id, public_key, signature, origin, note_signature";

    public static Task<List<AuditCheckpoint>> AllAsync(NpgsqlConnection connection, string schema, CancellationToken ct,
        long minSize = 0, long maxSize = long.MaxValue) =>
        ReadAsync(Sql.Command(connection,
            $"select {Columns} from {schema}.{AuditSchema.Checkpoints} where size >= $1 and size <= $2 order by seq", minSize, maxSize), ct);

    /// <summary>At most <paramref name="count"/> checkpoints over fewer than <paramref name="belowSize"/> events, newest first (a keyset page).</summary>
    public static Task<List<AuditCheckpoint>> NewestAsync(NpgsqlConnection connection, string schema, long belowSize, int count, CancellationToken ct) =>
        ReadAsync(Sql.Command(connection,
            $"select {Columns} from {schema}.{AuditSchema.Checkpoints} where size < $1 order by size desc limit $2", belowSize, count), ct);

    private static async Task<List<AuditCheckpoint>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var cmd = command;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var all = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(ct))
            all.Add(new AuditCheckpoint(
                new CheckpointStatement(reader.GetInt64(0), reader.GetInt64(1), ChainHash.ToHex(reader.GetFieldValue<byte[]>(2)),
                    ChainHash.ToHex(reader.GetFieldValue<byte[]>(3)), reader.GetString(4), reader.IsDBNull(8) ? null : reader.GetString(8)),
                reader.GetString(5), reader.GetFieldValue<byte[]>(6), reader.GetFieldValue<byte[]>(7), reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9)));
        return all;
    }
}
