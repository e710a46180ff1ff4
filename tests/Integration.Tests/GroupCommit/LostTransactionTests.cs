using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Resilience;
using Ledger.Integration.Tests.Support;
using Marten;
using static Ledger.Integration.Tests.GroupCommit.SetBasedLedger;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// The writer's connection dies in the middle of a shared transaction. Every caller of it must be told to retry (a
/// transient store error: 503 over HTTP, and the idempotency record makes the retry land once), never a fault that reads
/// as the service's bug (500); the commands queued behind it go into the next transaction.
/// </summary>
public sealed class LostTransactionTests
{
    [Fact]
    public async Task A_connection_killed_inside_a_shared_transaction_tells_its_callers_to_retry_and_the_command_queued_behind_pays_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var wallets = ledger.Get<WalletUseCases>();
        var wallet = await ledger.OpenWalletAsync();

        // The writer's transaction holds a command run the Marten way, which has read in it; a top-up queues behind it for
        // a set-based batch.
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var gate = ledger.Store.RunAsync(LedgerFixture.Context(), null, async (session, ct) =>
        {
            await session.ReadAsync<Wallet>(wallet, ct);
            running.SetResult();
            await release.Task;
            return 0;
        }, default);
        await running.Task;
        var topUp = Task.Run(() => TopUpAsync(wallets, wallet, 10));
        await Until(() => ledger.Store.Waiting == 1);
        // Its server process is ended, as a failover or a cut link ends it: the commit finds the connection gone.
        List<string> ended;
        try
        {
            ended = await ledger.RowsAsync(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() " +
                "and state = 'idle in transaction'");
        }
        finally
        {
            release.SetResult();
        }
        Assert.Equal(["True"], ended);

        var error = await Record.ExceptionAsync(() => gate);
        Assert.NotNull(error);
        Assert.True(TransientStoreErrors.IsTransient(error), $"told {error}");
        // The top-up had queued after the lost transaction began: it went into the next one and committed once.
        Assert.False((await topUp).Replayed);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(10), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Fact]
    public async Task A_pooled_connection_that_died_while_idle_fails_a_set_based_batch_as_an_outage_and_the_retry_pays_once()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var wallets = ledger.Get<WalletUseCases>();
        var wallet = await ledger.OpenWalletAsync();
        await TopUpAsync(wallets, wallet, 10);

        // The writer keeps its connection after its commit; its server process (with every other idle one of this database)
        // is ended while it waits for the next batch, so that batch's first round trip (savepoint and reads) meets a dead
        // connection, and so does the rollback to that savepoint.
        Assert.NotEmpty(await ledger.RowsAsync(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() " +
            "and state = 'idle' and backend_type = 'client backend'", ownConnection: true));

        // Told to retry (the command retry policy does, with the same key): the top-up lands once.
        var second = await TopUpAsync(wallets, wallet, 10);
        Assert.False(second.Replayed);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(20), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }

    [Fact]
    public async Task A_writer_keeps_its_connection_from_one_transaction_to_the_next_and_takes_a_new_one_when_it_died()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var wallets = ledger.Get<WalletUseCases>();
        var wallet = await ledger.OpenWalletAsync();
        await TopUpAsync(wallets, wallet, 10);
        var kept = Assert.Single(ledger.Store.WriterProcessIds);
        Assert.NotNull(kept);

        // The next transactions go over the same server process: nothing hands it back to the pool, which would reset it.
        for (var i = 0; i < 3; i++) await TopUpAsync(wallets, wallet, 10);
        Assert.Equal(kept, Assert.Single(ledger.Store.WriterProcessIds));

        // Ended while kept: the next transaction meets it dead, its caller is told to retry, and the retry runs on a new one.
        Assert.Equal(["True"], await ledger.RowsAsync($"select pg_terminate_backend({kept})", ownConnection: true));
        // The signal is sent; the process is gone once the server no longer lists it.
        for (var waited = 0; (await ledger.RowsAsync($"select count(*) from pg_stat_activity where pid = {kept}", ownConnection: true))[0] != "0"; waited++)
        {
            Assert.True(waited < 600, $"server process {kept} still listed after 30 s");
            await Task.Delay(50);
        }
        Assert.False((await TopUpAsync(wallets, wallet, 10)).Replayed);
        var replaced = Assert.Single(ledger.Store.WriterProcessIds);
        Assert.NotNull(replaced);
        Assert.NotEqual(kept, replaced);
        await using var read = ledger.Get<IDocumentStore>().QuerySession();
        Assert.Equal(Eur(50), (await read.LoadAsync<Wallet>(wallet))!.Balance);
    }
}
