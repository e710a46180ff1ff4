using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// The audit tables, beside the events in the same schema: the hash chain (one row per chained
/// event, in sequence order, with its leaf position in the Merkle tree), the signed checkpoints, and
/// the sequence numbers the chain passed because their append rolled back, and the hand-overs of the
/// signing key (each statement stored as the exact text both keys signed).
/// </summary>
public static class AuditSchema
{
    public const string Chain = "audit_chain";
    public const string Checkpoints = "audit_checkpoints";
    public const string Gaps = "audit_gaps";
    public const string KeyRotations = "audit_key_rotations";
    public const string KeyRevocations = "audit_key_revocations";

    public static IEnumerable<Table> Tables(string schema)
    {
        var chain = new Table($"{schema}.{Chain}");
        chain.AddColumn<long>("seq").AsPrimaryKey();
        chain.AddColumn<long>("position").NotNull().AddIndex(i => i.IsUnique = true);
        chain.AddColumn<Guid>("event_id").NotNull();
        chain.AddColumn("hash", "bytea").NotNull();
        chain.AddColumn("prev_hash", "bytea").NotNull();
        chain.AddColumn("chained_at", "timestamptz").NotNull();

        var checkpoints = new Table($"{schema}.{Checkpoints}");
        checkpoints.AddColumn<long>("seq").AsPrimaryKey();
        checkpoints.AddColumn<long>("size").NotNull();
        checkpoints.AddColumn("root", "bytea").NotNull();
        checkpoints.AddColumn("head", "bytea").NotNull();
        checkpoints.AddColumn<string>("signed_at").NotNull();
        checkpoints.AddColumn<string>("key_id").NotNull();
        checkpoints.AddColumn("public_key", "bytea").NotNull();
        checkpoints.AddColumn("signature", "bytea").NotNull();
        checkpoints.AddColumn("frontier", "bytea[]").NotNull();
        // The log's name (format 2 statements) and the Ed25519 signature of the C2SP checkpoint note; null on older rows.
        checkpoints.AddColumn<string>("origin");
        checkpoints.AddColumn("note_signature", "bytea");

        var gaps = new Table($"{schema}.{Gaps}");
        gaps.AddColumn<long>("seq").AsPrimaryKey();
        gaps.AddColumn("passed_at", "timestamptz").NotNull();

        var rotations = new Table($"{schema}.{KeyRotations}");
        rotations.AddColumn<long>("position").AsPrimaryKey();
        rotations.AddColumn<string>("statement").NotNull();
        rotations.AddColumn("old_signature", "bytea").NotNull();
        rotations.AddColumn("new_signature", "bytea").NotNull();

        var revocations = new Table($"{schema}.{KeyRevocations}");
        revocations.AddColumn<long>("position").AsPrimaryKey();
        revocations.AddColumn<string>("statement").NotNull();
        revocations.AddColumn("signed_by", "bytea").NotNull();
        revocations.AddColumn("signature", "bytea").NotNull();

        return [chain, checkpoints, gaps, rotations, revocations];
    }

    /// <summary>Key of the advisory locks that make the chain writer and the checkpointer single writers across processes.</summary>
    public static long LockKey(string schema, string purpose) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{schema}.{purpose}")), 0);
}
