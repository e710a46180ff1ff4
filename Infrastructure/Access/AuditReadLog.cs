using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Access;

/// <summary>One read by an auditor: who, through which endpoint, of which streams or period, when. Never what was answered.</summary>
public sealed record AuditRead(
    DateTimeOffset At,
    Guid CredentialId,
    string Reader,
    string Endpoint,
    string Target,
    IReadOnlyList<Guid> Streams,
    DateTimeOffset? RangeFrom,
    DateTimeOffset? RangeTo,
    string RequestId);

/// <summary>
/// The append-only record of auditors' reads. Written before the read is served: when it cannot be
/// written the read is refused, so there is no unrecorded audit read.
/// </summary>
public sealed class AuditReadLog(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>
    /// Makes PostgreSQL refuse updates, deletes and truncation of the log, so no code path of ours can rewrite
    /// who read what. (The table's owner can still drop the trigger: this guards against our mistakes, and the
    /// log's integrity against a database administrator rests on database audit, see docs/ACCESS.md.)
    /// </summary>
    public async Task EnsureAppendOnlyAsync(CancellationToken ct)
    {
        var table = $"{schema}.{AccessSchema.AuditReads}";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Several instances may start at once; replacing the same trigger concurrently fails in PostgreSQL.
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(Audit.AuditSchema.LockKey(schema, AccessSchema.AuditReads));
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = new NpgsqlCommand($"""
            create or replace function {schema}.audit_reads_append_only() returns trigger language plpgsql as $$
            begin
              raise exception '{table} is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
            end $$;
            create or replace trigger audit_reads_no_change before update or delete on {table}
              for each row execute function {schema}.audit_reads_append_only();
            create or replace trigger audit_reads_no_truncate before truncate on {table}
              for each statement execute function {schema}.audit_reads_append_only();
            """, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task RecordAsync(AuditRead read, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"insert into {schema}.{AccessSchema.AuditReads} (read_at, credential_id, reader, endpoint, target, streams, range_from, range_to, request_id) " +
            "values ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.At.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.CredentialId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.Reader });
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.Endpoint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.Target });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = read.Streams.Count == 0 ? DBNull.Value : read.Streams.ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid,
        });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)read.RangeFrom?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)read.RangeTo?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = read.RequestId });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
