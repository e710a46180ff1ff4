using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Audit;
using Ledger.Domain.Payments;
using Npgsql;

namespace Ledger.Infrastructure.Audit.Replay.Reports;

/// <summary>
/// The console's side of what-if reports: queue one (idempotent by the form's key, the queue bounded), and read one
/// back, its owner's only: a report is the working paper of the auditor who asked for it.
/// </summary>
public sealed class WhatIfReports(NpgsqlDataSource dataSource, AuditStoreSchema schema, WhatIfReportRuns runs, WhatIfReportOptions options)
{
    private const string Columns = "report_id, requested_by, policy_name, policy, range_from, range_to, requested_at, status, started_at, " +
                                   "finished_at, events_read, requests, changes, totals, days, error";

    private string Reports => $"{schema.Name}.{WhatIfReportSchema.Reports}";

    /// <exception cref="WhatIfKeyReused">the key was sent before with another policy or period.</exception>
    /// <exception cref="WhatIfQueueFull">as many reports as allowed wait to run already.</exception>
    public async Task<WhatIfSubmission> SubmitAsync(WhatIfReportRequest request, CancellationToken ct)
    {
        var policy = LimitPolicyFile.Write(request.Policy);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{policy}\n{request.From:O}\n{request.To:O}")));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Submissions one at a time, so the queue's bound and the key's uniqueness are checked against what is committed.
        await Sql.ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, AuditSchema.LockKey(schema.Name, "what-if-queue"));
        await using (var existing = Sql.Command(connection,
            $"select report_id, request_hash from {Reports} where credential_id = $1 and request_key = $2", request.CredentialId, request.Key))
        await using (var reader = await existing.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct))
                return reader.GetString(1) == hash ? new WhatIfSubmission(reader.GetGuid(0), Repeated: true) : throw new WhatIfKeyReused();
        var waiting = await Sql.ScalarAsync<long>(connection, $"select count(*) from {Reports} where status = '{BackgroundRunStatus.Queued}'", ct);
        if (waiting >= options.QueueLimit) throw new WhatIfQueueFull(options.QueueLimit);
        var id = Guid.NewGuid();
        await Sql.ExecuteAsync(connection,
            $"insert into {Reports} (report_id, credential_id, requested_by, request_key, request_hash, policy_name, policy, range_from, range_to, " +
            $"requested_at, status) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{BackgroundRunStatus.Queued}')", ct,
            id, request.CredentialId, request.RequestedBy, request.Key, hash, request.Policy.Name, policy,
            (object?)request.From?.ToUniversalTime() ?? DBNull.Value, (object?)request.To?.ToUniversalTime() ?? DBNull.Value,
            request.Now.ToUniversalTime());
        await tx.CommitAsync(ct);
        return new WhatIfSubmission(id, Repeated: false);
    }

    /// <summary>The report if <paramref name="credentialId"/> asked for it; null otherwise, as for an unknown id.</summary>
    public async Task<StoredWhatIfReport?> FindAsync(Guid id, Guid credentialId, CancellationToken ct)
    {
        await runs.SweepAsync(ct);
        return (await ReadAsync($"select {Columns} from {Reports} where report_id = $1 and credential_id = $2", ct, id, credentialId)).SingleOrDefault();
    }

    /// <summary>The newest reports <paramref name="credentialId"/> asked for.</summary>
    public async Task<IReadOnlyList<StoredWhatIfReport>> RecentAsync(Guid credentialId, int count, CancellationToken ct)
    {
        await runs.SweepAsync(ct);
        return await ReadAsync($"select {Columns} from {Reports} where credential_id = $1 order by requested_at desc limit $2", ct, credentialId, count);
    }

    /// <summary>The report's changed decisions after the keyset (decision time, payment), in that order.</summary>
    public async Task<IReadOnlyList<WhatIfDecision>> ChangesAsync(Guid id, (DateTimeOffset At, Guid Payment)? after, int count, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = PageCommand(connection,
            "select payment_id, wallet_id, currency, amount_minor, decided_at, was_authorized, was_reason, would_authorize, would_reason " +
            $"from {schema.Name}.{WhatIfReportSchema.Changes} where report_id = $1 and (decided_at, payment_id) > ($2, $3) " +
            "order by decided_at, payment_id limit $4",
            id, (after?.At ?? DateTimeOffset.MinValue.AddYears(1)).ToUniversalTime(), after?.Payment ?? Guid.Empty, count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var changes = new List<WhatIfDecision>();
        while (await reader.ReadAsync(ct))
        {
            var currency = Currency.TryParse(reader.GetString(2), out var c) ? c : throw new InvalidOperationException($"stored currency '{reader.GetString(2)}'");
            changes.Add(new WhatIfDecision(reader.GetGuid(0), reader.GetGuid(1), new Money(reader.GetInt64(3), currency),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5), Reason(reader, 6), reader.GetBoolean(7), Reason(reader, 8)));
        }
        return changes;
    }

    // A page's read keeps Npgsql's command timeout (Sql.Command has none: it is for work over the whole log).
    private static NpgsqlCommand PageCommand(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        return cmd;
    }

    private static DeclineReason? Reason(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : Enum.Parse<DeclineReason>(reader.GetString(column));

    private async Task<List<StoredWhatIfReport>> ReadAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = PageCommand(connection, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var reports = new List<StoredWhatIfReport>();
        while (await reader.ReadAsync(ct))
            reports.Add(new StoredWhatIfReport(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Time(reader, 4), Time(reader, 5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), Time(reader, 8), Time(reader, 9),
                Long(reader, 10), Long(reader, 11), Long(reader, 12), Totals(reader, 13), Days(reader, 14), reader.IsDBNull(15) ? null : reader.GetString(15)));
        return reports;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);

    private static long? Long(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);

    private static IReadOnlyList<WhatIfTotals> Totals(NpgsqlDataReader reader, int column) => reader.IsDBNull(column)
        ? []
        : JsonSerializer.Deserialize<List<WhatIfReportRuns.StoredTotals>>(reader.GetString(column), WhatIfReportRuns.Json)!
            .Select(t => Currency.TryParse(t.Currency, out var c)
                ? new WhatIfTotals(t.Currency, t.NewlyDeclined, new Money(t.NewlyDeclinedMinor, c), t.NewlyAuthorized, new Money(t.NewlyAuthorizedMinor, c))
                : throw new InvalidOperationException($"stored currency '{t.Currency}'"))
            .ToList();

    private static IReadOnlyList<WhatIfDay> Days(NpgsqlDataReader reader, int column) => reader.IsDBNull(column)
        ? []
        : JsonSerializer.Deserialize<List<WhatIfDay>>(reader.GetString(column), WhatIfReportRuns.Json)!;
}
