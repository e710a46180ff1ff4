using Npgsql;

namespace Ledger.Bench;

/// <summary>Creates (or recreates) a database on the local server for one side of the comparison.</summary>
internal static class BenchDatabase
{
    public static async Task<string> RecreateAsync(string server, string name)
    {
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", conn);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }
}
