using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Small helpers for the audit code's plain SQL (positional parameters).</summary>
internal static class Sql
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        // No command timeout: audit work runs in the background or from the CLI over the whole log (a
        // verification's first row can take minutes on millions of events); cancellation stops it.
        var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        return cmd;
    }
}
