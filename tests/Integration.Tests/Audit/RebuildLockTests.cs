using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Rebuild;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// One projection rebuild at a time across every process on a database: the lock is refused to a second taker while
/// held, free again when released; a rebuild row left running by a session that ended is swept to interrupted, one whose
/// lock is held is not.
/// </summary>
public sealed class RebuildLockTests
{
    [Fact]
    public async Task A_second_rebuild_lock_is_refused_while_one_is_held_and_granted_after_it_is_released()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var schema = ledger.Services.GetRequiredService<AuditStoreSchema>();
        var first = await RebuildLock.TryTakeAsync(ledger.DataSource, schema, default);
        Assert.NotNull(first);
        // Another data source stands for another process: its own connections, its own sessions.
        await using var elsewhere = NpgsqlDataSource.Create(ledger.RuntimeConnectionString);
        Assert.Null(await RebuildLock.TryTakeAsync(elsewhere, schema, default));
        Assert.Null(await RebuildLock.TryTakeAsync(ledger.DataSource, schema, default));
        await first.DisposeAsync();
        await using var second = await RebuildLock.TryTakeAsync(elsewhere, schema, default);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task A_rebuild_left_running_by_a_session_that_ended_is_swept_to_interrupted_and_a_held_one_is_not()
    {
        await using var ledger = await AuditedLedger.CreateAsync(asRuntimeRole: true);
        var schema = ledger.Services.GetRequiredService<AuditStoreSchema>();
        var runs = new RebuildRuns(ledger.DataSource, schema);
        var held = (await RebuildLock.TryTakeAsync(ledger.DataSource, schema, default))!;
        var id = Guid.NewGuid();
        await using (var insert = ledger.DataSource.CreateCommand(
            "insert into ledger.projection_rebuilds (rebuild_id, selection, actor, reason, requested_at, status) values ($1, 'wallet', 'operator:tests', 'test', now(), 'running')"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await runs.SweepAsync(default));
        Assert.Equal(BackgroundRunStatus.Running, (await runs.FindAsync(id, default))!.Status);
        Assert.Equal(id, (await runs.RunningAsync(default))!.Id);

        // The process holding it dies: its session ends, the lock with it.
        await using (var kill = ledger.DataSource.CreateCommand("select pg_terminate_backend($1)"))
        {
            kill.Parameters.Add(new NpgsqlParameter { Value = held.Connection.ProcessID });
            await kill.ExecuteNonQueryAsync();
        }
        for (var deadline = DateTime.UtcNow.AddSeconds(30); await runs.SweepAsync(default) == 0; await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline, "the rebuild was not swept within 30 seconds");
        var swept = (await runs.FindAsync(id, default))!;
        Assert.Equal(BackgroundRunStatus.Interrupted, swept.Status);
        Assert.Equal(RebuildRuns.InterruptedMessage, swept.Error);
        await held.DisposeAsync();
        await using var again = await RebuildLock.TryTakeAsync(ledger.DataSource, schema, default);
        Assert.NotNull(again);
    }
}
