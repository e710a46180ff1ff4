using Npgsql;

namespace Ledger.Bench;

/// <summary>
/// What the server did for a side, counted by the server: statements (pg_stat_statements, every statement a client sent,
/// BEGIN and COMMIT included) and committed transactions (pg_stat_database), in one database. Needs the superuser (to reset
/// pg_stat_statements) and the library preloaded, which scripts/setup.sh configures; without them the counts are not known.
/// </summary>
internal sealed class ServerCounters(string admin)
{
    // Backends publish their transaction counts when idle, at most a second late (PostgreSQL 15's shared statistics).
    private static readonly TimeSpan StatsDelay = TimeSpan.FromSeconds(2.5);

    public static async Task<ServerCounters?> TryOpenAsync(string? admin, string database)
    {
        if (admin is null) return null;
        try
        {
            var top = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_BENCH_STATEMENTS"), out var n) ? n : 0;
            var counters = new ServerCounters(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString) { Top = top };
            await counters.ExecuteAsync("create extension if not exists pg_stat_statements");
            await counters.ExecuteAsync("select count(*) from pg_stat_statements");
            return counters;
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"statements per transaction: not counted in {database} ({e.MessageText}; scripts/setup.sh preloads pg_stat_statements)");
            return null;
        }
    }

    /// <summary>Counts the work of <paramref name="round"/>: statements and commits its clients caused in this database.</summary>
    public async Task<(T Result, long Statements, long Commits)> CountAsync<T>(Func<Task<T>> round)
    {
        var statementsBefore = Top > 0 ? await StatementsAsync() : null;
        var before = await SnapshotAsync();
        var result = await round();
        await Task.Delay(StatsDelay);
        var after = await SnapshotAsync();
        if (statementsBefore is not null)
        {
            var statementsAfter = await StatementsAsync();
            Breakdown = statementsAfter
                .Select(s => (s.Key, Calls: s.Value.Calls - statementsBefore.GetValueOrDefault(s.Key).Calls,
                    Ms: s.Value.Ms - statementsBefore.GetValueOrDefault(s.Key).Ms))
                .Where(s => s.Calls > 0).OrderByDescending(s => s.Calls).ThenByDescending(s => s.Ms).Take(Top).ToList();
        }
        // The first snapshot's own query is counted in the difference (a statement and its commit); the second's is not.
        return (result, after.Statements - before.Statements - 1, after.Commits - before.Commits - 1);
    }

    /// <summary>How many of the statements in a breakdown (LEDGER_BENCH_STATEMENTS=N: the N most called in a round).</summary>
    public int Top { get; init; }

    /// <summary>
    /// The last counted round's most called statements (normalised text, calls, milliseconds the server spent executing
    /// them), when <see cref="Top"/> is set.
    /// </summary>
    public IReadOnlyList<(string Statement, long Calls, double Ms)> Breakdown { get; private set; } = [];

    private async Task<Dictionary<string, (long Calls, double Ms)>> StatementsAsync()
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select left(regexp_replace(query, '\s+', ' ', 'g'), 110), sum(calls)::bigint, sum(total_exec_time) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) group by 1
            """, conn);
        await using var reader = await command.ExecuteReaderAsync();
        var calls = new Dictionary<string, (long, double)>();
        while (await reader.ReadAsync()) calls[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDouble(2));
        return calls;
    }

    private async Task<(long Statements, long Commits)> SnapshotAsync()
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select coalesce(sum(calls), 0)::bigint from pg_stat_statements where dbid = d.oid),
                   (select xact_commit from pg_stat_database where datid = d.oid)
            from pg_database d where d.datname = current_database()
            """, conn);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
