using Ledger.Domain;
using Ledger.Domain.Accounting;
using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// Group commit as an attacker of its guarantees would try it: a faulty command among others in one transaction, and two
/// service instances writing the same wallets at once.
/// </summary>
[Collection(GroupCommitCollection.Name)]
public sealed class GroupCommitTests(GroupCommitLedgerFixture fixture)
{
    [Fact]
    public async Task A_command_that_fails_inside_a_shared_transaction_is_rolled_back_alone_and_the_others_commit()
    {
        // One writer, so every command below goes through the same queue and transaction.
        await using var services = Instance(writers: 1);
        var store = (GroupCommitStore)services.GetRequiredService<ILedgerStore>();
        var wallets = services.GetRequiredService<WalletUseCases>();
        var walletIds = new List<Guid>();
        for (var i = 0; i < 10; i++) walletIds.Add(await fixture.FundedWalletAsync(LedgerFixture.Eur(10)));
        var before = store.Totals;

        // Hold the writer inside a transaction while the next commands queue up behind it.
        var (gate, release) = await SetBasedLedger.HoldAsync(store);
        var topUps = walletIds.Select(id => Task.Run(async () =>
        {
            var ctx = LedgerFixture.Context();
            return await wallets.HandleAsync(new TopUpWallet(id, ctx.IdFor("top-up"), LedgerFixture.Eur(5), "group", ctx.Now), ctx, default);
        })).ToList();
        var faulty = Task.Run(() => store.RunAsync(LedgerFixture.Context(), null, (session, _) =>
        {
            session.Enlist(new SqlSideWrite(("select 1 / 0", [])));
            return Task.FromResult(0);
        }, default));
        await WaitUntilAsync(() => store.Waiting == 11);
        // The last of the batch holds its transaction open: the top-ups before it have run, and nobody sees them yet.
        var lastRunning = new TaskCompletionSource();
        var lastRelease = new TaskCompletionSource();
        var last = store.RunAsync(LedgerFixture.Context(), null, async (_, _) =>
        {
            lastRunning.SetResult();
            await lastRelease.Task;
            return 0;
        }, default);
        await WaitUntilAsync(() => store.Waiting == 12);
        release.SetResult();
        await gate;
        await lastRunning.Task;
        Assert.Equal(0L, await VisibleTopUpsAsync(walletIds));
        lastRelease.SetResult();
        await last;
        Assert.Equal(10L, await VisibleTopUpsAsync(walletIds));

        await Assert.ThrowsAnyAsync<Exception>(() => faulty);
        var results = await Task.WhenAll(topUps);
        Assert.All(results, r => Assert.Equal(LedgerFixture.Eur(15), r.Outcome.Balance));
        // The gate's transaction, then one for the twelve: the ten top-ups and the last committed together, the faulty one rolled back.
        Assert.Equal((before.Commits + 2, before.Commands + 1 + 10 + 1), store.Totals);
        await using var session = fixture.Store.QuerySession();
        foreach (var id in walletIds)
        {
            Assert.Equal(LedgerFixture.Eur(15), (await session.LoadAsync<Wallet>(id))!.Balance);
            Assert.Equal(2, (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is WalletToppedUp));
        }
    }

    [Fact]
    public async Task Two_service_instances_grouping_commits_on_one_database_keep_balances_exact_and_versions_contiguous()
    {
        await using var other = Instance(writers: GroupCommitLedgerFixture.Writers);
        var instances = new[] { fixture.Payments, other.GetRequiredService<PaymentUseCases>() };
        var (_, terminal) = await fixture.MerchantWithTerminalAsync();
        var limits = new WalletLimits(LedgerFixture.Eur(1_000), LedgerFixture.Eur(100_000), 10_000);
        var wallets = new List<Guid>();
        for (var i = 0; i < 6; i++) wallets.Add(await fixture.FundedWalletAsync(LedgerFixture.Eur(300), limits));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var mine = new List<Payment>();
            for (var i = 0; i < 20; i++)
            {
                var ctx = LedgerFixture.Context();
                var payment = new AuthorizePayment(ctx.IdFor("payment"), wallets[random.Next(wallets.Count)], terminal,
                    new Money(random.Next(100, 2_500), Currency.Of("EUR")), ctx.Now);
                mine.Add((await instances[client % 2].AuthorizeAsync(payment, ctx, default)).Outcome);
            }
            return mine;
        })));

        var payments = results.SelectMany(r => r).ToList();
        Assert.Equal(320, payments.Count);
        Assert.Contains(payments, p => p.Status == PaymentStatus.Authorized);
        Assert.Contains(payments, p => p.Status == PaymentStatus.Declined);
        await using var session = fixture.Store.QuerySession();
        foreach (var id in wallets)
        {
            var events = await session.Events.FetchStreamAsync(id);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
            var authorized = payments.Where(p => p.WalletId == id && p.Status == PaymentStatus.Authorized).ToList();
            Assert.Equal(authorized.Select(p => p.Id).Order(), events.Select(e => e.Data).OfType<WalletDebited>().Select(d => d.PaymentId).Order());
            var expected = LedgerFixture.Eur(300) - authorized.Aggregate(LedgerFixture.Eur(0), (sum, p) => sum + p.Amount);
            Assert.Equal(expected, (await session.LoadAsync<Wallet>(id))!.Balance);
            Assert.False(expected.IsNegative);
        }
    }

    [Fact]
    public async Task Two_writers_paying_the_same_merchants_in_opposite_orders_never_deadlock_on_their_balances()
    {
        // Writer 0 pays merchant A then B, writer 1 pays B then A, each pausing in the middle until the other has paid its
        // first: with balance rows locked as each payment posts, that is a deadlock (one payment rolled back a second later).
        await using var services = Instance(writers: 2);
        var store = (GroupCommitStore)services.GetRequiredService<ILedgerStore>();
        var payments = services.GetRequiredService<PaymentUseCases>();
        var (merchantA, terminalA) = await fixture.MerchantWithTerminalAsync("Deadlock A");
        var (merchantB, terminalB) = await fixture.MerchantWithTerminalAsync("Deadlock B");
        var onWriter = new[] { new List<Guid>(), new List<Guid>() };
        while (onWriter.Any(w => w.Count < 2))
        {
            var wallet = await fixture.FundedWalletAsync(LedgerFixture.Eur(100));
            onWriter[store.WriterOf(wallet)].Add(wallet);
        }
        var balancesBefore = await BalancesAsync(merchantA, merchantB);
        var racesBefore = store.LostRaces;

        // Both writers held in a transaction of their own while the batches queue behind them.
        var release = new TaskCompletionSource();
        var holds = onWriter.Select(w => Gate(store, w[0], async () => await release.Task)).ToList();
        await WaitUntilAsync(() => store.Waiting == 0 && holds.All(h => !h.IsCompleted));
        var firstPaid = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var paid = new List<Task<CommandResult<Payment>>>();
        var waits = new List<Task<int>>();
        for (var writer = 0; writer < 2; writer++)
        {
            var (first, second) = writer == 0 ? (terminalA, terminalB) : (terminalB, terminalA);
            var other = 1 - writer;
            var me = writer;
            paid.Add(Pay(payments, onWriter[writer][0], first));
            await WaitUntilAsync(() => store.Waiting == 3 * me + 1);
            waits.Add(Gate(store, onWriter[writer][0], async () =>
            {
                firstPaid[me].SetResult();
                await firstPaid[other].Task.WaitAsync(TimeSpan.FromSeconds(30));
            }));
            await WaitUntilAsync(() => store.Waiting == 3 * me + 2);
            paid.Add(Pay(payments, onWriter[writer][1], second));
            await WaitUntilAsync(() => store.Waiting == 3 * me + 3);
        }
        release.SetResult();
        await Task.WhenAll(holds);
        await Task.WhenAll(waits);
        var results = await Task.WhenAll(paid);

        Assert.All(results, r => Assert.Equal(PaymentStatus.Authorized, r.Outcome.Status));
        Assert.Equal(racesBefore, store.LostRaces);
        var balancesAfter = await BalancesAsync(merchantA, merchantB);
        // Two payments of 7.00 each way, whatever sign the merchant's side of the books carries.
        Assert.Equal(1_400, Math.Abs(balancesAfter.A - balancesBefore.A));
        Assert.Equal(1_400, Math.Abs(balancesAfter.B - balancesBefore.B));
    }

    private static Task<int> Gate(GroupCommitStore store, Guid partition, Func<Task> hold) =>
        store.RunAsync(LedgerFixture.Context(), new Prefetch().ForWriting<Wallet>(partition), async (_, _) =>
        {
            await hold();
            return 0;
        }, default);

    private static Task<CommandResult<Payment>> Pay(PaymentUseCases payments, Guid wallet, Guid terminal) => Task.Run(() =>
    {
        var ctx = LedgerFixture.Context();
        return payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, LedgerFixture.Eur(7), ctx.Now), ctx, default);
    });

    private async Task<(long A, long B)> BalancesAsync(Guid merchantA, Guid merchantB)
    {
        await using var read = fixture.DataSource.CreateCommand(
            "select coalesce(sum(balance_minor) filter (where account = $1), 0), coalesce(sum(balance_minor) filter (where account = $2), 0) " +
            "from ledger.account_balances");
        read.Parameters.AddWithValue(LedgerAccount.ForMerchant(merchantA).Code);
        read.Parameters.AddWithValue(LedgerAccount.ForMerchant(merchantB).Code);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>A second service instance on the fixture's database, with group commit.</summary>
    private ServiceProvider Instance(int writers)
    {
        var services = new ServiceCollection().AddLogging().AddInfrastructure(fixture.ConnectionString);
        services.Configure<GroupCommitOptions>(o => o.Writers = writers);
        return services.BuildServiceProvider();
    }

    private async Task<long> VisibleTopUpsAsync(List<Guid> wallets)
    {
        await using var count = fixture.DataSource.CreateCommand(
            "select count(*) from ledger.mt_events where stream_id = any($1) and type = 'wallet_topped_up.v1' and data ->> 'fundingReference' = 'group'");
        count.Parameters.AddWithValue(wallets.ToArray());
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the commands did not queue within 30 s");
            await Task.Delay(10);
        }
    }
}
