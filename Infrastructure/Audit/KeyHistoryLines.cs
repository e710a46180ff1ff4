using Ledger.Verifier;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// The signing key's history as lines of the export format: every hand-over (<c>rotation</c>) and every revocation
/// (<c>revocation</c>), oldest first. Exports carry them, and <c>GET /v1/audit/keys</c> publishes them alone, for a
/// verifier who pinned an older key to learn of keys that took over and of keys declared compromised (<c>--keys</c>,
/// read by <see cref="KeyHistoryFile"/>).
/// </summary>
public static class KeyHistoryLines
{
    public static async Task<(List<KeyRotation> Rotations, List<KeyRevocation> Revocations)> ReadAsync(NpgsqlConnection connection, string schema,
        CancellationToken ct) =>
        (await KeyRotationReader.AllAsync(connection, schema, ct), await RevocationsAsync(connection, schema, ct));

    private static async Task<List<KeyRevocation>> RevocationsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection,
            $"select statement, signed_by, signature from {schema}.{AuditSchema.KeyRevocations} order by position");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var all = new List<KeyRevocation>();
        while (await reader.ReadAsync(ct))
            all.Add(new KeyRevocation(KeyRevocation.Parse(reader.GetString(0)), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        return all;
    }

    internal static void Write(JsonLines lines, IEnumerable<KeyRotation> rotations, IEnumerable<KeyRevocation> revocations)
    {
        foreach (var rotation in rotations)
            lines.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("kind", ExportFormat.Rotation);
                w.WriteString("statement", rotation.Statement.CanonicalText());
                w.WriteString("oldSignature", Convert.ToBase64String(rotation.OldSignature));
                w.WriteString("newSignature", Convert.ToBase64String(rotation.NewSignature));
                w.WriteEndObject();
            });
        foreach (var revocation in revocations)
            lines.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("kind", ExportFormat.Revocation);
                w.WriteString("statement", revocation.Statement.CanonicalText());
                w.WriteString("signedBy", Convert.ToBase64String(revocation.SignedBy));
                w.WriteString("signature", Convert.ToBase64String(revocation.Signature));
                w.WriteEndObject();
            });
    }

    /// <summary>The published history: a first line naming the format and the log, then the rotations and revocations.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, string schema, string origin, Stream output, CancellationToken ct)
    {
        var (rotations, revocations) = await ReadAsync(connection, schema, ct);
        var lines = new JsonLines(output);
        lines.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "keys");
            w.WriteString("format", KeyHistoryFile.Format);
            w.WriteString("log", origin);
            w.WriteEndObject();
        });
        Write(lines, rotations, revocations);
        await output.FlushAsync(ct);
    }
}
