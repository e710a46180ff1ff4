using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>A console rebuild's row: who asked, why, what, and where it is (<see cref="BackgroundRunStatus"/>).</summary>
public sealed record RebuildRun(Guid Id, string Selection, string Actor, string Reason, DateTimeOffset RequestedAt, string Status,
    string? Step, long? StepDone, long? StepTotal, DateTimeOffset? FinishedAt, string? Error);

/// <summary>The rows of <see cref="RebuildRunSchema.Runs"/>: read, moved along, and swept when their process is gone.</summary>
public sealed class RebuildRuns(NpgsqlDataSource dataSource, AuditStoreSchema schema)
{
    public const string InterruptedMessage =
        "The service running this rebuild stopped before it finished: the views it was refilling may be incomplete. Rebuild them again.";

    private const string Columns = "rebuild_id, selection, actor, reason, requested_at, status, step, step_done, step_total, finished_at, error";
    private string Table => $"{schema.Name}.{RebuildRunSchema.Runs}";

    /// <summary>For Marten's <c>QueueSqlCommand</c>: the row of a rebuild that has its lock, written with its started event.</summary>
    internal string InsertRunningSql =>
        $"insert into {Table} (rebuild_id, selection, actor, reason, requested_at, status) values (?, ?, ?, ?, ?, '{BackgroundRunStatus.Running}')";

    /// <summary>For Marten's <c>QueueSqlCommand</c>: the row marked done with the finished event.</summary>
    internal string DoneSql =>
        $"update {Table} set status = '{BackgroundRunStatus.Done}', finished_at = ?, step = null, step_done = null, step_total = null where rebuild_id = ?";

    /// <summary>The rebuild, after <see cref="SweepAsync"/>: a row left running by a process that is gone reads as interrupted.</summary>
    public async Task<RebuildRun?> FindAsync(Guid id, CancellationToken ct)
    {
        await SweepAsync(ct);
        return (await ReadAsync($"select {Columns} from {Table} where rebuild_id = $1", ct, id)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<RebuildRun>> RecentAsync(int count, CancellationToken ct)
    {
        await SweepAsync(ct);
        return await ReadAsync($"select {Columns} from {Table} order by requested_at desc limit $1", ct, count);
    }

    /// <summary>The rebuild that holds the lock now, if it was started from the console (the CLI's has no row).</summary>
    public async Task<RebuildRun?> RunningAsync(CancellationToken ct) =>
        (await ReadAsync($"select {Columns} from {Table} where status = '{BackgroundRunStatus.Running}' order by requested_at desc limit 1", ct)).SingleOrDefault();

    public async Task ProgressAsync(Guid id, RebuildStep step, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"update {Table} set step = $2, step_done = $3, step_total = $4 where rebuild_id = $1 and status = '{BackgroundRunStatus.Running}'");
        Add(cmd, id, step.Name, step.Done, step.Total);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A running rebuild ended otherwise than done: failed, or interrupted by the service stopping.</summary>
    public async Task EndAsync(Guid id, string status, string error, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"update {Table} set status = $2, error = $3, finished_at = $4 where rebuild_id = $1 and status = '{BackgroundRunStatus.Running}'");
        Add(cmd, id, status, error, at.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marks interrupted every row still running while nobody holds the rebuild lock: its process died (or was killed)
    /// mid-rebuild. One statement, so a rebuild that takes the lock and writes its row meanwhile is never caught: its row
    /// is either not visible yet or its lock already held.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"update {Table} set status = '{BackgroundRunStatus.Interrupted}', finished_at = now(), error = $1 " +
            $"where status = '{BackgroundRunStatus.Running}' and not {AdvisoryLocks.HeldSql("$2::bigint")}");
        Add(cmd, InterruptedMessage, RebuildLock.Key(schema.Name));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<RebuildRun>> ReadAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        Add(cmd, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var runs = new List<RebuildRun>();
        while (await reader.ReadAsync(ct))
            runs.Add(new RebuildRun(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        return runs;
    }

    private static void Add(NpgsqlCommand cmd, params object[] parameters)
    {
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
    }
}
