using System.Text.Json;
using Ledger.Domain.Audit;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads the signing key's hand-overs (oldest first) and turns a stored or exported statement back into its record.</summary>
internal static class KeyRotationReader
{
    public static async Task<List<KeyRotation>> AllAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection,
            $"select statement, old_signature, new_signature from {schema}.{AuditSchema.KeyRotations} order by position");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var all = new List<KeyRotation>();
        while (await reader.ReadAsync(ct))
            all.Add(new KeyRotation(Parse(reader.GetString(0)), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return all;
    }

    /// <summary>The statement from its canonical text; any other spelling would not be what was signed, and fails the signatures.</summary>
    public static KeyRotationStatement Parse(string canonical)
    {
        using var doc = JsonDocument.Parse(canonical);
        var r = doc.RootElement;
        if (r.GetProperty("format").GetString() != KeyRotationStatement.Format)
            throw new FormatException($"unknown key rotation format '{r.GetProperty("format").GetString()}'");
        return new KeyRotationStatement(JsonMembers.Text(r, "oldPublicKey"), JsonMembers.Text(r, "newPublicKey"),
            r.GetProperty("lastSeq").GetInt64(), r.GetProperty("lastSize").GetInt64(), JsonMembers.Text(r, "lastRoot"), JsonMembers.Text(r, "at"));
    }
}
