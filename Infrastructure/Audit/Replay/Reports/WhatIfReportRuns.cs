using System.Text.Json;
using Ledger.Domain.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Audit.Replay.Reports;

/// <summary>
/// A report a worker has claimed: the connection that holds its advisory lock for as long as it runs (a row running while
/// nobody holds its lock was left by a process that is gone), and what to replay.
/// </summary>
public sealed class WhatIfClaim(NpgsqlConnection connection, long lockKey, Guid id, LimitPolicy policy, DateTimeOffset? from, DateTimeOffset? to)
    : IAsyncDisposable
{
    public NpgsqlConnection Connection { get; } = connection;
    public Guid Id { get; } = id;
    public LimitPolicy Policy { get; } = policy;
    public DateTimeOffset? From { get; } = from;
    public DateTimeOffset? To { get; } = to;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Connection.State == System.Data.ConnectionState.Open)
                await Sql.ExecuteAsync(Connection, "select pg_advisory_unlock($1)", CancellationToken.None, lockKey);
        }
        catch (NpgsqlException)
        {
            // A broken connection has lost the lock with its session already.
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}

/// <summary>The worker's side of <see cref="WhatIfReportSchema"/>: claim the oldest queued report, store its result, sweep the abandoned.</summary>
public sealed class WhatIfReportRuns(NpgsqlDataSource dataSource, AuditStoreSchema schema)
{
    public const string InterruptedMessage = "The service running this report stopped before it was done: send the form again.";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Reports => $"{schema.Name}.{WhatIfReportSchema.Reports}";
    private string Changes => $"{schema.Name}.{WhatIfReportSchema.Changes}";

    /// <summary>
    /// The oldest queued report, now running under this worker's lock; null when none waits. Queued rows are claimed with
    /// <c>for update skip locked</c>, so two workers (in any processes) never take the same one.
    /// </summary>
    public async Task<WhatIfClaim?> ClaimAsync(DateTimeOffset now, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            (Guid Id, string Policy, DateTimeOffset? From, DateTimeOffset? To)? next = null;
            await using (var query = Sql.Command(connection,
                $"select report_id, policy, range_from, range_to from {Reports} where status = '{BackgroundRunStatus.Queued}' " +
                "order by requested_at limit 1 for update skip locked"))
            await using (var reader = await query.ExecuteReaderAsync(ct))
                if (await reader.ReadAsync(ct))
                    next = (reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
            if (next is not { } row)
            {
                await tx.RollbackAsync(ct);
                await connection.DisposeAsync();
                return null;
            }
            var (id, policy, from, to) = row;
            var key = AuditSchema.LockKey(schema.Name, $"what-if:{id}");
            // Session level: held past this transaction, for the whole run, and dropped with the session if the process dies.
            await Sql.ExecuteAsync(connection, "select pg_advisory_lock($1)", ct, key);
            await Sql.ExecuteAsync(connection,
                $"update {Reports} set status = '{BackgroundRunStatus.Running}', started_at = $2, run_lock = $3 where report_id = $1", ct,
                id, now.ToUniversalTime(), key);
            await tx.CommitAsync(ct);
            return new WhatIfClaim(connection, key, id, LimitPolicyFile.Parse(policy), from, to);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task ProgressAsync(Guid id, long eventsRead, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"update {Reports} set events_read = $2 where report_id = $1 and status = '{BackgroundRunStatus.Running}'");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = eventsRead });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The report's changes, totals and days, and its status done, in one transaction: a report is whole or not done.</summary>
    public async Task CompleteAsync(WhatIfClaim claim, WhatIfReport report, long eventsRead, DateTimeOffset now, CancellationToken ct)
    {
        var connection = claim.Connection;
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"copy {Changes} (report_id, decided_at, payment_id, wallet_id, currency, amount_minor, was_authorized, was_reason, " +
            "would_authorize, would_reason) from stdin (format binary)", ct))
        {
            foreach (var c in report.Changes)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(claim.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(c.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(c.PaymentId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(c.WalletId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(c.Amount.Currency.Code, NpgsqlDbType.Char, ct);
                await copy.WriteAsync(c.Amount.Minor, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(c.WasAuthorized, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(copy, c.WasReason?.ToString(), ct);
                await copy.WriteAsync(c.WouldAuthorize, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(copy, c.WouldReason?.ToString(), ct);
            }
            await copy.CompleteAsync(ct);
        }
        var totals = report.Totals.Select(t => new StoredTotals(t.Currency, t.NewlyDeclined, t.NewlyDeclinedAmount.Minor, t.NewlyAuthorized,
            t.NewlyAuthorizedAmount.Minor)).ToList();
        var days = report.Changes.GroupBy(c => c.At.UtcDateTime.ToString("yyyy-MM-dd"))
            .Select(g => new WhatIfDay(g.Key, g.LongCount(c => c.WasAuthorized), g.LongCount(c => !c.WasAuthorized)))
            .OrderBy(d => d.Day, StringComparer.Ordinal).ToList();
        await using var done = Sql.Command(connection,
            $"update {Reports} set status = '{BackgroundRunStatus.Done}', finished_at = $2, events_read = $3, requests = $4, changes = $5, " +
            $"totals = $6, days = $7, error = null where report_id = $1 and status = '{BackgroundRunStatus.Running}'",
            claim.Id, now.ToUniversalTime(), eventsRead, (long)report.Requests, (long)report.Changes.Count);
        done.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(totals, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        done.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(days, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (await done.ExecuteNonQueryAsync(ct) != 1)
            throw new InvalidOperationException($"What-if report {claim.Id} was no longer running when its result was stored.");
        await tx.CommitAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? text, CancellationToken ct) =>
        text is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(text, NpgsqlDbType.Text, ct);

    /// <summary>A running report ended otherwise than done: failed, or interrupted by the service stopping.</summary>
    public async Task EndAsync(Guid id, string status, string error, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecuteAsync(connection,
            $"update {Reports} set status = $2, error = $3, finished_at = $4 where report_id = $1 and status = '{BackgroundRunStatus.Running}'", ct,
            id, status, error, at.ToUniversalTime());
    }

    /// <summary>
    /// Marks interrupted every report still running whose lock nobody holds: its worker's process died. One statement, and
    /// a worker takes the lock before its row says running, so a live run is never caught.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"update {Reports} r set status = '{BackgroundRunStatus.Interrupted}', finished_at = now(), error = $1 " +
            $"where r.status = '{BackgroundRunStatus.Running}' and not {AdvisoryLocks.HeldSql("r.run_lock")}");
        cmd.Parameters.Add(new NpgsqlParameter { Value = InterruptedMessage });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    internal sealed record StoredTotals(string Currency, int NewlyDeclined, long NewlyDeclinedMinor, int NewlyAuthorized, long NewlyAuthorizedMinor);
}
