using Ledger.Verifier;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads the signing key's hand-overs (oldest first).</summary>
internal static class KeyRotationReader
{
    public static async Task<List<KeyRotation>> AllAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection,
            $"select statement, old_signature, new_signature from {schema}.{AuditSchema.KeyRotations} order by position");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var all = new List<KeyRotation>();
        while (await reader.ReadAsync(ct))
            all.Add(new KeyRotation(KeyRotation.Parse(reader.GetString(0)), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return all;
    }

}
