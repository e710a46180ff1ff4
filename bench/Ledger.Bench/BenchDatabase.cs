using Npgsql;

namespace Ledger.Bench;

/// <summary>Creates (or recreates) a database on the local server for one side of the comparison, and drops it after.</summary>
internal static class BenchDatabase
{
    public static async Task<string> RecreateAsync(string server, string name)
    {
        await DropAsync(server, name);
        await ExecuteAsync(server, $"create database {name}");
        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public static Task DropAsync(string server, string name) => ExecuteAsync(server, $"drop database if exists {name} with (force)");

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
