using Npgsql;

namespace Ledger.Integration.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL database on the local server that scripts/setup.sh starts; dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnection;
    public string Name { get; }
    public string ConnectionString { get; }

    private TestDatabase(string serverConnection, string name)
    {
        _serverConnection = serverConnection;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnection) { Database = name, MaxPoolSize = 60 }.ConnectionString;
    }

    /// <summary>This database as the service's runtime role (least privilege; its grants come with the migration).</summary>
    public string RuntimeConnectionString => RuntimeFor(ConnectionString);

    /// <summary>The same server and database as <paramref name="ownerConnection"/>, as the runtime role of .data/env.</summary>
    public static string RuntimeFor(string ownerConnection)
    {
        var runtime = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("LEDGER_PG_RUNTIME")
                                                        ?? "Username=ledger_app;Password=ledger_app");
        return new NpgsqlConnectionStringBuilder(ownerConnection) { Username = runtime.Username, Password = runtime.Password }.ConnectionString;
    }

    /// <summary>The schema owner's connection to the server (set-up, migrations, throwaway databases).</summary>
    public static string ServerConnection =>
        Environment.GetEnvironmentVariable("LEDGER_PG")
        ?? "Host=127.0.0.1;Port=55432;Username=ledger;Password=ledger;Database=ledger";

    public static Task<TestDatabase> CreateAsync(string prefix) => CreateAsync(prefix, ServerConnection);

    /// <summary>A throwaway database on another server than the shared one (<paramref name="serverConnection"/>, its owner's).</summary>
    public static async Task<TestDatabase> CreateAsync(string prefix, string serverConnection)
    {
        var db = new TestDatabase(serverConnection, $"{prefix}_{Guid.NewGuid():N}"[..40]);
        try
        {
            await using var conn = new NpgsqlConnection(serverConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database {db.Name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL at '{serverConnection}'. Run `bash scripts/test.sh` (or scripts/setup.sh) first.", e);
        }
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_serverConnection);
        await conn.OpenAsync();
        try
        {
            await ExecuteAsync(conn, $"drop database if exists {Name} with (force)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // FORCE refuses to signal a process of no role, an autovacuum worker that picked the new database (seen in CI).
            // A plain DROP makes autovacuum let go and waits for it; our own connections are ended first.
            await ExecuteAsync(conn, "select pg_terminate_backend(pid) from pg_stat_activity " +
                                     $"where datname = '{Name}' and usename = current_user and pid <> pg_backend_pid()");
            await ExecuteAsync(conn, $"drop database if exists {Name}");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
