using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Journal;
using Ledger.Infrastructure.Projections;
using Ledger.Integration.Tests.Support;
using Marten;
using Npgsql;

namespace Ledger.Integration.Tests.Journal;

[Collection(LedgerCollection.Name)]
public sealed class RebuildTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Rebuilding_balances_and_journal_from_the_events_gives_exactly_the_live_views()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(300));
        for (var i = 1; i <= 5; i++)
        {
            var ctx = LedgerFixture.Context();
            var payment = (await fixture.Payments.AuthorizeAsync(
                new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(7.25m * i), ctx.Now), ctx, default)).Outcome;
            if (i % 2 == 0)
            {
                var rctx = LedgerFixture.Context();
                await fixture.Payments.RefundAsync(new RefundPayment(payment.Id, rctx.IdFor("refund"), LedgerFixture.Eur(1.1m), "return", rctx.Now), rctx, default);
            }
        }

        var liveJournal = await DumpAsync("select entry_id, kind, posted_at, stream_id, event_id from ledger.journal_entries order by entry_id");
        var livePostings = await DumpAsync("select entry_id, line, account, currency, amount_minor from ledger.journal_postings order by entry_id, line");
        var liveBalances = await DumpAsync("select account, currency, slot, balance_minor, postings from ledger.account_balances order by account, currency, slot");
        var liveWallets = await DumpAsync("select id, data::text from ledger.mt_doc_wallet order by id");

        var replayed = await new JournalRebuilder(fixture.Store, fixture.DataSource, MartenSetup.DefaultSchema).RebuildAsync(null, default);
        using (var daemon = await fixture.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<Wallet>(default);

        Assert.True(replayed > 0);
        Assert.Equal(liveJournal, await DumpAsync("select entry_id, kind, posted_at, stream_id, event_id from ledger.journal_entries order by entry_id"));
        Assert.Equal(livePostings, await DumpAsync("select entry_id, line, account, currency, amount_minor from ledger.journal_postings order by entry_id, line"));
        Assert.Equal(liveBalances, await DumpAsync("select account, currency, slot, balance_minor, postings from ledger.account_balances order by account, currency, slot"));
        Assert.Equal(liveWallets, await DumpAsync("select id, data::text from ledger.mt_doc_wallet order by id"));
        Assert.Contains(liveBalances, row => row.StartsWith($"wallet:{walletId}|EUR|", StringComparison.Ordinal));
    }

    private async Task<List<string>> DumpAsync(string sql)
    {
        await using var cmd = fixture.DataSource.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }
}
