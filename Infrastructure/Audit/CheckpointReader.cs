using Ledger.Domain.Audit;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads stored checkpoints (oldest first).</summary>
internal static class CheckpointReader
{
    public static async Task<List<AuditCheckpoint>> AllAsync(NpgsqlConnection connection, string schema, CancellationToken ct,
        long minSize = 0, long maxSize = long.MaxValue)
    {
        await using var cmd = Sql.Command(connection,
            $"select seq, size, root, head, signed_at, key_id, public_key, signature, origin, note_signature from {schema}.{AuditSchema.Checkpoints} " +
            "where size >= $1 and size <= $2 order by seq", minSize, maxSize);
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
