using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Infrastructure.EventStore.GroupCommit.SetBased;
using Ledger.Infrastructure.Reads;
using Marten;

using static Ledger.Integration.Tests.GroupCommit.SetBasedWriteTests;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>
/// Every payment rewrites its wallet's snapshot. Marten keeps the wallet's phone and name in columns of their own
/// (MartenSetup), so no index covers <c>data</c> and the rewrite can be a HOT update, adding no index entries. The
/// set-based write puts snapshots in without Marten: it must keep those columns as Marten's upsert does, or a search by
/// phone or name would miss a wallet or find it under an old name.
/// </summary>
public sealed class SnapshotColumnsTests
{
    [Fact]
    public async Task The_set_based_write_knows_every_column_Marten_keeps_beside_a_snapshot_it_writes()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        foreach (var kind in SetBasedStreams.WritableKinds)
        {
            var table = kind.Table("ledger").Split('.')[1];
            var columns = await ledger.RowsAsync("select column_name from information_schema.columns where table_schema = 'ledger' " +
                $"and table_name = '{table}' and column_name not in ('id', 'data') and column_name not like 'mt\\_%' order by 1");
            Assert.Equal(kind.Duplicated.Select(c => c.Name).Order(StringComparer.Ordinal), columns);
        }
    }

    [Fact]
    public async Task No_index_of_a_wallet_snapshot_covers_its_data_so_a_payment_can_rewrite_it_without_new_index_entries()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        Assert.Equal(["mt_doc_wallet_idx_customer_name", "mt_doc_wallet_idx_phone_number", "pkey_mt_doc_wallet_id"],
            await ledger.RowsAsync("select indexrelid::regclass::text from pg_index where indrelid = 'ledger.mt_doc_wallet'::regclass order by 1"));
        Assert.Empty(await WalletIndexesOverDataAsync(ledger));
    }

    [Fact]
    public async Task A_database_from_before_the_columns_is_migrated_to_them_filled_from_each_wallet_snapshot()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var wallet = await ledger.OpenWalletAsync();
        // The schema as the build before left it: the phone and name indexed as expressions over data, no columns.
        await ledger.RowsAsync("drop index ledger.mt_doc_wallet_idx_phone_number; drop index ledger.mt_doc_wallet_idx_customer_name; " +
            "alter table ledger.mt_doc_wallet drop column phone_number, drop column customer_name; " +
            "create index mt_doc_wallet_idx_phone_number on ledger.mt_doc_wallet ((data ->> 'phoneNumber')); " +
            "create index mt_doc_wallet_idx_customer_name on ledger.mt_doc_wallet (lower(data ->> 'customerName') collate \"C\")");

        await ledger.Get<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal([$"{wallet} | +4915112345678 | Ada Lovelace"],
            await ledger.RowsAsync("select id, phone_number, customer_name from ledger.mt_doc_wallet"));
        Assert.Empty(await WalletIndexesOverDataAsync(ledger));
        var search = new SubjectSearch(ledger.Get<IDocumentStore>());
        Assert.Equal([wallet], (await search.FindAsync("+4915112345678", 10, default)).Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_wallet_opened_and_paid_from_in_set_based_batches_is_found_by_its_phone_and_name()
    {
        await using var ledger = await SetBasedLedger.StartAsync(setBased: true);
        var (_, terminal) = await OnboardAsync(ledger);
        var wallet = await FundedWalletAsync(ledger, 100);
        var payments = ledger.Get<PaymentUseCases>();
        foreach (var key in new[] { "one", "two" })
            Assert.Equal(PaymentStatus.Authorized, (await PayAsync(payments, key, wallet, terminal, 10)).Outcome.Status);

        // Opened (the stream's first snapshot, inserted), face pay, top-up and two payments (upserts): all set-based.
        Assert.Equal((5L, 0L), ledger.Store.SetBased);
        Assert.Equal(["+4915112345678 | Ada Lovelace | 5"], await ledger.RowsAsync(
            $"select phone_number, customer_name, mt_version from ledger.mt_doc_wallet where id = '{wallet}' " +
            "and phone_number = data ->> 'phoneNumber' and customer_name = data ->> 'customerName'"));
        var search = new SubjectSearch(ledger.Get<IDocumentStore>());
        Assert.Equal([wallet], (await search.FindAsync("+49 151 1234 5678", 10, default)).Hits.Select(h => h.Id));
        Assert.Equal([wallet], (await search.FindAsync("ada lov", 10, default)).Hits.Select(h => h.Id));
    }

    private static Task<List<string>> WalletIndexesOverDataAsync(SetBasedLedger ledger) => ledger.RowsAsync(
        "select indexrelid::regclass::text from pg_index where indrelid = 'ledger.mt_doc_wallet'::regclass and pg_get_indexdef(indexrelid) like '%data%'");
}
