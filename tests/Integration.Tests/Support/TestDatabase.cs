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

    public static string ServerConnection =>
        Environment.GetEnvironmentVariable("LEDGER_PG")
        ?? "Host=127.0.0.1;Port=55432;Username=ledger;Password=ledger;Database=ledger";

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var db = new TestDatabase(ServerConnection, $"{prefix}_{Guid.NewGuid():N}"[..40]);
        try
        {
            await using var conn = new NpgsqlConnection(ServerConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database {db.Name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL at '{ServerConnection}'. Run `bash scripts/test.sh` (or scripts/setup.sh) first.", e);
        }
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_serverConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists {Name} with (force)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
