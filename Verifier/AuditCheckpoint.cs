using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>A signed checkpoint as stored and exported; <paramref name="NoteSignature"/> signs its C2SP note (none before logs had names).</summary>
public sealed record AuditCheckpoint(CheckpointStatement Statement, string KeyId, byte[] PublicKey, byte[] Signature, byte[]? NoteSignature = null)
{
    /// <summary>The checkpoint as a C2SP signed note (<see cref="CheckpointNote"/>), when it has a log name and a note signature.</summary>
    public string? Note => Statement.Origin is { } origin && NoteSignature is { } signature
        ? CheckpointNote.Text(origin, Statement.Size, ChainHash.FromHex(Statement.Root), PublicKey, signature)
        : null;

    public bool SignatureHolds(ReadOnlySpan<byte> trustedPublicKey) =>
        AuditKeys.Verify(trustedPublicKey, Statement.SignedBytes(), Signature);
}
