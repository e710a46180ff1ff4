using System.Text.Json;
using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>
/// The signing key's published history (<c>GET /v1/audit/keys</c>, <c>ledger audit verify --keys</c>) read back: a first
/// line naming the format and the log, then every <c>rotation</c> and <c>revocation</c> line, as exports carry them.
/// </summary>
public static class KeyHistoryFile
{
    public const string Format = "ledger-audit-keys/1";

    /// <summary>A published history read back (the <c>--keys</c> file): its rotations and revocations, each as an export carries them.</summary>
    /// <exception cref="FormatException">Not a key history: another first line, another kind of line, a member unknown or missing.</exception>
    public static (List<KeyRotation> Rotations, List<KeyRevocation> Revocations) Parse(IEnumerable<string> lines)
    {
        var rotations = new List<KeyRotation>();
        var revocations = new List<KeyRevocation>();
        var first = true;
        foreach (var text in lines.Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(text);
            var line = doc.RootElement;
            var kind = JsonMembers.Text(line, "kind");
            if (first)
            {
                JsonMembers.Exactly(line, ["kind", "format", "log"], "the key history's first line");
                if (kind != "keys" || JsonMembers.Text(line, "format") != Format)
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

    public static KeyRotation ReadRotation(JsonElement line)
    {
        JsonMembers.Exactly(line, ["kind", "statement", "oldSignature", "newSignature"], "a rotation line");
        return new KeyRotation(KeyRotation.Parse(JsonMembers.Text(line, "statement")),
            Convert.FromBase64String(JsonMembers.Text(line, "oldSignature")), Convert.FromBase64String(JsonMembers.Text(line, "newSignature")));
    }

    public static KeyRevocation ReadRevocation(JsonElement line)
    {
        JsonMembers.Exactly(line, ["kind", "statement", "signedBy", "signature"], "a revocation line");
        return new KeyRevocation(KeyRevocation.Parse(JsonMembers.Text(line, "statement")),
            Convert.FromBase64String(JsonMembers.Text(line, "signedBy")), Convert.FromBase64String(JsonMembers.Text(line, "signature")));
    }
}
