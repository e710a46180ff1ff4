using Npgsql;

namespace Ledger.Infrastructure.Database;

/// <summary>
/// The last step of a migration, run as the schema owner after Marten has applied its schema: the history guards,
/// then the runtime role's grants (none when the service runs as the owner itself, a single-role install).
/// </summary>
public static class LedgerDatabaseSecurity
{
    public static async Task ApplyAsync(NpgsqlDataSource owner, string schema, string? runtimeRole, CancellationToken ct)
    {
        await using var connection = await owner.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Several migrations may run at once (replicas starting); replacing the same trigger concurrently fails.
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(Audit.AuditSchema.LockKey(schema, "migration"));
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        await using (var check = new NpgsqlCommand(
            $"select pg_get_userbyid(c.relowner) = current_user from pg_class c where c.oid = '{schema}.mt_events'::regclass", connection, tx))
            if (await check.ExecuteScalarAsync(ct) is not true)
                throw new InvalidOperationException($"Migrations must run as the owner of {schema}.mt_events (ConnectionStrings:LedgerOwner).");
        var sql = HistoryGuards.Sql(schema);
        if (runtimeRole is not null && runtimeRole != connection.UserName) sql += RuntimeGrants.Sql(schema, runtimeRole);
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
