using JasperFx.Events;
using Ledger.Domain.Accounting;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// Writes each money movement's journal entry and moves account balances, inline, in the same
/// transaction as the events. Balances change by atomic increments, so concurrent payments to one
/// merchant never lose an update, and a hot account costs a row lock, not a retry. Under group commit the balance rows
/// move once per batch instead (<see cref="BalanceDeltas"/>). A shared account's balance is spread over rows
/// (<see cref="BalanceSlots"/>), so one busy merchant does not make every payment to it wait on one row.
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

    /// <summary>
    /// The entry, its postings and (unless deferred) the balances it moves, in one statement: a payment's journal costs one
    /// statement, not five. Balance rows are locked in account order, so two entries never lock each other's in reverse.
    /// </summary>
    private void Write(IDocumentOperations operations, JournalEntry entry, IEvent source)
    {
        var accounts = entry.Postings.Select(p => p.Account.Code).ToArray();
        var currencies = entry.Postings.Select(p => p.Amount.Currency.Code).ToArray();
        var amounts = entry.Postings.Select(p => p.Amount.Minor).ToArray();
        var slots = entry.Postings.Select(p => BalanceSlots.For(p.Account, entry.EntryId)).ToArray();
        var posted =
            $"with entry as (insert into {schema}.{JournalSchema.Entries} (entry_id, kind, posted_at, stream_id, event_id) values (?, ?, ?, ?, ?)), " +
            $"moved as (select * from unnest(?::text[], ?::text[], ?::bigint[], ?::smallint[]) with ordinality as p(account, currency, amount, slot, line)) ";
        // Under group commit the writer applies the batch's totals at its end, in account order (BalanceDeltas).
        if (BalanceDeltas.Current is { } deferred)
        {
            for (var i = 0; i < entry.Postings.Count; i++) deferred.Add(accounts[i], currencies[i], slots[i], amounts[i]);
            operations.QueueSqlCommand(posted +
                $"insert into {schema}.{JournalSchema.Postings} (entry_id, line, account, currency, amount_minor) " +
                "select ?, (line - 1)::int, account, currency, amount from moved",
                entry.EntryId, entry.Kind, entry.PostedAt, source.StreamId, source.Id, accounts, currencies, amounts, slots, entry.EntryId);
            return;
        }
        operations.QueueSqlCommand(posted +
            $", written as (insert into {schema}.{JournalSchema.Postings} (entry_id, line, account, currency, amount_minor) " +
            "select ?, (line - 1)::int, account, currency, amount from moved) " +
            $"insert into {schema}.{JournalSchema.Balances} as b (account, currency, slot, balance_minor, postings) " +
            "select account, currency, slot, sum(amount), count(*) from moved group by account, currency, slot " +
            "order by account collate \"C\", currency collate \"C\", slot " +
            "on conflict (account, currency, slot) do update set balance_minor = b.balance_minor + excluded.balance_minor, postings = b.postings + excluded.postings",
            entry.EntryId, entry.Kind, entry.PostedAt, source.StreamId, source.Id, accounts, currencies, amounts, slots, entry.EntryId);
    }
}
