using Ledger.Infrastructure.EventStore;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Integration.Tests.Database;

/// <summary>
/// The service's two pools: the main one resets a connection before its next user (Marten, the daemon's and the
/// reports' session advisory locks, the rebuild's temporary tables); the plain one does not, so only code that leaves
/// nothing in the session may use it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ConnectionPoolTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_session_lock_left_on_a_main_pool_connection_is_gone_before_its_next_user_runs_anything()
    {
        await using var pool = LedgerDataSource.Create(fixture.ConnectionString);
        var (samePid, locksSeen) = await LeaveALockAndReuseAsync(pool);

        Assert.True(samePid);
        Assert.Equal(0L, locksSeen);
    }

    [Fact]
    public async Task The_plain_pool_hands_a_connection_on_as_it_was_left_which_is_why_only_stateless_statements_use_it()
    {
        await using var pool = LedgerDataSource.CreatePlain(fixture.ConnectionString);
        var (samePid, locksSeen) = await LeaveALockAndReuseAsync(pool);

        Assert.True(samePid);
        Assert.Equal(1L, locksSeen);
        Assert.True(new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize <= LedgerDataSource.PlainPoolSize);
    }

    private static async Task<(bool SamePid, long LocksSeen)> LeaveALockAndReuseAsync(NpgsqlDataSource pool)
    {
        int pid;
        await using (var first = await pool.OpenConnectionAsync())
        {
            pid = first.ProcessID;
            await using var take = new NpgsqlCommand("select pg_advisory_lock(7429001)", first);
            await take.ExecuteNonQueryAsync();
        }
        await using var next = await pool.OpenConnectionAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from pg_locks where locktype = 'advisory' and objid = 7429001 and pid = pg_backend_pid()", next);
        var seen = (long)(await count.ExecuteScalarAsync())!;
        // Whatever the pool did, the lock must not outlive the test.
        await using var release = new NpgsqlCommand("select pg_advisory_unlock_all()", next);
        await release.ExecuteNonQueryAsync();
        return (next.ProcessID == pid, seen);
    }
}
