using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Access;

/// <summary>
/// Bearer credentials (a SHA-256 of each token, never the token) and the log of auditors' reads.
/// Outside the event stream: a token hash has no place in the immutable record, and a read changes nothing
/// in the ledger, so it is not an event; the issuing and revoking of credentials is (see CredentialStore).
/// </summary>
public static class AccessSchema
{
    public const string Credentials = "access_credentials";
    public const string AuditReads = "audit_reads";

    public static IEnumerable<Table> Tables(string schema)
    {
        var credentials = new Table($"{schema}.{Credentials}");
        credentials.AddColumn<Guid>("credential_id").AsPrimaryKey();
        credentials.AddColumn("token_hash", "bytea").NotNull().AddIndex(i => i.IsUnique = true);
        // Unique for all time, revoked ones included: the actor "operator:{name}" on an event names one credential.
        credentials.AddColumn<string>("name").NotNull().AddIndex(i => i.IsUnique = true);
        credentials.AddColumn<string>("role").NotNull();
        credentials.AddColumn("issued_at", "timestamptz").NotNull();
        credentials.AddColumn<string>("issued_by").NotNull();
        credentials.AddColumn("revoked_at", "timestamptz");
        credentials.AddColumn<string>("revoked_by");
        credentials.AddColumn("expires_at", "timestamptz");

        // Append-only: the application only ever inserts into it (AuditReadLog has no update or delete).
        var reads = new Table($"{schema}.{AuditReads}");
        reads.AddColumn<long>("read_id").AsPrimaryKey().BigAutoIncrement();
        reads.AddColumn("read_at", "timestamptz").NotNull().AddIndex();
        reads.AddColumn<Guid>("credential_id").NotNull();
        reads.AddColumn<string>("reader").NotNull();
        reads.AddColumn<string>("endpoint").NotNull();
        reads.AddColumn<string>("target").NotNull();
        reads.AddColumn("streams", "uuid[]");
        reads.AddColumn("range_from", "timestamptz");
        reads.AddColumn("range_to", "timestamptz");
        reads.AddColumn<string>("request_id").NotNull();

        return [credentials, reads];
    }
}
