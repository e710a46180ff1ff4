using Ledger.Domain.Accounting;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Journal;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Journal;

/// <summary>
/// One merchant taking payments from many wallets at once: its balance is spread over rows so the payments do not queue on
/// one, and every read of it is still the exact sum. Each command committing alone, and with group commit.
/// </summary>
public abstract class HotAccountTestsContract(LedgerFixture fixture)
{
    [Fact]
    public async Task Concurrent_payments_to_one_merchant_spread_over_its_balance_rows_and_its_balance_reads_exact()
    {
        var (merchant, terminal) = await fixture.MerchantWithTerminalAsync("Busy Bakery");
        var limits = new WalletLimits(LedgerFixture.Eur(1_000), LedgerFixture.Eur(10_000), 1_000);
        var wallets = new List<Guid>();
        for (var i = 0; i < 12; i++) wallets.Add(await fixture.FundedWalletAsync(LedgerFixture.Eur(500), limits));

        var payments = await Task.WhenAll(Enumerable.Range(0, 48).Select(n => Task.Run(async () =>
        {
            var ctx = LedgerFixture.Context();
            return (await fixture.Payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallets[n % wallets.Count], terminal,
                new Domain.Money(100 + n, Domain.Currency.Of("EUR")), ctx.Now), ctx, default)).Outcome;
        })));

        Assert.All(payments, p => Assert.Equal(PaymentStatus.Authorized, p.Status));
        var account = LedgerAccount.ForMerchant(merchant).Code;
        var rows = await RowsAsync(account);
        // 48 entry ids over 8 slots: more than one row for sure (all in one would be 8^-47), each within the slots.
        Assert.True(rows.Count > 1, $"the merchant's balance sits in {rows.Count} row");
        Assert.All(rows, r => Assert.InRange(r.Slot, 0, BalanceSlots.PerSharedAccount - 1));
        var expected = payments.Sum(p => p.Amount.Minor);
        Assert.Equal(expected, Math.Abs(rows.Sum(r => r.Minor)));
        Assert.Equal(48, rows.Sum(r => r.Postings));
        var read = Assert.Single(await fixture.Journal.BalancesAsync(account, default));
        Assert.Equal((rows.Sum(r => r.Minor), 48L), (read.BalanceMinor, read.Postings));
        // A wallet keeps one row: its payments are decided one at a time anyway.
        foreach (var wallet in wallets) Assert.Single(await RowsAsync(LedgerAccount.ForWallet(wallet).Code));
        foreach (var line in await fixture.Journal.TrialBalanceAsync(default))
        {
            Assert.Equal(0, line.SumOfAllAccountsMinor);
            Assert.Equal(0, line.UnbalancedEntries);
        }
    }

    [Fact]
    public void A_postings_slot_comes_from_its_entry_so_a_rebuild_finds_the_same_row()
    {
        var entries = Enumerable.Range(0, 400).Select(_ => Guid.NewGuid()).ToList();
        var merchant = LedgerAccount.ForMerchant(Guid.NewGuid());
        Assert.Equal(entries.Select(e => BalanceSlots.For(merchant, e)), entries.Select(e => BalanceSlots.For(merchant, e)));
        Assert.Equal(BalanceSlots.PerSharedAccount, entries.Select(e => BalanceSlots.For(LedgerAccount.ExternalFunding, e)).Distinct().Count());
        Assert.All(entries, e => Assert.Equal(0, BalanceSlots.For(LedgerAccount.ForWallet(Guid.NewGuid()), e)));
    }

    private async Task<List<(short Slot, long Minor, long Postings)>> RowsAsync(string account)
    {
        await using var read = fixture.DataSource.CreateCommand(
            "select slot, balance_minor, postings from ledger.account_balances where account = $1 order by slot");
        read.Parameters.AddWithValue(account);
        await using var reader = await read.ExecuteReaderAsync();
        var rows = new List<(short, long, long)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt16(0), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }
}

[Collection(LedgerCollection.Name)]
public sealed class HotAccountTests(LedgerFixture fixture) : HotAccountTestsContract(fixture)
{
    [Fact]
    public async Task A_database_from_before_the_slots_migrates_with_its_balances_in_slot_zero()
    {
        var earlier = new LedgerFixture();
        await earlier.InitializeAsync();
        try
        {
            // The table as it was: one row per account and currency.
            await using (var old = earlier.DataSource.CreateCommand(
                "alter table ledger.account_balances drop constraint pkey_account_balances_account_currency_slot; " +
                "alter table ledger.account_balances drop column slot; " +
                "alter table ledger.account_balances add constraint pkey_account_balances_account_currency primary key (account, currency); " +
                "insert into ledger.account_balances (account, currency, balance_minor, postings) values ('merchant:earlier', 'EUR', 1234, 3)"))
                await old.ExecuteNonQueryAsync();

            await earlier.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            var read = Assert.Single(await earlier.Journal.BalancesAsync("merchant:earlier", default));
            Assert.Equal((1234L, 3L), (read.BalanceMinor, read.Postings));
            await using var key = earlier.DataSource.CreateCommand(
                "select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'ledger.account_balances'::regclass and contype = 'p'");
            Assert.Equal("PRIMARY KEY (account, currency, slot)", await key.ExecuteScalarAsync());
        }
        finally
        {
            await earlier.DisposeAsync();
        }
    }
}

[Collection(GroupCommitCollection.Name)]
public sealed class HotAccountTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : HotAccountTestsContract(fixture);
