using Ledger.Domain.Accounting;
using Ledger.Infrastructure.EventStore;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// Rebuilds the journal and every account balance from the event log, in one transaction: readers
/// see the old journal or the new one, never half of it, and inline writers wait on the table lock
/// instead of writing into a journal that is being replaced.
/// </summary>
public sealed class JournalRebuilder(IDocumentStore store, NpgsqlDataSource dataSource, string schema)
{
    private const int PageSize = 5_000;

    private static readonly string[] MoneyEventNames = EventTypeNames.All
        .Where(pair => pair.Key.Name is "WalletToppedUp" or "WalletPaidOut" or "PaymentAuthorized" or "PaymentRefunded")
        .Select(pair => pair.Value).ToArray();

    /// <returns>The number of events replayed.</returns>
    public async Task<long> RebuildAsync(IProgress<long>? progress, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var truncate = new NpgsqlCommand(
            $"truncate {schema}.{JournalSchema.Balances}, {schema}.{JournalSchema.Postings}, {schema}.{JournalSchema.Entries}", connection, tx))
            await truncate.ExecuteNonQueryAsync(ct);

        var balances = new Dictionary<(string Account, string Currency, short Slot), (long Minor, long Count)>();
        await using var query = store.QuerySession();
        long after = 0, replayed = 0;
        while (true)
        {
            var page = await query.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.EventTypeName.IsOneOf(MoneyEventNames))
                .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;

            var built = page
                .Select(e => (Event: e, Entry: Domain.Accounting.Journal.EntryFor(e.Data)))
                .Where(x => x.Entry is not null).ToList();

            // One COPY at a time per connection: entries first, then their postings (foreign key order).
            await using (var entries = await connection.BeginBinaryImportAsync(
                $"copy {schema}.{JournalSchema.Entries} (entry_id, kind, posted_at, stream_id, event_id) from stdin (format binary)", ct))
            {
                foreach (var (e, entry) in built)
                    await entries.WriteRowAsync(ct, entry!.EntryId, entry.Kind, entry.PostedAt, e.StreamId, e.Id);
                await entries.CompleteAsync(ct);
            }
            await using (var postings = await connection.BeginBinaryImportAsync(
                $"copy {schema}.{JournalSchema.Postings} (entry_id, line, account, currency, amount_minor) from stdin (format binary)", ct))
            {
                foreach (var (_, entry) in built)
                    for (var line = 0; line < entry!.Postings.Count; line++)
                    {
                        var p = entry.Postings[line];
                        await postings.WriteRowAsync(ct, entry.EntryId, line, p.Account.Code, p.Amount.Currency.Code, p.Amount.Minor);
                        var key = (p.Account.Code, p.Amount.Currency.Code, BalanceSlots.For(p.Account, entry.EntryId));
                        var (minor, count) = balances.GetValueOrDefault(key);
                        balances[key] = (checked(minor + p.Amount.Minor), count + 1);
                    }
                await postings.CompleteAsync(ct);
            }
            after = page[^1].Sequence;
            replayed += page.Count;
            progress?.Report(replayed);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"copy {schema}.{JournalSchema.Balances} (account, currency, slot, balance_minor, postings) from stdin (format binary)", ct))
        {
            foreach (var ((account, currency, slot), (minor, count)) in balances)
                await copy.WriteRowAsync(ct, account, currency, slot, minor, count);
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return replayed;
    }
}
