using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// A hand-over of checkpoint signing: <paramref name="OldPublicKey"/> signed every checkpoint over at most
/// <paramref name="LastSize"/> events (the last of them with root <paramref name="LastRoot"/>, empty when
/// there was none), <paramref name="NewPublicKey"/> signs every later one. Both keys sign these exact bytes,
/// so trust in either key reaches the other: an auditor who pinned the first key follows the log forward,
/// one who pinned today's key vouches for the history before it.
/// </summary>
public sealed record KeyRotationStatement(string OldPublicKey, string NewPublicKey, long LastSeq, long LastSize, string LastRoot, string At)
{
    public const string Format = "ledger-audit-key-rotation/1";

    public string CanonicalText() => CanonicalJson.FlatObject(("at", At), ("format", Format), ("lastRoot", LastRoot), ("lastSeq", LastSeq),
        ("lastSize", LastSize), ("newPublicKey", NewPublicKey), ("oldPublicKey", OldPublicKey));

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(CanonicalText());
}
