using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// A signing key declared compromised: <paramref name="RevokedPublicKey"/>'s signatures count only on checkpoints over at
/// most <paramref name="TrustedUpToSize"/> events (the last of them had root <paramref name="TrustedRoot"/>, empty when there
/// was none), never on an export statement, because whoever holds the leaked key can sign any claim with any date. Signed
/// by a key that took over from it, never by itself; <paramref name="Reason"/> says why, for the auditor reading it.
/// </summary>
public sealed record KeyRevocationStatement(string RevokedPublicKey, long TrustedUpToSize, string TrustedRoot, string Reason, string At)
{
    public const string Format = "ledger-audit-key-revocation/1";

    public string CanonicalText() => CanonicalJson.FlatObject(("at", At), ("format", Format), ("reason", Reason),
        ("revokedPublicKey", RevokedPublicKey), ("trustedRoot", TrustedRoot), ("trustedUpToSize", TrustedUpToSize));

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(CanonicalText());
}
