using Ledger.Domain.Audit;

namespace Ledger.Infrastructure.Audit;

/// <summary>A signed checkpoint as stored and exported.</summary>
public sealed record AuditCheckpoint(CheckpointStatement Statement, string KeyId, byte[] PublicKey, byte[] Signature)
{
    public bool SignatureHolds(ReadOnlySpan<byte> trustedPublicKey) =>
        AuditSigningKey.Verify(trustedPublicKey, Statement.SignedBytes(), Signature);
}
