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
/// written the read is refused, so there is no unrecorded audit read. Append-only for everyone but the schema owner
/// (Database.HistoryGuards, installed by the migration).
/// </summary>
public sealed class AuditReadLog(NpgsqlDataSource dataSource, string schema)
{
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
