using Npgsql;

namespace Ledger.Bench;

/// <summary>Creates (or recreates) a database on the local server for one side of the comparison, and drops it after.</summary>
internal static class BenchDatabase
{
    public static async Task<string> RecreateAsync(string server, string name)
    {
        await DropAsync(server, name);
        await ExecuteAsync(server, $"create database {name}");
        // Idle connections closed within seconds: the sides take turns on one server (max_connections 200), and the
        // pools a side filled at 64 clients must not hold the slots the next side needs.
        return new NpgsqlConnectionStringBuilder(server)
        {
            Database = name, MaxPoolSize = 100, ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    /// <summary>
    /// The pool the API process gets: the bench's database, but idle connections kept long enough that none is closed
    /// and reopened while a round runs (a pool closing connections idle for 2 s under a service's uneven demand opened
    /// about 6 new sessions a second, each a fork, an authentication and cold caches), and let go between sides. At most
    /// 50: the other sides' pools and pgbench's 64 clients share the server's 200 connections.
    /// </summary>
    public static string ForService(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        MaxPoolSize = 50, ConnectionIdleLifetime = 20, ConnectionPruningInterval = 5,
    }.ConnectionString;

    /// <summary>
    /// Drops the database. The bench's role may not end the sessions of the service's role, so a service just stopped
    /// leaves the drop refused until its server processes have seen their sockets close and exited: a few tries, then
    /// the refusal.
    /// </summary>
    public static async Task DropAsync(string server, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"drop database if exists {name} with (force)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }
}
