using Ledger.Infrastructure.Journal;
using Npgsql;

namespace Ledger.Infrastructure.Reads;

public sealed record AccountBalance(string Account, string Currency, long BalanceMinor, long Postings);

public sealed record JournalPostingLine(int Line, string Account, string Currency, long AmountMinor);

public sealed record JournalEntryView(Guid EntryId, string Kind, DateTimeOffset PostedAt, Guid StreamId, Guid EventId,
    IReadOnlyList<JournalPostingLine> Postings);

/// <summary>Per currency: what the wallets and merchants hold against what came in and went out.</summary>
public sealed record TrialBalanceLine(string Currency, long WalletsMinor, long MerchantsMinor, long FundedMinor,
    long PaidOutMinor, long SumOfAllAccountsMinor, long UnbalancedEntries);

/// <summary>Finance reads over the journal tables (plain SQL, strongly consistent with the events).</summary>
public sealed class JournalReads(NpgsqlDataSource dataSource, JournalReads.Options options)
{
    public sealed record Options(string Schema);

    private string T(string table) => $"{options.Schema}.{table}";

    public async Task<IReadOnlyList<AccountBalance>> BalancesAsync(string account, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            // A shared account's balance is the sum of its rows (BalanceSlots).
            $"select account, currency, sum(balance_minor)::bigint, sum(postings)::bigint from {T(JournalSchema.Balances)} " +
            "where account = $1 group by account, currency order by currency");
        cmd.Parameters.AddWithValue(account);
        var result = new List<AccountBalance>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result.Add(new AccountBalance(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        return result;
    }

    /// <summary>Entries in posting order, optionally for one account, after a keyset cursor.</summary>
    public async Task<IReadOnlyList<JournalEntryView>> EntriesAsync(string? account, DateTimeOffset? after, Guid? afterEntry,
        int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            select e.entry_id, e.kind, e.posted_at, e.stream_id, e.event_id,
                   p.line, p.account, p.currency, p.amount_minor
            from (select * from {T(JournalSchema.Entries)} e
                  where ($1::text is null or exists (select 1 from {T(JournalSchema.Postings)} x where x.entry_id = e.entry_id and x.account = $1))
                    and ($2::timestamptz is null or (e.posted_at, e.entry_id) > ($2, coalesce($3, '00000000-0000-0000-0000-000000000000'::uuid)))
                  order by e.posted_at, e.entry_id limit $4) e
            join {T(JournalSchema.Postings)} p on p.entry_id = e.entry_id
            order by e.posted_at, e.entry_id, p.line
            """);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)account ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)after ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)afterEntry ?? DBNull.Value);
        cmd.Parameters.AddWithValue(limit);
        var entries = new List<JournalEntryView>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (entries.Count == 0 || entries[^1].EntryId != id)
                entries.Add(new JournalEntryView(id, reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetGuid(3), reader.GetGuid(4), new List<JournalPostingLine>()));
            ((List<JournalPostingLine>)entries[^1].Postings).Add(
                new JournalPostingLine(reader.GetInt32(5), reader.GetString(6), reader.GetString(7), reader.GetInt64(8)));
        }
        return entries;
    }

    /// <summary>
    /// The conservation check: per currency, wallets + merchants = funded − paid out, all accounts sum
    /// to zero, and no entry is unbalanced.
    /// </summary>
    public async Task<IReadOnlyList<TrialBalanceLine>> TrialBalanceAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            with b as (select currency, account, balance_minor from {T(JournalSchema.Balances)}),
                 unbalanced as (select currency, count(*) n from (select entry_id, currency from {T(JournalSchema.Postings)}
                                group by entry_id, currency having sum(amount_minor) <> 0) u group by currency)
            select b.currency,
                   coalesce(sum(balance_minor) filter (where account like 'wallet:%'), 0)::bigint,
                   coalesce(sum(balance_minor) filter (where account like 'merchant:%'), 0)::bigint,
                   coalesce(-sum(balance_minor) filter (where account = 'external:funding'), 0)::bigint,
                   coalesce(sum(balance_minor) filter (where account = 'external:payout'), 0)::bigint,
                   sum(balance_minor)::bigint,
                   coalesce(max(u.n), 0)::bigint
            from b left join unbalanced u on u.currency = b.currency
            group by b.currency order by b.currency
            """);
        var lines = new List<TrialBalanceLine>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(new TrialBalanceLine(reader.GetString(0).Trim(), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        return lines;
    }
}
