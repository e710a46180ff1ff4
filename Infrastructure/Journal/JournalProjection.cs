using JasperFx.Events;
using Ledger.Domain.Accounting;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// Writes each money movement's journal entry and moves account balances, inline, in the same
/// transaction as the events. Balances change by atomic increments, so concurrent payments to one
/// merchant never lose an update, and a hot account costs a row lock, not a retry.
/// </summary>
public sealed class JournalProjection(string schema) : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
            if (Domain.Accounting.Journal.EntryFor(e.Data) is { } entry)
                Write(operations, entry, e);
        return Task.CompletedTask;
    }

    private void Write(IDocumentOperations operations, JournalEntry entry, IEvent source)
    {
        operations.QueueSqlCommand(
            $"insert into {schema}.{JournalSchema.Entries} (entry_id, kind, posted_at, stream_id, event_id) values (?, ?, ?, ?, ?)",
            entry.EntryId, entry.Kind, entry.PostedAt, source.StreamId, source.Id);
        for (var line = 0; line < entry.Postings.Count; line++)
        {
            var posting = entry.Postings[line];
            operations.QueueSqlCommand(
                $"insert into {schema}.{JournalSchema.Postings} (entry_id, line, account, currency, amount_minor) values (?, ?, ?, ?, ?)",
                entry.EntryId, line, posting.Account.Code, posting.Amount.Currency.Code, posting.Amount.Minor);
            operations.QueueSqlCommand(
                $"insert into {schema}.{JournalSchema.Balances} as b (account, currency, balance_minor, postings) values (?, ?, ?, 1) " +
                "on conflict (account, currency) do update set balance_minor = b.balance_minor + excluded.balance_minor, postings = b.postings + 1",
                posting.Account.Code, posting.Amount.Currency.Code, posting.Amount.Minor);
        }
    }
}
