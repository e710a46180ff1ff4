using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// The signing key's history as lines of the export format: every hand-over (<c>rotation</c>) and every revocation
/// (<c>revocation</c>), oldest first. Exports carry them, and <c>GET /v1/audit/keys</c> publishes them alone, for a
/// verifier who pinned an older key to learn of keys that took over and of keys declared compromised (<c>--keys</c>).
/// </summary>
public static class KeyHistoryLines
{
    public const string Format = "ledger-audit-keys/1";

    public static async Task<(List<KeyRotation> Rotations, List<KeyRevocation> Revocations)> ReadAsync(NpgsqlConnection connection, string schema,
        CancellationToken ct) =>
        (await KeyRotationReader.AllAsync(connection, schema, ct), await KeyRevocation.AllAsync(connection, schema, ct));

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
            w.WriteString("format", Format);
            w.WriteString("log", origin);
            w.WriteEndObject();
        });
        Write(lines, rotations, revocations);
        await output.FlushAsync(ct);
    }

    /// <summary>A published history read back (the <c>--keys</c> file): its rotations and revocations, each as an export carries them.</summary>
    /// <exception cref="FormatException">Not a key history: another first line, another kind of line, a member unknown or missing.</exception>
    public static (List<KeyRotation> Rotations, List<KeyRevocation> Revocations) Parse(IEnumerable<string> lines)
    {
        var rotations = new List<KeyRotation>();
        var revocations = new List<KeyRevocation>();
        var first = true;
        foreach (var text in lines.Where(l => l.Length > 0))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            var line = doc.RootElement;
            var kind = Domain.Audit.JsonMembers.Text(line, "kind");
            if (first)
            {
                Domain.Audit.JsonMembers.Exactly(line, ["kind", "format", "log"], "the key history's first line");
                if (kind != "keys" || Domain.Audit.JsonMembers.Text(line, "format") != Format)
                    throw new FormatException($"not a key history ({Format}): its first line is '{kind}'");
                first = false;
                continue;
            }
            if (kind == ExportFormat.Rotation) rotations.Add(ReadRotation(line));
            else if (kind == ExportFormat.Revocation) revocations.Add(ReadRevocation(line));
            else throw new FormatException($"a key history holds rotations and revocations, not '{kind}'");
        }
        if (first) throw new FormatException("the key history is empty");
        return (rotations, revocations);
    }

    internal static KeyRotation ReadRotation(System.Text.Json.JsonElement line)
    {
        Domain.Audit.JsonMembers.Exactly(line, ["kind", "statement", "oldSignature", "newSignature"], "a rotation line");
        return new KeyRotation(KeyRotationReader.Parse(Domain.Audit.JsonMembers.Text(line, "statement")),
            Convert.FromBase64String(Domain.Audit.JsonMembers.Text(line, "oldSignature")), Convert.FromBase64String(Domain.Audit.JsonMembers.Text(line, "newSignature")));
    }

    internal static KeyRevocation ReadRevocation(System.Text.Json.JsonElement line)
    {
        Domain.Audit.JsonMembers.Exactly(line, ["kind", "statement", "signedBy", "signature"], "a revocation line");
        return new KeyRevocation(KeyRevocation.Parse(Domain.Audit.JsonMembers.Text(line, "statement")),
            Convert.FromBase64String(Domain.Audit.JsonMembers.Text(line, "signedBy")), Convert.FromBase64String(Domain.Audit.JsonMembers.Text(line, "signature")));
    }
}
