using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>
/// The one projection rebuild at a time across every process on the database (the console's of any service instance and
/// the CLI's): a session advisory lock held by the connection the rebuild works on, which also holds its temporary copies
/// of the live views. Two rebuilds would truncate each other's views. The lock ends with the connection, so a process
/// that dies mid-rebuild frees it.
/// </summary>
public sealed class RebuildLock : IAsyncDisposable
{
    private readonly long _key;

    private RebuildLock(NpgsqlConnection connection, long key) => (Connection, _key) = (connection, key);

    /// <summary>The connection holding the lock; the rebuild's temporary tables live in its session.</summary>
    public NpgsqlConnection Connection { get; }

    public static long Key(string schema) => AuditSchema.LockKey(schema, "projection-rebuild");

    /// <summary>The lock, or null at once when another session holds it (never waits).</summary>
    public static async Task<RebuildLock?> TryTakeAsync(NpgsqlDataSource dataSource, AuditStoreSchema schema, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var key = Key(schema.Name);
            if (await Sql.ScalarAsync<bool>(connection, "select pg_try_advisory_lock($1)", ct, key)) return new RebuildLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Connection.State == System.Data.ConnectionState.Open)
                await Sql.ExecuteAsync(Connection, "select pg_advisory_unlock($1)", CancellationToken.None, _key);
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
