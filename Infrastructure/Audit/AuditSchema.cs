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
    /// <summary>
    /// A condition on a row of <c>audit_chain c full join mt_events e</c>: false for the one kind of unchained event below
    /// the chain head that is not an insertion. When an append fails, Marten fills the sequence numbers it drew with
    /// empty <c>tombstone</c> events, written afterwards on a connection of their own, which can land after the chain
    /// writer proved the hole dead and passed it (<see cref="Gaps"/>). Such a row is skipped only when it is exactly
    /// that: type <c>tombstone</c>, data <c>{}</c>, in a passed hole. It carries nothing and nothing reads it (no
    /// projection folds it), so skipping it hides nothing; any other row there is still named an insertion.
    /// </summary>
    public static string NotALateTombstone(string schema) =>
        $"not (c.seq is null and e.type = 'tombstone' and e.data = '{{}}'::jsonb and exists (select 1 from {schema}.{Gaps} g where g.seq = e.seq_id))";

    public static long LockKey(string schema, string purpose) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{schema}.{purpose}")), 0);
}
