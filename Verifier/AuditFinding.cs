namespace Ledger.Verifier;

/// <summary>Why verification stopped, naming the first event (or checkpoint) that does not hold.</summary>
public sealed record AuditFinding(string Code, long Seq, Guid? EventId, string Message)
{
    public const string Altered = "event_altered";
    public const string Missing = "event_missing";
    public const string Replaced = "event_replaced";
    public const string Unchained = "event_unchained";
    public const string ChainBroken = "chain_broken";
    public const string CheckpointMismatch = "checkpoint_mismatch";
    public const string BadSignature = "bad_signature";
    public const string Malformed = "malformed_export";
    public const string WitnessMismatch = "witness_mismatch";
    public const string WitnessNotCovered = "witness_not_covered";
    public const string UnsignedTail = "unsigned_tail";
    public const string IncompleteSelection = "incomplete_selection";
    public const string OutsideSelection = "outside_selection";
    public const string FormatTooOld = "format_too_old";
    public const string Inconsistent = "inconsistent_checkpoints";
    public const string LogMismatch = "log_mismatch";
    public const string KeyRevoked = "key_revoked";

    /// <summary>An event as findings name it: id, seq, stream, version and type.</summary>
    public static string Describe(Domain.Audit.AuditRecord record) =>
        $"event {record.EventId} (seq {record.Seq}, stream {record.StreamId}, version {record.Version}, {record.Type})";

    public override string ToString() => $"{Code} at seq {Seq}{(EventId is { } id ? $" (event {id})" : "")}: {Message}";
}

/// <summary>The outcome of a verification: what was checked and the first failure, if any.</summary>
public sealed record AuditVerification(long EventsChecked, long LinksChecked, int CheckpointsChecked, long LastSeq, string KeyId,
    AuditFinding? Failure)
{
    /// <summary>How many checkpoints witnessed outside the database the history agreed with (<c>--witness</c>).</summary>
    public int WitnessesAgreed { get; init; }

    /// <summary>What the service signed about an export (its selection, covering and newest checkpoints), once its signature held.</summary>
    public Domain.Audit.ExportStatement? Statement { get; init; }

    public bool Holds => Failure is null;
}
