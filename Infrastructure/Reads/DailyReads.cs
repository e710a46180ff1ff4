using Ledger.Domain.Payments;
using Ledger.Infrastructure.Journal;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Reads;

/// <summary>One day's money movements of one kind (payment, top_up, payout, refund) in one currency.</summary>
public sealed record DailyTotal(DateOnly Day, string Currency, string Kind, long AmountMinor, long Entries);

/// <summary>How many payments were declined for one reason in a period, and whether the count stopped at the cap.</summary>
public sealed record DeclineCount(DeclineReason Reason, long Count);

public sealed record DeclinesByReason(IReadOnlyList<DeclineCount> Reasons, bool Capped);

/// <summary>
/// The finance charts' numbers for a window of days (UTC): totals per day and kind from the journal, declines per reason
/// from the payment snapshots. Both read only the window, through indexes on its time (journal_entries.posted_at,
/// the payments' decidedAt), so a chart costs what its days hold, not what the ledger holds.
/// </summary>
public sealed class DailyReads(NpgsqlDataSource dataSource, JournalReads.Options options, IDocumentStore store)
{
    public const int MaxDays = 92;
    // A window with more declines than this is counted up to it (and says so): the chart is a picture, the events are the record.
    public const int MaxDeclinesCounted = 100_000;

    public async Task<IReadOnlyList<DailyTotal>> TotalsAsync(DateOnly from, int days, CancellationToken ct)
    {
        var (start, end) = Window(from, days);
        // Every entry is a transfer: its positive posting is the amount moved.
        await using var cmd = dataSource.CreateCommand(
            $"""
            select (e.posted_at at time zone 'UTC')::date, p.currency, e.kind, sum(p.amount_minor)::bigint, count(*)
            from {options.Schema}.{JournalSchema.Entries} e
            join {options.Schema}.{JournalSchema.Postings} p on p.entry_id = e.entry_id and p.amount_minor > 0
            where e.posted_at >= $1 and e.posted_at < $2
            group by 1, 2, 3 order by 1, 2, 3
            """);
        cmd.Parameters.AddWithValue(start);
        cmd.Parameters.AddWithValue(end);
        var totals = new List<DailyTotal>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            totals.Add(new DailyTotal(DateOnly.FromDateTime(reader.GetDateTime(0)), reader.GetString(1).Trim(), reader.GetString(2),
                reader.GetInt64(3), reader.GetInt64(4)));
        return totals;
    }

    public async Task<DeclinesByReason> DeclinesAsync(DateOnly from, int days, CancellationToken ct)
    {
        var (start, end) = Window(from, days);
        await using var session = store.QuerySession();
        var reasons = await session.Query<Payment>()
            .Where(p => p.DecidedAt >= start && p.DecidedAt < end && p.Status == PaymentStatus.Declined)
            .Select(p => new { p.DeclineReason }).Take(MaxDeclinesCounted + 1).ToListAsync(ct);
        var counted = reasons.Take(MaxDeclinesCounted).Select(r => r.DeclineReason).OfType<DeclineReason>()
            .GroupBy(r => r).Select(g => new DeclineCount(g.Key, g.LongCount())).OrderByDescending(c => c.Count).ThenBy(c => c.Reason).ToList();
        return new DeclinesByReason(counted, reasons.Count > MaxDeclinesCounted);
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Window(DateOnly from, int days)
    {
        if (days is < 1 or > MaxDays) throw new ArgumentOutOfRangeException(nameof(days), $"1 to {MaxDays} days.");
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (start, start.AddDays(days));
    }
}
