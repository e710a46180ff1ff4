using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>Compares a signed checkpoint with the tree rebuilt from the events (shared by both verifiers).</summary>
public static class CheckpointVerdict
{
    public static AuditFinding? Check(AuditCheckpoint checkpoint, MerkleFrontier rebuilt, long seq, byte[] head, AuditCheckpoint? previous)
    {
        var s = checkpoint.Statement;
        var since = previous is null ? "the start" : $"seq {previous.Statement.Seq}";
        if (s.Seq != seq || s.Head != ChainHash.ToHex(head) || s.Root != ChainHash.ToHex(rebuilt.Root()))
            return new AuditFinding(AuditFinding.CheckpointMismatch, s.Seq, null,
                $"the checkpoint signed at {s.At} over {s.Size} events up to seq {s.Seq} does not match the events: " +
                $"one or more events after {since} and up to seq {s.Seq} were changed, removed or reordered after signing");
        return null;
    }
}
