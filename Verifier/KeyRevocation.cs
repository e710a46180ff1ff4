using System.Text.Json;
using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>A revocation as stored, exported and published: the statement, the key that signed it and its signature.</summary>
public sealed record KeyRevocation(KeyRevocationStatement Statement, byte[] SignedBy, byte[] Signature)
{
    public byte[] RevokedKey => Convert.FromBase64String(Statement.RevokedPublicKey);

    public bool SignatureHolds => AuditKeys.Verify(SignedBy, Statement.SignedBytes(), Signature);

    private static readonly string[] Members = ["at", "format", "reason", "revokedPublicKey", "trustedRoot", "trustedUpToSize"];

    /// <summary>The statement from its canonical text; any other spelling would not be what was signed.</summary>
    /// <exception cref="FormatException">Not a revocation statement in canonical form.</exception>
    public static KeyRevocationStatement Parse(string canonical)
    {
        using var doc = JsonDocument.Parse(canonical);
        var r = doc.RootElement;
        JsonMembers.Exactly(r, Members, "the key revocation");
        if (JsonMembers.Text(r, "format") != KeyRevocationStatement.Format)
            throw new FormatException($"unknown key revocation format '{JsonMembers.Text(r, "format")}'");
        var statement = new KeyRevocationStatement(JsonMembers.Text(r, "revokedPublicKey"), r.GetProperty("trustedUpToSize").GetInt64(),
            JsonMembers.Text(r, "trustedRoot"), JsonMembers.Text(r, "reason"), JsonMembers.Text(r, "at"));
        if (statement.CanonicalText() != canonical) throw new FormatException("the key revocation is not in canonical form, so it is not the text that was signed");
        return statement;
    }
}
